#pragma once
// Shared pieces of the unit tests: simulated machine memory carved into
// per-test frame allocators, a heap for the hypervisor's objects, and a
// domain built on them as the boot code would build it.
#include <gtest/gtest.h>

#include <memory>

#include "arch/cpu.hpp"
#include "arch/guest.hpp"
#include "core/domain.hpp"
#include "core/guest_memory.hpp"
#include "core/vcpu.hpp"
#include "include/public/domctl.hpp"
#include "mm/frame_allocator.hpp"
#include "mm/frame_table_memory.hpp"
#include "mm/heap.hpp"
#include "xen/continuation.hpp"

namespace hv::test {

// Machine addresses [base, base+size) of the simulated RAM for one test.
inline constexpr uint64_t kTestRamBase = arch::host::kRamBase;
inline constexpr uint64_t kTestRamSize = 64ull << 20;

inline void ensure_heap()
{
    static bool done = [] {
        static unsigned char storage[8u << 20];
        hypervisor_heap().init(storage, sizeof storage);
        return true;
    }();
    (void)done;
}

// A fresh allocator over a fresh (zeroed) piece of simulated RAM.
struct Machine {
    FrameAllocator frames;
    FrameTableMemory tables{frames};
    explicit Machine(uint64_t base = kTestRamBase, uint64_t size = kTestRamSize)
    {
        ensure_heap();
        arch::guest::reset_fake();
        EXPECT_EQ(frames.add_region(Pa(base), size), Status::Ok);
    }
};

// A domU with RAM at 0x40000000, as build_boot_domain makes one.
struct TestDomain {
    Machine& machine;
    Domain* domain;
    TestDomain(Machine& m, uint16_t id, uint64_t ram = 4ull << 20, unsigned vcpus = 1) : machine(m)
    {
        domain = heap_new<Domain>(id, static_cast<uint8_t>(id), m.tables, m.frames);
        EXPECT_EQ(domain->init("test"), Status::Ok);
        EXPECT_EQ(domain->populate_ram(Ipa(0x40000000), ram), Status::Ok);
        EXPECT_EQ(domain->create_vcpus(vcpus), Status::Ok);
        for (unsigned i = 0; i < vcpus; ++i) domain->vcpu(i)->set_state(Vcpu::State::Runnable);
    }
    ~TestDomain() { heap_delete(domain); }
    Domain& operator*() { return *domain; }
    Domain* operator->() { return domain; }
};

// A value written into / read from a domain's memory at a guest address
// (the tests' guests run with their MMU off: VA = IPA).
template <class T>
void put_guest(Domain& d, uint32_t at, const T& value)
{
    ASSERT_EQ(copy_to_guest(d, at, &value, sizeof value), Status::Ok);
}
template <class T>
T get_guest(Domain& d, uint32_t at)
{
    T value{};
    EXPECT_EQ(copy_from_guest(d, &value, at, sizeof value), Status::Ok);
    return value;
}

// A hypercall as the guest makes it: an HVC trap, entered again for as long
// as the hypervisor rewinds the guest to it (a continuation). Returns r0 as
// the guest reads it (a negative errno, sign-extended).
inline long hypercall(Vcpu& vcpu, uint32_t nr, uint32_t a0 = 0, uint32_t a1 = 0, uint32_t a2 = 0)
{
    TrapFrame f{};
    f.r[12] = nr;
    f.r[0] = a0;
    f.r[1] = a1;
    f.r[2] = a2;
    for (int traps = 0; traps < 100000; ++traps) {
        f.pc = 0x1004;
        run_hypercall(vcpu, f);
        if (f.pc == 0x1004) return long(int32_t(f.r[0]));
    }
    ADD_FAILURE() << "hypercall " << nr << " never completed";
    return 0;
}

// createdomain's configuration as libxl fills it for an ARM guest (with a
// recognisable handle, a0 a1 ... af).
xen::xen_domctl_createdomain guest_domain_config(unsigned vcpus);
// A domain made as the toolstack makes one (XEN_DOMCTL_createdomain from
// `dom0`, the envelope at guest address `at`): its id, 0 on failure.
uint16_t create_domain(Domain& dom0, uint32_t at, unsigned vcpus = 1);
// XEN_DOMCTL_destroydomain of `id` from `dom0`: the hypercall's result.
long destroy_domain(Domain& dom0, uint32_t at, uint16_t id);

} // namespace hv::test
