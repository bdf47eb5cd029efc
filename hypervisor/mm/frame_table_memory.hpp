#pragma once
// Translation-table pages taken from the frame allocator.
#include "mm/frame_allocator.hpp"
#include "mm/page_table.hpp"

namespace hv {

class FrameTableMemory final : public TableMemory {
public:
    explicit FrameTableMemory(FrameAllocator& frames) : frames_(frames) {}
    std::optional<Pa> alloc_table(unsigned pages) override;
    void free_table(Pa table, unsigned pages) override;
    uint64_t* table(Pa table) override;
    void entry_written(uint64_t* entry) override;

private:
    FrameAllocator& frames_;
};

// The allocator and table memory every part of the hypervisor shares.
FrameAllocator& frame_allocator();
FrameTableMemory& table_memory();

} // namespace hv
