#pragma once
// A 3-level LPAE translation table, built and edited by generic code: the
// hypervisor's own Hyp-mode table and every guest's stage-2 table. Where the
// table pages come from is the caller's (TableMemory), so the same code runs
// on the host in unit tests. Walks are iterative; nothing recurses.
#include <cstdint>
#include <optional>

#include "lib/status.hpp"
#include "mm/address.hpp"

namespace hv {

enum class MemType : uint8_t { Normal, Device, NonCacheable };

struct Attributes {
    MemType type = MemType::Normal;
    bool write = true;
    bool exec = true;
    uint8_t software = 0; // 4 bits the owner of the table may use (e.g. RAM vs MMIO)
    constexpr bool operator==(const Attributes&) const = default;
};

enum class TableFormat { HypStage1, Stage2 };

// Supplies and frees table pages. alloc_table(n) returns n contiguous zeroed
// pages aligned to n pages (a concatenated stage-2 root needs two).
class TableMemory {
public:
    virtual std::optional<Pa> alloc_table(unsigned pages) = 0;
    virtual void free_table(Pa table, unsigned pages) = 0;
    virtual uint64_t* table(Pa table) = 0;
    // Called after an entry is written, before it is relied on by the walker.
    virtual void entry_written(uint64_t* entry) { (void)entry; }

protected:
    ~TableMemory() = default;
};

struct Translation {
    Pa pa;            // the machine (or output) address of the looked-up byte
    Attributes attrs;
    uint64_t block_size; // size of the block or page that maps it
};

class PageTable {
public:
    // input_bits: size of the translated address space, 32 to 40. Level 1 is
    // always the start level, with 2^(input_bits-30) entries in its root.
    PageTable(TableFormat format, TableMemory& memory, unsigned input_bits);
    PageTable(const PageTable&) = delete;
    PageTable& operator=(const PageTable&) = delete;

    Status init();
    Pa root() const { return root_; }
    // Called between the break and the make when a live block is replaced
    // by a table of the same mappings (break-before-make, which the
    // architecture requires when other CPUs may use the block): the entry
    // is invalid, and the TLB entries of this table must go. Without one,
    // blocks are split in place (a table nothing else uses yet).
    using TlbFlush = void (*)(void* context);
    void set_tlb_flush(TlbFlush flush, void* context)
    {
        tlb_flush_ = flush;
        tlb_flush_context_ = context;
    }
    unsigned root_pages() const { return root_pages_; }

    // Maps [va, va+size) to [pa, pa+size), with the largest blocks alignment
    // allows. Fails with Busy, mapping nothing, if any part is already mapped.
    Status map(uint64_t va, Pa pa, uint64_t size, Attributes attrs);
    // Removes any mapping in [va, va+size), splitting blocks at the edges.
    Status unmap(uint64_t va, uint64_t size);
    std::optional<Translation> lookup(uint64_t va) const;
    // Frees every table page, the root included.
    void destroy();
    // Calls visit(va, translation) for every leaf, in address order.
    template <class F>
    void for_each_leaf(F visit) const;
    // Calls visit(va, translation) for every leaf that ends above `from`, in
    // address order, until it returns false; false if it stopped early.
    template <class F>
    bool visit_leaves(uint64_t from, F visit) const;

    uint64_t encode_leaf(unsigned level, Pa pa, Attributes attrs) const;
    Attributes decode_attributes(uint64_t entry) const;

private:
    uint64_t* entry_for(uint64_t va, unsigned level, bool create, Status& status);
    unsigned root_entries() const { return root_entries_; }
    unsigned index(uint64_t va, unsigned level) const;
    Status split_block(uint64_t* entry, unsigned level);
    bool range_is_free(uint64_t va, uint64_t size) const;

    TableFormat format_;
    TableMemory& memory_;
    unsigned input_bits_;
    unsigned root_entries_;
    unsigned root_pages_;
    Pa root_{};
    TlbFlush tlb_flush_ = nullptr;
    void* tlb_flush_context_ = nullptr;
};

template <class F>
void PageTable::for_each_leaf(F visit) const
{
    visit_leaves(0, [&](uint64_t va, const Translation& t) {
        visit(va, t);
        return true;
    });
}

template <class F>
bool PageTable::visit_leaves(uint64_t from, F visit) const
{
    constexpr uint64_t kSizes[4] = {0, 1ull << 30, 1ull << 21, 1ull << 12};
    const uint64_t* l1 = memory_.table(root_);
    for (unsigned i = unsigned(from / kSizes[1]); i < root_entries_; ++i) {
        uint64_t e1 = l1[i];
        uint64_t va1 = uint64_t(i) * kSizes[1];
        if (!(e1 & 1)) continue;
        if (!(e1 & 2)) {
            if (va1 + kSizes[1] > from && !visit(va1, Translation{Pa(e1 & 0x000000fffffff000ull), decode_attributes(e1), kSizes[1]}))
                return false;
            continue;
        }
        const uint64_t* l2 = memory_.table(Pa(e1 & 0x000000fffffff000ull));
        for (unsigned j = va1 >= from ? 0 : unsigned((from - va1) / kSizes[2]); j < 512; ++j) {
            uint64_t e2 = l2[j];
            uint64_t va2 = va1 + uint64_t(j) * kSizes[2];
            if (!(e2 & 1)) continue;
            if (!(e2 & 2)) {
                if (va2 + kSizes[2] > from && !visit(va2, Translation{Pa(e2 & 0x000000fffffff000ull), decode_attributes(e2), kSizes[2]}))
                    return false;
                continue;
            }
            const uint64_t* l3 = memory_.table(Pa(e2 & 0x000000fffffff000ull));
            for (unsigned k = va2 >= from ? 0 : unsigned((from - va2) / kSizes[3]); k < 512; ++k)
                if ((l3[k] & 3) == 3 &&
                    !visit(va2 + uint64_t(k) * kSizes[3],
                           Translation{Pa(l3[k] & 0x000000fffffff000ull), decode_attributes(l3[k]), kSizes[3]}))
                    return false;
        }
    }
    return true;
}

} // namespace hv
