#include "core/vgic.hpp"

#include "core/domain.hpp"
#include "core/scheduler.hpp"
#include "core/vcpu.hpp"
#include "mm/heap.hpp"

namespace hv {
namespace {

} // namespace

VgicCpu::VgicCpu()
{
    for (unsigned i = 0; i < kMaxLrs; ++i) {
        lr_irq[i] = -1;
        lr_source[i] = 0;
        saved_lr[i] = 0;
    }
    for (unsigned i = 0; i < 16; ++i) local[i].enabled = true; // SGIs cannot be disabled (GIC-400)
    for (unsigned i = 16; i < 32; ++i) local[i].level = true;   // PPIs: level
}

Vgic::~Vgic() { hypervisor_heap().free(spis_); }

Status Vgic::init(unsigned nr_spis)
{
    if (nr_spis > kMaxSpis || (nr_spis % 32)) return Status::Invalid;
    nr_spis_ = nr_spis;
    if (!nr_spis) return Status::Ok;
    void* p = hypervisor_heap().alloc(sizeof(VirqState) * nr_spis);
    if (!p) return Status::NoMemory;
    spis_ = static_cast<VirqState*>(p);
    for (unsigned i = 0; i < nr_spis; ++i) new (&spis_[i]) VirqState{};
    for (unsigned i = 0; i < nr_spis; ++i) spis_[i].level = true;
    return Status::Ok;
}

VirqState* Vgic::state(Vcpu& vcpu, unsigned irq)
{
    if (irq < 32) return &vcpu.vgic.local[irq];
    if (irq < 32 + nr_spis_) return &spis_[irq - 32];
    return nullptr;
}

Vcpu* Vgic::spi_target(const VirqState& s) { return domain_.vcpu(s.target); }

void Vgic::notify(Vcpu& vcpu) { scheduler::notify(vcpu); }

void Vgic::inject(Vcpu& target, unsigned irq, unsigned source_vcpu)
{
    LockGuard guard(lock_);
    VirqState* s = state(target, irq);
    if (!s) return;
    Vcpu* to = irq >= 32 ? spi_target(*s) : &target;
    if (irq < 16) s->sgi_sources |= uint8_t(1u << (source_vcpu & 7));
    s->pending = true;
    if (to) notify(*to); // under the lock: see block_unless_pending
}

void Vgic::inject_spi(unsigned irq)
{
    if (irq < 32 || !domain_.vcpu(0)) return;
    inject(*domain_.vcpu(0), irq);
}

Status Vgic::route_physical_spi(unsigned irq)
{
    if (irq < 32 || irq >= 32 + nr_spis_) return Status::Invalid;
    LockGuard guard(lock_);
    spis_[irq - 32].hw = true;
    return Status::Ok;
}

void Vgic::sync(Vcpu& vcpu, ListRegisters& lrs)
{
    VgicCpu& c = vcpu.vgic;
    for (unsigned i = 0; i < lrs.count() && i < VgicCpu::kMaxLrs; ++i) {
        if (c.lr_irq[i] < 0) continue;
        if (lrs.read(i) & lr::kStateMask) continue; // still pending or active in the guest
        // The guest has taken and completed it: the list register is free.
        if (VirqState* s = state(vcpu, unsigned(c.lr_irq[i]))) s->in_lr = false;
        c.lr_irq[i] = -1;
        lrs.write(i, 0);
    }
}

bool Vgic::has_pending(Vcpu& vcpu, ListRegisters& lrs)
{
    LockGuard guard(lock_);
    return has_pending_locked(vcpu, lrs);
}

void Vgic::block_unless_pending(Vcpu& vcpu, ListRegisters& lrs)
{
    LockGuard guard(lock_);
    if (!has_pending_locked(vcpu, lrs)) vcpu.block_if_runnable();
}

bool Vgic::has_pending_locked(Vcpu& vcpu, ListRegisters& lrs)
{
    sync(vcpu, lrs);
    VgicCpu& c = vcpu.vgic;
    for (unsigned i = 0; i < lrs.count() && i < VgicCpu::kMaxLrs; ++i)
        if (c.lr_irq[i] >= 0 && (lrs.read(i) & lr::kPending)) return true;
    if (!enabled_) return false;
    for (auto& s : c.local)
        if (s.pending && s.enabled && !s.in_lr) return true;
    for (unsigned i = 0; i < nr_spis_; ++i)
        if (spis_[i].pending && spis_[i].enabled && !spis_[i].in_lr && spis_[i].target == vcpu.id()) return true;
    return false;
}

void Vgic::flush(Vcpu& vcpu, ListRegisters& lrs)
{
    LockGuard guard(lock_);
    sync(vcpu, lrs);
    VgicCpu& c = vcpu.vgic;
    unsigned count = lrs.count() < VgicCpu::kMaxLrs ? lrs.count() : VgicCpu::kMaxLrs;
    bool left_over = false;
    while (enabled_) {
        // The highest-priority (lowest value) deliverable interrupt; ties to the lowest id.
        int best = -1;
        uint8_t best_priority = 0xff;
        for (unsigned irq = 0; irq < 32 + nr_spis_; ++irq) {
            VirqState* s = state(vcpu, irq);
            if (!s->pending || !s->enabled || s->in_lr) continue;
            if (irq >= 32 && s->target != vcpu.id()) continue;
            if (best < 0 || s->priority < best_priority) {
                best = int(irq);
                best_priority = s->priority;
            }
        }
        if (best < 0) break;
        unsigned slot = 0;
        while (slot < count && c.lr_irq[slot] >= 0) ++slot;
        if (slot == count) {
            left_over = true;
            break;
        }
        VirqState* s = state(vcpu, unsigned(best));
        unsigned source = 0;
        if (best < 16) {
            while (!(s->sgi_sources & (1u << source))) ++source;
            s->sgi_sources &= uint8_t(~(1u << source));
            s->pending = s->sgi_sources != 0;
        } else {
            s->pending = false;
        }
        s->in_lr = true;
        c.lr_irq[slot] = int16_t(best);
        c.lr_source[slot] = uint8_t(source);
        uint32_t value = lr::make(unsigned(best), s->priority, source);
        // A physical SPI: the guest's EOI deactivates the physical interrupt.
        if (s->hw) value = (value & ~(7u << lr::kCpuIdShift)) | lr::kHardware | (uint32_t(best) << lr::kPhysicalIdShift);
        lrs.write(slot, value);
    }
    lrs.set_underflow_interrupt(left_over);
    // An interrupt pending again while its earlier instance is still in a
    // list register (an SGI sent back before the guest's EOI) can only go
    // in once that instance is gone: the guest's EOI of it must trap
    // (maintenance interrupt), or it waits for whatever trap comes next,
    // for ever on a vCPU that computes alone.
    for (unsigned slot = 0; slot < count; ++slot) {
        if (c.lr_irq[slot] < 0) continue;
        VirqState* s = state(vcpu, unsigned(c.lr_irq[slot]));
        uint32_t value = lrs.read(slot);
        if (s && s->pending && s->enabled && !s->hw && !(value & lr::kEoiMaintenance))
            lrs.write(slot, value | lr::kEoiMaintenance);
    }
}

void Vgic::send_sgi(Vcpu& sender, uint32_t value)
{
    unsigned id = value & 0xf;
    unsigned filter = (value >> 24) & 3;
    uint32_t targets = (value >> 16) & 0xff;
    switch (filter) {
    case 0: break;                                                 // the listed CPUs
    case 1: targets = ((1u << domain_.vcpu_count()) - 1) & ~(1u << sender.id()); break; // all but self
    case 2: targets = 1u << sender.id(); break;                    // self
    default: return;                                               // reserved
    }
    for (unsigned i = 0; i < domain_.vcpu_count(); ++i)
        if (targets & (1u << i)) inject(*domain_.vcpu(i), id, sender.id());
}

} // namespace hv
