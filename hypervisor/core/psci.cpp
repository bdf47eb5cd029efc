#include "core/psci.hpp"

#include "arch/cpu.hpp"
#include "core/domain.hpp"
#include "core/list_registers.hpp"
#include "core/scheduler.hpp"
#include "core/vcpu.hpp"

namespace hv {
namespace {

int32_t features(uint32_t function)
{
    switch (function) {
    case psci::kVersion:
    case psci::kCpuSuspend:
    case psci::kCpuOff:
    case psci::kCpuOn:
    case psci::kAffinityInfo:
    case psci::kMigrateInfoType:
    case psci::kSystemOff:
    case psci::kSystemReset:
    case psci::kFeatures:
    case psci::kSmcccVersion: return psci::kSuccess;
    default: return psci::kNotSupported;
    }
}

// MPIDR affinity (Aff1:Aff0) to a vCPU of the domain, as VMPIDR encodes it.
Vcpu* vcpu_by_mpidr(Domain& d, uint32_t mpidr)
{
    if (mpidr & 0x00ff0000u) return nullptr; // Aff2: every vCPU has 0 there (bits 31:24 are not affinity)
    uint32_t aff0 = mpidr & 0xff, aff1 = (mpidr >> 8) & 0xff;
    if (aff0 > 0xf) return nullptr;
    return d.vcpu(aff1 * 16 + aff0);
}

int32_t cpu_on(Vcpu& caller, uint32_t target, uint32_t entry, uint32_t context_id)
{
    Domain& d = caller.domain();
    Vcpu* v = vcpu_by_mpidr(d, target);
    if (!v) return psci::kInvalidParameters;
    if (v == &caller) return psci::kAlreadyOn; // it is running this call, even if a shutdown marked it offline
    // One CPU_ON wins the vCPU; a second, concurrent one finds it on.
    if (!v->claim_for_start()) return psci::kAlreadyOn;
    // Just off, it may still be on its CPU, whose save of its registers
    // would overwrite the ones set here: wait for it (a few instructions of
    // that CPU's way out). A domain shutting down starts nothing: the
    // shutdown marked every vCPU offline, some still in a call on their
    // CPU, and waiting for those could be for ever.
    while (v->on_cpu() && !d.is_shut_down()) arch::cpu_relax();
    if (d.is_shut_down()) {
        v->set_state(Vcpu::State::Offline);
        return psci::kDenied;
    }
    arch::vcpu_context_init(v->context, v->id(), d.vmid(), caller.context.vttbr, caller.context.cntvoff);
    v->reset_registers(entry, context_id, 0, 0);
    if (v->finish_start()) scheduler::wake(*v); // else the domain shut down meanwhile: it stays off
    return psci::kSuccess;
}

int32_t affinity_info(Vcpu& caller, uint32_t target, uint32_t level)
{
    if (level > 2) return psci::kInvalidParameters;
    Vcpu* v = vcpu_by_mpidr(caller.domain(), level == 0 ? target : target & ~0xffu);
    if (!v) return psci::kInvalidParameters;
    return v->state() == Vcpu::State::Offline ? 1 : 0; // Starting counts as on, as in Xen
}

} // namespace

void handle_smccc_call(Vcpu& vcpu, TrapFrame& frame)
{
    uint32_t fid = frame.r[0];
    int32_t result = psci::kNotSupported;
    switch (fid) {
    case psci::kVersion: result = int32_t(psci::kPsciVersion_1_1); break;
    case psci::kSmcccVersion: result = int32_t(psci::kSmcccVersion_1_1); break;
    case psci::kFeatures: result = features(frame.r[1]); break;
    case psci::kMigrateInfoType: result = 2; break; // no Trusted OS to migrate
    case psci::kCpuSuspend:
        // Every power state is taken as standby, as Xen does: the vCPU
        // sleeps like WFI until an interrupt is pending for it (at once if
        // one already is), then CPU_SUSPEND returns SUCCESS.
        vcpu.domain().vgic().block_unless_pending(vcpu, hardware_list_registers());
        result = psci::kSuccess;
        break;
    case psci::kCpuOn: result = cpu_on(vcpu, frame.r[1], frame.r[2], frame.r[3]); break;
    case psci::kAffinityInfo: result = affinity_info(vcpu, frame.r[1], frame.r[2]); break;
    case psci::kCpuOff:
        vcpu.set_state(Vcpu::State::Offline);
        return; // no return to the caller
    case psci::kSystemOff:
        vcpu.domain().shutdown(ShutdownReason::Poweroff);
        return;
    case psci::kSystemReset:
        vcpu.domain().shutdown(ShutdownReason::Reboot);
        return;
    default: break; // MIGRATE, MIGRATE_INFO_UP_CPU, 64-bit ids, other owners
    }
    frame.r[0] = static_cast<uint32_t>(result);
}

} // namespace hv
