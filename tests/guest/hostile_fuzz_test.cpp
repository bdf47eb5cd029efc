// A hostile domU (issue 11): random hypercalls with random arguments, PSCI
// calls, vGIC distributor accesses, trapped system-register accesses and
// accesses to unmapped guest-physical space, from a seeded generator, so a
// run is reproducible (bootargs "seed=N calls=N"; `make fuzz` runs a
// million). Arguments that are addresses point into a scratch area of its
// own RAM (which it also gives back and takes again), its shared pages,
// devices, unmapped space or nowhere: never into its own code and data,
// which would only make the fuzzer kill itself. The run passes when every
// call came back (no hypervisor fault: the QEMU driver checks that too), and
// the domain's pages and event channels are back where they started.
#include "fuzz_ops.hpp"
#include "guest.hpp"

namespace {

using fuzz::Rng;

uint64_t calls_done = 0, exceptions_seen = 0;

void one_step(Rng& rng)
{
    uint32_t kind = rng.below(16);
    if (fuzz::trace) guest::printf("fuzz: step %llu, kind %u\n", static_cast<unsigned long long>(calls_done), kind);
    switch (kind) {
    case 0: fuzz::psci_call(rng); break;
    case 1: fuzz::gic_access(rng); break;
    case 2: fuzz::sysreg_access(rng); break;
    case 3:
        guest::expect_exception();
        fuzz::wild_access(rng);
        exceptions_seen += guest::last_exception().kind != guest::Exception::None;
        break;
    default: fuzz::random_hypercall(rng); break;
    }
    ++calls_done;
}

} // namespace

TEST(random_calls_all_come_back)
{
    uint64_t seed = guest::bootarg("seed", 1), calls = guest::bootarg("calls", 20000);
    Rng rng(seed);
    EXPECT_TRUE(fuzz::init_scratch());
    if (!fuzz::scratch) return;
    long reservation = fuzz::current_reservation();
    uint64_t start = guest::virtual_count();
    uint64_t trace_from = guest::bootarg("trace", ~0ull);
    for (uint64_t i = 0; i < calls; ++i) {
        fuzz::trace = i >= trace_from;
        one_step(rng);
        if ((i + 1) % 100000 == 0) guest::printf("fuzz: %llu calls\n", static_cast<unsigned long long>(i + 1));
    }
    uint64_t ms = (guest::virtual_count() - start) * 1000 / guest::counter_frequency();
    // A second for the console budget its random writes used to refill.
    for (uint64_t until = guest::virtual_count() + guest::ms_to_ticks(1000); guest::virtual_count() < until;) {
    }
    guest::printf("fuzz: seed %llu: %llu calls in %llu ms, %llu aborts and undefined instructions taken\n",
                  static_cast<unsigned long long>(seed), static_cast<unsigned long long>(calls_done),
                  static_cast<unsigned long long>(ms), static_cast<unsigned long long>(exceptions_seen));
    EXPECT_EQ(calls_done, calls);
    // Back to baseline: every scratch page its own again, every port closed.
    fuzz::restore_scratch();
    EXPECT_EQ(fuzz::current_reservation(), reservation);
    EXPECT_EQ(fuzz::close_all_ports(), 0u);
}
