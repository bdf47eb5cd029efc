// xen_version: the values Linux reads at boot and in /sys/hypervisor.
#include "guest.hpp"

namespace {
constexpr uint32_t kXenVerVersion = 0, kXenVerExtraversion = 1, kXenVerCapabilities = 3, kXenVerGetFeatures = 6,
                   kXenVerPagesize = 7, kXenVerCommandline = 9;
}

TEST(version_is_4_17) { EXPECT_EQ(guest_hypercall(guest::kHypercallXenVersion, kXenVerVersion, 0), 0x00040011L); }

TEST(extraversion_is_a_string)
{
    char buf[16];
    for (char& c : buf) c = 'x';
    EXPECT_EQ(guest_hypercall(guest::kHypercallXenVersion, kXenVerExtraversion, reinterpret_cast<uintptr_t>(buf)), 0L);
    EXPECT_EQ(buf[0], '.');
    EXPECT_EQ(buf[2], '\0');
    EXPECT_EQ(buf[15], '\0'); // the whole field is written
}

TEST(features_of_a_domu)
{
    struct {
        uint32_t idx, map;
    } fi{0, 0};
    EXPECT_EQ(guest_hypercall(guest::kHypercallXenVersion, kXenVerGetFeatures, reinterpret_cast<uintptr_t>(&fi)), 0L);
    EXPECT_EQ(fi.map, 0x00016005u); // auto-translated, SMCCC, not direct-mapped, ...
}

TEST(features_other_submap_is_invalid)
{
    struct {
        uint32_t idx, map;
    } fi{1, 0};
    EXPECT_EQ(guest_hypercall(guest::kHypercallXenVersion, kXenVerGetFeatures, reinterpret_cast<uintptr_t>(&fi)), -22L);
}

TEST(capabilities_and_pagesize)
{
    static char caps[1024];
    EXPECT_EQ(guest_hypercall(guest::kHypercallXenVersion, kXenVerCapabilities, reinterpret_cast<uintptr_t>(caps)), 0L);
    const char expected[] = "xen-3.0-armv7l ";
    for (unsigned i = 0; i < sizeof expected; ++i) EXPECT_EQ(caps[i], expected[i]);
    EXPECT_EQ(guest_hypercall(guest::kHypercallXenVersion, kXenVerPagesize, 0), 4096L);
}

TEST(commandline_is_denied_to_a_domu)
{
    static char line[1024];
    EXPECT_EQ(guest_hypercall(guest::kHypercallXenVersion, kXenVerCommandline, reinterpret_cast<uintptr_t>(line)), 0L);
    EXPECT_EQ(line[0], '<'); // "<denied>"
}

TEST(bad_buffer_gives_efault)
{
    // Guest-physical 0x80000000 is outside the guest's RAM (its MMU is off).
    EXPECT_EQ(guest_hypercall(guest::kHypercallXenVersion, kXenVerExtraversion, 0x80000000u), -14L);
    EXPECT_EQ(guest_hypercall(guest::kHypercallXenVersion, kXenVerGetFeatures, 0xfffffffcu), -14L);
}
