#include "mm/frame_table_memory.hpp"

#include "arch/cpu.hpp"

namespace hv {

std::optional<Pa> FrameTableMemory::alloc_table(unsigned pages)
{
    // Zeroed and cleaned to the point of coherency by the allocator: the
    // table walker sees empty entries.
    return frames_.alloc(pages, pages);
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
