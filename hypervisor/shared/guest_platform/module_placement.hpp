#pragma once
// guest_platform (see guest_dtb.hpp): where a domU's initrd and device tree
// go in its first RAM bank, as the Xen 4.17 toolstack places them: the
// kernel's segment is rounded up to 2 MiB; the modules (initrd, then DTB,
// each rounded up to 4 KiB) go at RAM base + 128 MiB when they fit there
// above the kernel, else as high as possible at the end of the bank, else
// just below the kernel.
#include <cstdint>

namespace guest_platform {

struct ModulePlacement {
    uint64_t initrd = 0; // valid when initrd_size > 0
    uint64_t dtb = 0;
};

bool place_modules(uint64_t ram_base, uint64_t ram_size, uint64_t kernel_start, uint64_t kernel_end,
                   uint64_t initrd_size, uint64_t dtb_size, ModulePlacement& out);

} // namespace guest_platform
