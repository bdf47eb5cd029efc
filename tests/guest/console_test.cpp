// console_io: what a guest writes reaches the hypervisor console (the QEMU
// driver checks the lines in tests/qemu/expect/console_test.txt), and bad
// arguments are refused with the ABI's errors.
#include "guest.hpp"

namespace {
constexpr uint32_t kWrite = 0, kRead = 1;
long console_io(uint32_t cmd, uint32_t count, const void* buf)
{
    return guest_hypercall(guest::kHypercallConsoleIo, cmd, count, static_cast<uint32_t>(reinterpret_cast<uintptr_t>(buf)));
}
// A buffer that straddles a page boundary, to exercise page-by-page copies.
alignas(4096) char two_pages[8192];
} // namespace

TEST(write_returns_zero)
{
    const char text[] = "console_io: hello from the test guest\n";
    EXPECT_EQ(console_io(kWrite, sizeof text - 1, text), 0L);
}

TEST(write_across_a_page_boundary)
{
    const char text[] = "console_io: this line crosses a page boundary\n";
    char* p = two_pages + 4096 - 10;
    for (unsigned i = 0; i < sizeof text; ++i) p[i] = text[i];
    EXPECT_EQ(console_io(kWrite, sizeof text - 1, p), 0L);
}

TEST(zero_length_write)
{
    EXPECT_EQ(console_io(kWrite, 0, nullptr), 0L);
}

TEST(control_characters_are_filtered_for_a_domu)
{
    const char text[] = "console_io: bell\a and escape\x1b[2J gone\n";
    EXPECT_EQ(console_io(kWrite, sizeof text - 1, text), 0L);
}

TEST(bad_buffer_is_efault)
{
    EXPECT_EQ(console_io(kWrite, 16, reinterpret_cast<void*>(0x90000000u)), -14L);
    // Starts in RAM, runs off its end (16 MiB at 0x40000000).
    EXPECT_EQ(console_io(kWrite, 64, reinterpret_cast<void*>(0x40fffff0u)), -14L);
}

TEST(oversized_write_is_e2big)
{
    EXPECT_EQ(console_io(kWrite, 0x7fffffffu, two_pages), -7L);
}

TEST(read_is_refused_to_a_domu)
{
    char buf[8];
    EXPECT_EQ(console_io(kRead, sizeof buf, buf), -1L);
}

TEST(unknown_subcommand_is_enosys)
{
    EXPECT_EQ(console_io(7, 0, nullptr), -38L);
}
