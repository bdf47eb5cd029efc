#include "boot/module_placement.hpp"

#include "mm/address.hpp"

namespace hv {

bool place_modules(uint64_t ram_base, uint64_t ram_size, uint64_t kernel_start, uint64_t kernel_end,
                   uint64_t initrd_size, uint64_t dtb_size, ModulePlacement& out)
{
    constexpr uint64_t k2M = 2ull << 20, k128M = 128ull << 20;
    uint64_t modules = align_up(initrd_size, kPageSize) + align_up(dtb_size, kPageSize);
    uint64_t ram_end = ram_base + ram_size;
    uint64_t kernel_top = align_up(kernel_end, k2M);
    uint64_t base;
    if (ram_end >= ram_base + k128M + modules && kernel_top <= ram_base + k128M)
        base = ram_base + k128M;
    else if (align_down(ram_end - modules, k2M) >= kernel_top && ram_end >= modules)
        base = align_down(ram_end - modules, kPageSize);
    else if (kernel_start >= ram_base + modules)
        base = align_down(kernel_start - modules, kPageSize);
    else
        return false;
    if (base < ram_base || base + modules > ram_end) return false;
    out.initrd = base;
    out.dtb = base + align_up(initrd_size, kPageSize);
    return true;
}

} // namespace hv
