// vcpu_op (24): where a vCPU's vcpu_info and runstate area live.
#include "arch/cpu.hpp"
#include "core/vcpu.hpp"
#include "include/public/shared_info.hpp"
#include "include/public/vcpu_sched_hvm.hpp"
#include "xen/guest_args.hpp"
#include "xen/hypercall.hpp"
#include "xen/runstate.hpp"

namespace hv {
namespace {

long register_vcpu_info(Domain& d, Vcpu& target, uint32_t arg)
{
    xen::vcpu_register_vcpu_info r;
    if (long rc = copy_in(d, arg, r)) return rc;
    if (r.offset > kPageSize - 8 || (r.offset & 7)) return -xen::XEN_EINVAL;
    // A gfn past the IPA space would alias a lower one once shifted.
    if (r.mfn >> (Domain::kIpaBits - kPageShift)) return -xen::XEN_EINVAL;
    if (target.has_registered_vcpu_info()) return -xen::XEN_EINVAL; // once per vCPU, as Xen
    // The pages stay referenced for the vCPU's life: the guest may give
    // them back, but they are never reused while events are written there.
    Pa pages[2];
    unsigned count = 0;
    auto first = d.get_ram_page(r.mfn << kPageShift, true);
    if (!first) return -xen::XEN_EINVAL;
    pages[count++] = *first;
    // Linux 6.1 only aligns vcpu_info to 8 bytes: it may straddle two pages,
    // which is fine when the machine frames are contiguous too.
    if (r.offset + sizeof(xen::vcpu_info) > kPageSize) {
        auto second = d.get_ram_page((r.mfn + 1) << kPageShift, true);
        if (second) pages[count++] = *second;
        if (!second || second->value != first->value + kPageSize) {
            for (unsigned i = 0; i < count; ++i) d.put_page(pages[i]);
            return -xen::XEN_EINVAL;
        }
    }
    auto* info = static_cast<xen::vcpu_info*>(arch::phys_to_virt(first->value + r.offset));
    if (!target.register_vcpu_info(info, pages, count)) {
        for (unsigned i = 0; i < count; ++i) d.put_page(pages[i]);
        return -xen::XEN_EINVAL;
    }
    // Make the guest look at every event once: a spurious upcall rather
    // than a lost one (Xen does the same).
    __atomic_store_n(&info->evtchn_pending_sel, ~0ull, __ATOMIC_SEQ_CST);
    __atomic_store_n(&info->evtchn_upcall_pending, uint8_t(1), __ATOMIC_SEQ_CST);
    d.vgic().inject(target, d.event_channel_ppi());
    return 0;
}

} // namespace

long do_vcpu_op(Vcpu& vcpu, const HypercallArgs& args)
{
    Domain& d = vcpu.domain();
    uint32_t cmd = args.arg[0], id = args.arg[1], arg = args.arg[2];
    Vcpu* target = d.vcpu(id);
    if (!target) return -xen::XEN_ENOENT;
    switch (cmd) {
    case xen::VCPUOP_register_vcpu_info:
        // Of itself, or of a vCPU that is down, as Xen (not under a running one).
        if (target != &vcpu && target->state() != Vcpu::State::Offline) return -xen::XEN_EINVAL;
        return register_vcpu_info(d, *target, arg);
    case xen::VCPUOP_register_runstate_memory_area: {
        xen::vcpu_register_runstate_memory_area r;
        if (long rc = copy_in(d, arg, r)) return rc;
        target->runstate_gva = r.addr.address();
        // Show the current state at once when the call is about the caller.
        if (target == &vcpu) runstate_change(vcpu, xen::RUNSTATE_running);
        return 0;
    }
    case xen::VCPUOP_is_up: return target->state() == Vcpu::State::Offline ? 0 : 1;
    default: return -xen::XEN_EINVAL; // Xen on ARM offers no other vCPU operation
    }
}

} // namespace hv
