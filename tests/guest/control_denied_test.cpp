// The toolstack's hypercalls from a domU: every domctl and sysctl command is
// refused, in Xen's order: a wrong interface version is -EACCES, a domain
// that does not exist -ESRCH, then anything else -EPERM (createdomain and
// every sysctl included). The guest runs on afterwards: nothing it asked of
// itself (pause, destroy, max_mem) was done. This guest is d1.
#include "guest.hpp"

namespace {

constexpr uint32_t kSysctl = 35, kDomctl = 36;
constexpr uint32_t kDomctlVersion = 0x15, kSysctlVersion = 0x15;

struct Envelope {
    uint32_t cmd, interface_version;
    uint16_t domain, pad[3];
    uint64_t u[16];
};
static_assert(sizeof(Envelope) == 144);

Envelope op;

long control(uint32_t nr, uint32_t cmd, uint32_t version, uint16_t domain)
{
    op = Envelope{};
    op.cmd = cmd;
    op.interface_version = version;
    op.domain = domain; // for sysctl these bytes are the payload's start
    op.u[0] = 1;        // e.g. a max_memkb, a createdomain's ssidref
    return guest_hypercall(nr, uint32_t(reinterpret_cast<uintptr_t>(&op)));
}

} // namespace

TEST(every_domctl_on_itself_is_eperm)
{
    for (uint32_t cmd = 0; cmd < 100; ++cmd) EXPECT_EQ(control(kDomctl, cmd, kDomctlVersion, 1), -1L);
}

TEST(a_missing_domain_is_esrch_first)
{
    EXPECT_EQ(control(kDomctl, 3, kDomctlVersion, 0x7fe0), -3L); // pausedomain
    EXPECT_EQ(control(kDomctl, 2, kDomctlVersion, 0x7fe0), -3L); // destroydomain
    EXPECT_EQ(control(kDomctl, 1, kDomctlVersion, 0x7fe0), -1L); // createdomain names no domain
}

TEST(every_sysctl_is_eperm)
{
    for (uint32_t cmd = 0; cmd < 40; ++cmd) EXPECT_EQ(control(kSysctl, cmd, kSysctlVersion, 0), -1L);
}

TEST(a_wrong_version_is_eacces_before_anything)
{
    EXPECT_EQ(control(kDomctl, 5, 0x14, 1), -13L);
    EXPECT_EQ(control(kDomctl, 5, 0x16, 0x7fe0), -13L);
    EXPECT_EQ(control(kSysctl, 3, 0x14, 0), -13L);
    EXPECT_EQ(guest_hypercall(kDomctl, 0x90000000u), -14L);
    EXPECT_EQ(guest_hypercall(kSysctl, 0x90000000u), -14L);
}

TEST(it_still_runs_with_its_memory)
{
    // After pause, destroy and max_mem on itself: it runs, and its RAM is there.
    static volatile uint32_t word = 0x1234;
    word = word + 1;
    EXPECT_EQ(word, 0x1235u);
}
