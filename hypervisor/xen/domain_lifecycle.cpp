// Making and unmaking domains for the toolstack (Xen 4.17's ARM rules):
// createdomain checks the configuration as Xen on an arm32 host does,
// destroydomain gives everything back a step at a time, and the vCPU
// context calls set up vCPU 0 as libxc's builder asks.
#include "arch/cpu.hpp"
#include "arch/guest.hpp"
#include "arch/vcpu_context.hpp"
#include "core/console.hpp"
#include "core/domain_list.hpp"
#include "core/guest_devices.hpp"
#include "core/scheduler.hpp"
#include "core/vcpu.hpp"
#include "include/public/event_channel.hpp"
#include "include/public/vcpu_context.hpp"
#include "include/public/xen.hpp"
#include "mm/heap.hpp"
#include "xen/continuation.hpp"
#include "xen/domctl_ops.hpp"
#include "xen/guest_args.hpp"
#include "xen/hypercall.hpp"

namespace hv {
namespace {

using xen::Arm32Slot;
using Banked = arch::guest::Banked;

// The last id handed out: the next search starts after it, as Xen's rover
// does, so a destroyed domain's id is not reused at once. Under the domctl lock.
uint16_t rover_ = 0;

// Xen's limits for a GICv2 guest: 988 SPIs (1020 interrupt ids less the
// 32 private ones).
constexpr uint32_t kMaxSpis = 1020 - 32;

long check_config(const xen::xen_domctl_createdomain& c)
{
    constexpr uint32_t kRequired = xen::CDF_hvm | xen::CDF_hap;
    // Every ARM guest is HVM with HAP; no IOMMU, vPMU or other option is offered.
    if (c.flags != kRequired || c.iommu_opts) return -xen::XEN_EINVAL;
    if (c.max_vcpus == 0 || c.max_vcpus > Domain::kMaxVcpus) return -xen::XEN_EINVAL;
    if (c.arch.gic_version != xen::XEN_DOMCTL_CONFIG_GIC_NATIVE && c.arch.gic_version != xen::XEN_DOMCTL_CONFIG_GIC_V2)
        return -xen::XEN_EINVAL;
    if (c.arch.tee_type != xen::XEN_DOMCTL_CONFIG_TEE_NONE || c.arch.nr_spis > kMaxSpis) return -xen::XEN_EINVAL;
    if (c.grant_opts != 1) return -xen::XEN_EINVAL; // grant tables v1 only
    if (c.max_grant_frames != -1 && (c.max_grant_frames < 1 || c.max_grant_frames > int32_t(GrantTable::kMaxFrames)))
        return -xen::XEN_EINVAL;
    if (c.max_maptrack_frames < -1 || c.vmtrace_size) return -xen::XEN_EINVAL;
    if (c.cpupool_id != 0) return -xen::XEN_ENOENT;
    return 0;
}

// The id asked for (1..0x7fef, -EEXIST if taken), else the next free one.
long choose_domid(xen::domid_t wanted, uint16_t& id)
{
    if (wanted > 0 && wanted < xen::DOMID_FIRST_RESERVED) {
        if (domains::id_in_use(wanted)) return -xen::XEN_EEXIST;
        id = wanted;
        return 0;
    }
    for (uint32_t n = 0, candidate = rover_; n < xen::DOMID_FIRST_RESERVED; ++n) {
        candidate = candidate + 1 >= xen::DOMID_FIRST_RESERVED ? 1 : candidate + 1;
        if (!domains::id_in_use(uint16_t(candidate))) {
            id = rover_ = uint16_t(candidate);
            return 0;
        }
    }
    return -xen::XEN_ENOMEM;
}

// A listed domain that failed to be set up: out of the list, and freed.
long undo(Domain* d, long rc)
{
    d->begin_dying();
    domains::remove(*d);
    return rc;
}

bool valid_guest_cpsr(uint64_t cpsr)
{
    if (cpsr >> 32) return false;
    switch (cpsr & 0x1f) {
    case 0x10: case 0x11: case 0x12: case 0x13: case 0x17: case 0x1b: case 0x1f: return true;
    default: return false; // Hyp, Monitor, AArch64 or reserved modes
    }
}

// The banked registers in the order of their slots and SPSR fields.
struct BankedSlot {
    Banked reg;
    Arm32Slot slot;
};
constexpr BankedSlot kBankedSlots[] = {
    {Banked::SpUsr, Arm32Slot::sp_usr},   {Banked::SpSvc, Arm32Slot::sp_svc},   {Banked::LrSvc, Arm32Slot::lr_svc},
    {Banked::SpAbt, Arm32Slot::sp_abt},   {Banked::LrAbt, Arm32Slot::lr_abt},   {Banked::SpUnd, Arm32Slot::sp_und},
    {Banked::LrUnd, Arm32Slot::lr_und},   {Banked::SpIrq, Arm32Slot::sp_irq},   {Banked::LrIrq, Arm32Slot::lr_irq},
    {Banked::R8Fiq, Arm32Slot::r8_fiq},   {Banked::R9Fiq, Arm32Slot::r9_fiq},   {Banked::R10Fiq, Arm32Slot::r10_fiq},
    {Banked::R11Fiq, Arm32Slot::r11_fiq}, {Banked::R12Fiq, Arm32Slot::r12_fiq}, {Banked::SpFiq, Arm32Slot::sp_fiq},
    {Banked::LrFiq, Arm32Slot::lr_fiq},
};

uint32_t& banked(Vcpu& v, Banked r) { return v.context.banked[unsigned(r)]; }

} // namespace

long domctl_vcpu(Domain& d, uint32_t id, Vcpu*& v)
{
    if (id >= Domain::kMaxVcpus) return -xen::XEN_EINVAL;
    v = d.vcpu(id);
    return v ? 0 : -xen::XEN_ESRCH;
}

long create_domain(Domain& caller, xen::xen_domctl& op)
{
    auto& c = op.u.createdomain;
    if (long rc = check_config(c)) return rc;
    uint16_t id;
    if (long rc = choose_domid(op.domain, id)) return rc;
    uint8_t vmid = domains::claim_vmid();
    if (!vmid) return -xen::XEN_ENOMEM;
    Domain* d = heap_new<Domain>(id, vmid, caller.table_memory(), caller.frames());
    if (!d) {
        domains::release_vmid(vmid);
        return -xen::XEN_ENOMEM;
    }
    unsigned spis = (c.arch.nr_spis + 31) / 32 * 32;
    if (d->init("", spis ? spis : 32) != Status::Ok) {
        bool listed = domains::unlist(*d);
        heap_delete(d);
        return listed ? -xen::XEN_ENOMEM : -xen::XEN_EEXIST;
    }
    d->set_event_channel_ppi(31);
    d->set_handle(c.handle);
    // 256 handles a maptrack frame, as Xen; -1: the hypervisor's default.
    if (c.max_maptrack_frames >= 0)
        d->grant_maps().set_limit(uint64_t(c.max_maptrack_frames) * 256 < GrantMaps::kMaxHandles
                                      ? unsigned(c.max_maptrack_frames) * 256
                                      : GrantMaps::kMaxHandles);
    if (c.max_grant_frames > 0) d->grant_table().set_max_frames(unsigned(c.max_grant_frames));
    if (attach_guest_devices(*d, false) != Status::Ok || d->create_vcpus(c.max_vcpus) != Status::Ok)
        return undo(d, -xen::XEN_ENOMEM);
    // One virtual counter for all its vCPUs, from its creation on.
    uint64_t cntvoff = arch::counter();
    for (unsigned i = 0; i < d->vcpu_count(); ++i) {
        Vcpu& v = *d->vcpu(i);
        arch::vcpu_context_init(v.context, i, vmid, d->p2m().root().value, cntvoff);
        v.reset_registers(0, 0, 0, 0);
    }
    // Paused until the toolstack has built it (XEN_DOMCTL_unpausedomain).
    d->pause_by_controller(caller);
    if (scheduler::add_vcpus(*d) != Status::Ok) return undo(d, -xen::XEN_ENOMEM); // every run queue is full
    op.domain = id;
    c.arch.gic_version = xen::XEN_DOMCTL_CONFIG_GIC_V2;
    c.arch.clock_frequency = 0; // the guest reads CNTFRQ; Xen gives one only if its DT had one
    console::log("d%u: created by d%u (%u vCPU%s)", id, caller.id(), c.max_vcpus, c.max_vcpus == 1 ? "" : "s");
    return 0;
}

long destroy_domain(Vcpu& caller, uint32_t arg, Domain& d)
{
    if (&d == &caller.domain() || d.is_hardware_domain()) return -xen::XEN_EINVAL;
    auto again = [&] { return continue_later(caller, uint32_t(xen::Hypercall::domctl), arg); };
    if (d.begin_dying()) console::log("d%u: destroyed by d%u", d.id(), caller.domain().id());
    // Every vCPU off its CPU and off its queue before anything is freed.
    scheduler::remove_domain(d);
    bool off = scheduler::vcpus_dequeued(d);
    for (unsigned i = 0; off && i < d.vcpu_count(); ++i) off = !d.vcpu(i)->on_cpu();
    if (!off) return again();
    // What it mapped of others (a driver domain's grants), then its RAM, a
    // batch at a time.
    if (!run_steps(caller, [&] { return d.release_grant_maps_step(); })) return again();
    if (!run_steps(caller, [&] { return d.relinquish_memory_step(); })) return again();
    // Gone: its id is free; the last reference (this call's, or a
    // concurrent call's) frees what is left.
    domains::remove(d);
    if (DomainRef dom0 = domains::get(0)) dom0->event_channels().raise_virq(xen::VIRQ_DOM_EXC);
    return 0;
}

long set_max_vcpus(Domain& d, uint32_t max) { return max == d.vcpu_count() ? 0 : -xen::XEN_EINVAL; }

long set_vcpu_context(Domain& caller, Domain& d, const xen::xen_domctl_vcpucontext& c)
{
    if (&d == &caller) return -xen::XEN_EINVAL;
    Vcpu* v;
    if (long rc = domctl_vcpu(d, c.vcpu, v)) return rc;
    if (d.is_dying()) return -xen::XEN_EINVAL;
    xen::vcpu_guest_context ctx{};
    bool reset = !c.ctxt.address();
    if (!reset) {
        if (long rc = copy_in(caller, c.ctxt.address(), ctx)) return rc;
        if (!valid_guest_cpsr(ctx.user_regs.cpsr) || (ctx.user_regs.pc >> 32)) return -xen::XEN_EINVAL;
    }
    // Off its CPU while its registers change.
    if (long rc = d.pause_by_controller(caller)) return rc;
    if (reset) {
        v->set_state(Vcpu::State::Offline);
    } else {
        auto& r = ctx.user_regs;
        v->reset_registers(uint32_t(r.pc), 0, 0, 0);
        for (unsigned i = 0; i < 13; ++i) v->regs.r[i] = uint32_t(r.x[i]);
        v->regs.lr_usr = uint32_t(r[Arm32Slot::lr_usr]);
        v->regs.cpsr = uint32_t(r.cpsr);
        for (const auto& b : kBankedSlots) banked(*v, b.reg) = uint32_t(r[b.slot]);
        banked(*v, Banked::SpsrSvc) = r.spsr_svc;
        banked(*v, Banked::SpsrAbt) = r.spsr_abt;
        banked(*v, Banked::SpsrUnd) = r.spsr_und;
        banked(*v, Banked::SpsrIrq) = r.spsr_irq;
        banked(*v, Banked::SpsrFiq) = r.spsr_fiq;
        v->context.sctlr = uint32_t(ctx.sctlr);
        v->context.ttbcr = uint32_t(ctx.ttbcr);
        v->context.ttbr0 = ctx.ttbr0;
        v->context.ttbr1 = ctx.ttbr1;
        v->set_state(ctx.flags & xen::VGCF_online ? Vcpu::State::Runnable : Vcpu::State::Offline);
    }
    d.unpause_by_controller();
    return 0;
}

long get_vcpu_context(Domain& caller, Domain& d, const xen::xen_domctl_vcpucontext& c)
{
    Vcpu* v;
    if (long rc = domctl_vcpu(d, c.vcpu, v)) return rc;
    if (!c.ctxt.address()) return -xen::XEN_EINVAL;
    bool pause = &d != &caller;
    if (pause)
        if (long rc = d.pause_by_controller(caller)) return rc;
    xen::vcpu_guest_context ctx{};
    auto& r = ctx.user_regs;
    for (unsigned i = 0; i < 13; ++i) r.x[i] = v->regs.r[i];
    r[Arm32Slot::lr_usr] = v->regs.lr_usr;
    r.pc = v->regs.pc;
    r.cpsr = v->regs.cpsr;
    for (const auto& b : kBankedSlots) r[b.slot] = banked(*v, b.reg);
    r.spsr_svc = banked(*v, Banked::SpsrSvc);
    r.spsr_abt = banked(*v, Banked::SpsrAbt);
    r.spsr_und = banked(*v, Banked::SpsrUnd);
    r.spsr_irq = banked(*v, Banked::SpsrIrq);
    r.spsr_fiq = banked(*v, Banked::SpsrFiq);
    ctx.sctlr = v->context.sctlr;
    ctx.ttbcr = v->context.ttbcr;
    ctx.ttbr0 = v->context.ttbr0;
    ctx.ttbr1 = v->context.ttbr1;
    ctx.flags = v->state() != Vcpu::State::Offline ? xen::VGCF_online : 0;
    if (pause) d.unpause_by_controller();
    return copy_out(caller, c.ctxt.address(), ctx);
}

} // namespace hv
