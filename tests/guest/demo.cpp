// The demo guest of `make run`: says hello through the hypervisor, shows
// what it learns about it, and powers off.
#include "guest.hpp"


namespace {
struct Demo {
    Demo()
    {
        long v = guest_hypercall(guest::kHypercallXenVersion, 0, 0);
        struct {
            uint32_t idx, map;
        } fi{0, 0};
        guest_hypercall(guest::kHypercallXenVersion, 6, reinterpret_cast<uintptr_t>(&fi));
        uint32_t psci = guest_smccc_hvc(0x84000000);
        guest::print("Hello from a guest at EL1, running on the hypervisor!\n");
        guest::printf("  Xen version %ld.%ld, features %#x, PSCI %u.%u\n", v >> 16, v & 0xffff, fi.map, psci >> 16,
                      psci & 0xffff);
        guest::print("  Powering off through PSCI SYSTEM_OFF. Bye.\n");
    }
};
} // namespace

TEST(demo)
{
    static Demo demo;
    (void)demo;
}
