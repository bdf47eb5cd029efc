#include "mm/frame_table_memory.hpp"

#include "arch/cpu.hpp"

namespace hv {

std::optional<Pa> FrameTableMemory::alloc_table(unsigned pages)
{
    auto pa = frames_.alloc(pages, pages);
    if (!pa) return std::nullopt;
    auto* p = static_cast<uint64_t*>(arch::phys_to_virt(pa->value));
    for (uint64_t i = 0; i < pages * kPageSize / 8; ++i) p[i] = 0;
    arch::clean_dcache_range(p, static_cast<uint32_t>(pages * kPageSize));
    return pa;
}

void FrameTableMemory::free_table(Pa table, unsigned pages) { frames_.free(table, pages); }

uint64_t* FrameTableMemory::table(Pa table) { return static_cast<uint64_t*>(arch::phys_to_virt(table.value)); }

void FrameTableMemory::entry_written(uint64_t* entry) { arch::clean_dcache_range(entry, sizeof *entry); }

FrameAllocator& frame_allocator()
{
    static FrameAllocator allocator;
    return allocator;
}

FrameTableMemory& table_memory()
{
    static FrameTableMemory memory(frame_allocator());
    return memory;
}

} // namespace hv
