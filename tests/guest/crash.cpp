// A guest that reports a crash at once (SCHEDOP_shutdown, SHUTDOWN_crash),
// as a kernel does on a fatal error: what the toolstack's on_crash checks
// create with xl (configs/dom0/toolstack-checks). Not a test of its own.
#include "guest.hpp"
#include "xen_memory.hpp"

namespace {
constexpr uint32_t kSchedOp = 29, kSchedShutdown = 2, kShutdownCrash = 3;
} // namespace

TEST(crash)
{
    guest::print("crash guest: reporting a crash to the hypervisor\n");
    uint32_t reason = kShutdownCrash;
    guest_hypercall(kSchedOp, kSchedShutdown, guest::xen::va(&reason));
}
