// A domain left in whatever state random hostile hypercalls put it in is
// destroyed without a trace (issue 11, the fuzzer's baseline): every frame
// back in the allocator (its RAM, pages it gave back while a vcpu_info still
// held them, shared_info, grant frames, p2m tables) and every byte of the
// hypervisor heap (event-channel buckets, vGIC state, the vCPUs). The
// guest-side fuzzer (tests/guest/hostile_fuzz_test.cpp) checks the same from
// inside while it runs; domains are not destroyed at run time until domctl.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "core/guest_memory.hpp"
#include "test_support.hpp"

namespace hv {
namespace {

constexpr uint32_t kRamBase = 0x40000000, kRamSize = 4u << 20;

// A hypercall with arguments a guest might use, some wild: numbers that are
// RAM gfns and addresses, small counts and indexes, DOMID_SELF, garbage.
struct Hostile {
    std::mt19937 rng;
    Domain& d;
    uint32_t below(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(rng); }
    uint32_t word()
    {
        switch (below(8)) {
        case 0: return 0;
        case 1: return below(16);
        case 2: return 0x7ff0;
        case 3: return (kRamBase >> 12) + below(kRamSize >> 12); // a gfn of its RAM
        case 4: return 0x38000 + below(64);                       // a gfn outside it
        case 5: return kRamBase + 0x100000 + below(0x200000);     // an address in its RAM
        default: return uint32_t(rng());
        }
    }
    void scribble()
    {
        // Plausible structures where the pointers point.
        for (int i = 0; i < 64; ++i) {
            uint32_t at = kRamBase + 0x100000 + 4 * below(0x80000);
            uint32_t v = word();
            (void)copy_to_guest(d, at, &v, sizeof v);
        }
    }
    uint32_t ram_gfn() { return (kRamBase >> 12) + below(kRamSize >> 12); }
    template <class T>
    uint32_t put(const T& value)
    {
        uint32_t at = kRamBase + 0x3f0000 + 64 * below(64); // its last 256 KiB: where the recipes keep structures
        (void)copy_to_guest(d, at, &value, sizeof value);
        return at;
    }
    // Well-formed calls with hostile values: what random words rarely make.
    void recipe()
    {
        switch (below(5)) {
        case 0: { // give pages back or take them again
            uint64_t gfns[8];
            for (auto& g : gfns) g = ram_gfn();
            uint32_t list = put(gfns);
            struct { uint32_t start, high; uint64_t nr; uint32_t order, flags; uint16_t domid; } r{list, 0, 8, 0, 0, 0x7ff0};
            (void)test::hypercall(*d.vcpu(0), 12, below(2) ? 1 : 6, put(r));
            break;
        }
        case 1: { // vcpu_info in one of its pages (then maybe given back)
            struct { uint64_t mfn; uint32_t offset, rsvd; } v{ram_gfn(), 8 * below(512), 0};
            (void)test::hypercall(*d.vcpu(0), 24, 10, below(2), put(v));
            break;
        }
        case 2: { // shared_info or a grant frame over one of its pages
            struct { uint16_t domid, size; uint32_t space; uint64_t idx, gpfn; } a{0x7ff0, 0, below(2), below(3), ram_gfn()};
            (void)test::hypercall(*d.vcpu(0), 12, 7, put(a));
            break;
        }
        case 3: { // and away again
            struct { uint16_t domid; uint64_t gpfn; } r{0x7ff0, ram_gfn()};
            (void)test::hypercall(*d.vcpu(0), 12, 15, put(r));
            break;
        }
        default: { // an unbound port for itself, or a VIRQ
            struct { uint16_t dom, remote; uint32_t port; } u{0x7ff0, 0x7ff0, 0};
            (void)test::hypercall(*d.vcpu(0), 32, 6, put(u));
            break;
        }
        }
    }
    void call()
    {
        if (below(2)) return recipe();
        // Not block/poll/shutdown (no scheduler here), everything else.
        static const uint32_t kOps[] = {12, 12, 12, 13, 17, 18, 20, 20, 24, 24, 32, 32, 32, 34, 21, 7};
        uint32_t op = kOps[below(sizeof kOps / sizeof kOps[0])];
        uint32_t a0 = op == 12 ? below(32) : op == 24 ? below(16) : op == 32 ? below(16) : op == 20 ? below(12) : word();
        uint32_t a1 = op == 24 ? below(4) : word(), a2 = word();
        long rc = test::hypercall(*d.vcpu(0), op, a0, a1, a2);
        succeeded += rc >= 0;
    }
    unsigned succeeded = 0;
};

TEST(HostileDestroy, EverythingComesBackAfterTheDomainIsDestroyed)
{
    test::Machine machine;
    uint64_t frames_before = machine.frames.free_frames();
    size_t heap_before = hypervisor_heap().free_bytes();
    unsigned succeeded = 0, released = 0, vcpu_infos = 0, ports = 0;
    for (unsigned seed = 1; seed <= 30; ++seed) {
        {
            test::TestDomain domu(machine, 5, kRamSize, 2);
            Hostile h{std::mt19937(seed), *domu};
            for (int i = 0; i < 1500; ++i) {
                if (i % 50 == 0) h.scribble();
                h.call();
            }
            succeeded += h.succeeded;
            released += domu->owned_pages() < domu->max_pages();
            vcpu_infos += domu->vcpu(0)->has_registered_vcpu_info() + domu->vcpu(1)->has_registered_vcpu_info();
            for (uint32_t p = 1; p < 4096; ++p) ports += domu->event_channels().channel(p) != nullptr;
        }
        ASSERT_EQ(machine.frames.free_frames(), frames_before) << "seed " << seed;
        ASSERT_EQ(hypervisor_heap().free_bytes(), heap_before) << "seed " << seed;
    }
    // The calls did things, not only fail: pages given back, vcpu_info
    // areas registered, ports bound, before each destruction.
    std::printf("hostile destroy: %u calls succeeded; %u domains had given pages back, %u vcpu_info areas, %u ports\n",
                succeeded, released, vcpu_infos, ports);
    EXPECT_GT(released, 5u);
    EXPECT_GT(vcpu_infos, 5u);
    EXPECT_GT(ports, 30u);
}

} // namespace
} // namespace hv
