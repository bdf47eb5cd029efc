#include "module_placement.hpp"

namespace guest_platform {
namespace {

constexpr uint64_t k4K = 4096, k2M = 2ull << 20, k128M = 128ull << 20;

// `align` is a power of two.
constexpr uint64_t align_up(uint64_t v, uint64_t align) { return (v + align - 1) & ~(align - 1); }
constexpr uint64_t align_down(uint64_t v, uint64_t align) { return v & ~(align - 1); }

} // namespace

bool place_modules(uint64_t ram_base, uint64_t ram_size, uint64_t kernel_start, uint64_t kernel_end,
                   uint64_t initrd_size, uint64_t dtb_size, ModulePlacement& out)
{
    uint64_t modules = align_up(initrd_size, k4K) + align_up(dtb_size, k4K);
    uint64_t ram_end = ram_base + ram_size;
    uint64_t kernel_top = align_up(kernel_end, k2M);
    uint64_t base;
    if (ram_end >= ram_base + k128M + modules && kernel_top <= ram_base + k128M)
        base = ram_base + k128M;
    else if (align_down(ram_end - modules, k2M) >= kernel_top && ram_end >= modules)
        base = align_down(ram_end - modules, k4K);
    else if (kernel_start >= ram_base + modules)
        base = align_down(kernel_start - modules, k4K);
    else
        return false;
    if (base < ram_base || base + modules > ram_end) return false;
    out.initrd = base;
    out.dtb = base + align_up(initrd_size, k4K);
    return true;
}

} // namespace guest_platform
