// PSCI CPU_ON against a shutdown (issue 11, from a review): a shutdown
// marks every vCPU offline, some of them still inside a call on their CPU.
// A CPU_ON then must neither wait for ever for its target to leave its CPU
// (a physical CPU hung with interrupts masked) nor bring a vCPU of a dead
// domain back.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/domain.hpp"
#include "core/psci.hpp"
#include "core/traps.hpp"
#include "core/vcpu.hpp"
#include "test_support.hpp"

namespace hv {
namespace {

uint32_t smccc(Vcpu& v, uint32_t fid, uint32_t a1 = 0, uint32_t a2 = 0, uint32_t a3 = 0)
{
    TrapFrame f{};
    f.r[0] = fid;
    f.r[1] = a1;
    f.r[2] = a2;
    f.r[3] = a3;
    handle_smccc_call(v, f);
    return f.r[0];
}

// Another vCPU shut the domain down (every vCPU Offline) while vCPU 0 is
// still inside its SMC, on its CPU: its CPU_ON of itself claims itself and
// then waits for itself to leave the CPU, which it never does.
TEST(PsciCpuOn, OfItselfAfterAShutdownReturnsAtOnce)
{
    test::Machine machine;
    test::TestDomain domu{machine, 3, 4ull << 20, 2};
    Vcpu& v0 = *domu->vcpu(0);
    v0.set_on_cpu(true); // it is the vCPU running this call
    domu->shutdown(ShutdownReason::Poweroff); // from vCPU 1 on another CPU
    std::atomic<bool> done{false};
    std::thread t([&] {
        smccc(v0, psci::kCpuOn, 0 /* its own MPIDR */, 0x40008000, 0);
        done = true;
    });
    for (int i = 0; i < 100 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_TRUE(done) << "PSCI CPU_ON spins forever on its own on_cpu (a physical CPU hangs, interrupts masked)";
    if (!done) {
        v0.set_on_cpu(false); // let the thread finish
        t.join();
    } else {
        t.join();
    }
}

// CPU_ON after the domain shut down brings a vCPU of a dead domain back.
TEST(PsciCpuOn, AfterAShutdownStartsNothing)
{
    test::Machine machine;
    test::TestDomain domu{machine, 3, 4ull << 20, 2};
    domu->shutdown(ShutdownReason::Poweroff); // another vCPU's SYSTEM_OFF
    // vCPU 0 was already inside its CPU_ON of vCPU 1.
    EXPECT_EQ(int32_t(smccc(*domu->vcpu(0), psci::kCpuOn, 1, 0x40008000, 0)), psci::kDenied);
    EXPECT_TRUE(domu->is_shut_down());
    EXPECT_EQ(domu->vcpu(1)->state(), Vcpu::State::Offline) << "a vCPU of a shut-down domain is runnable again";
}

} // namespace
} // namespace hv
