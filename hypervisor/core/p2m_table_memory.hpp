#pragma once
// The table pages of one domain's p2m, counted against a budget: a guest
// that populates sparse gfns makes the hypervisor allocate a table page per
// 2 MiB region it touches, and without a limit it could turn its quota of
// RAM pages into as many hypervisor pages again (Xen bounds the same thing
// with the p2m pool). The budget grows with the domain's RAM: enough to map
// all of it page by page twice over, plus a fixed allowance for its devices.
// Guarded by the domain's p2m lock, like every p2m edit.
#include "mm/page_table.hpp"

namespace hv {

class P2mTableMemory final : public TableMemory {
public:
    // Root (2 pages), level-2 tables and level-3 tables for devices and
    // a few sparse pages.
    static constexpr uint64_t kBaseBudget = 32;
    static constexpr uint64_t kUnlimited = ~uint64_t(0);

    explicit P2mTableMemory(TableMemory& backing) : backing_(backing) {}

    std::optional<Pa> alloc_table(unsigned pages) override
    {
        if (used_ + pages > budget_) return std::nullopt;
        auto pa = backing_.alloc_table(pages);
        if (pa) used_ += pages;
        return pa;
    }
    void free_table(Pa table, unsigned pages) override
    {
        backing_.free_table(table, pages);
        used_ -= pages;
    }
    uint64_t* table(Pa table) override { return backing_.table(table); }
    void entry_written(uint64_t* entry) override { backing_.entry_written(entry); }

    // The domain may own `ram_pages`: two level-3 tables per 512 of them.
    void set_ram_pages(uint64_t ram_pages)
    {
        if (budget_ != kUnlimited) budget_ = kBaseBudget + 2 * ((ram_pages + 511) / 512);
    }
    // The hardware domain maps every device of the board, however many and
    // however scattered they are: trusted, it is not held to a budget.
    void set_unlimited() { budget_ = kUnlimited; }
    uint64_t used() const { return used_; }
    uint64_t budget() const { return budget_; }

private:
    TableMemory& backing_;
    uint64_t used_ = 0;
    uint64_t budget_ = kBaseBudget;
};

} // namespace hv
