// The hypercall convention: HVC #0xEA1, number in r12, result in r0, every
// other register preserved; unknown numbers give -ENOSYS; other HVC
// immediates are undefined instructions.
#include "guest.hpp"

extern "C" uint32_t hypercall_clobber_check(uint32_t nr);

TEST(unknown_numbers_are_enosys)
{
    const uint32_t numbers[] = {0, 1, 6, 16, 40, 55, 56, 100, 0x10000, 0xffffffffu};
    for (uint32_t nr : numbers) EXPECT_EQ(guest_hypercall(nr, 1, 2, 3, 4, 5), -38L);
}

TEST(registers_other_than_r0_are_preserved)
{
    // Returns a bit mask of the registers r1-r11, lr that changed.
    EXPECT_EQ(hypercall_clobber_check(17), 0u);  // xen_version
    EXPECT_EQ(hypercall_clobber_check(999), 0u); // unknown
}

TEST(other_hvc_immediates_are_undefined)
{
    guest::expect_exception();
    asm volatile("hvc #1" ::: "memory");
    EXPECT_EQ(static_cast<unsigned>(guest::last_exception().kind), static_cast<unsigned>(guest::Exception::Undefined));
}
