#include "core/vgic.hpp"

#include "core/domain.hpp"
#include "core/scheduler.hpp"
#include "core/vcpu.hpp"
#include "mm/heap.hpp"

namespace hv {
namespace {

constexpr uint32_t reg(Vgic::Reg r) { return static_cast<uint32_t>(r); }
bool in(uint64_t offset, Vgic::Reg first, uint32_t last) { return offset >= reg(first) && offset <= last; }

bool is_enabled(const VirqState& s) { return s.enabled; }
bool is_pending(const VirqState& s) { return s.pending; }

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
    if (!has_pending_locked(vcpu, lrs)) vcpu.set_state(Vcpu::State::Blocked);
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

uint32_t Vgic::read_bits(Vcpu& vcpu, unsigned first_irq, bool (*get)(const VirqState&))
{
    uint32_t v = 0;
    for (unsigned b = 0; b < 32; ++b)
        if (VirqState* s = state(vcpu, first_irq + b); s && get(*s)) v |= 1u << b;
    return v;
}

void Vgic::write_enable(Vcpu& vcpu, unsigned first_irq, uint32_t bits, bool enable)
{
    for (unsigned b = 0; b < 32; ++b) {
        if (!(bits & (1u << b))) continue;
        unsigned irq = first_irq + b;
        if (irq < 16) continue; // SGIs: always enabled
        if (VirqState* s = state(vcpu, irq)) s->enabled = enable;
    }
}

void Vgic::write_pending(Vcpu& vcpu, unsigned first_irq, uint32_t bits, bool pending)
{
    for (unsigned b = 0; b < 32; ++b) {
        if (!(bits & (1u << b))) continue;
        unsigned irq = first_irq + b;
        if (irq < 16) continue; // SGI pending state goes through SGIR / S/CPENDSGIR
        if (VirqState* s = state(vcpu, irq)) s->pending = pending;
    }
}

bool Vgic::read_bytes(Vcpu& vcpu, Reg base, uint64_t offset, unsigned size, uint32_t& value)
{
    unsigned first = unsigned(offset - reg(base));
    value = 0;
    for (unsigned i = 0; i < size; ++i) {
        unsigned irq = first + i;
        VirqState* s = state(vcpu, irq);
        if (!s) continue;
        uint32_t byte = 0;
        if (base == Reg::IPRIORITYR) byte = s->priority;
        else if (irq < 32) byte = 1u << vcpu.id(); // ITARGETSR0-7: the reading CPU itself
        else byte = 1u << s->target;
        value |= byte << (8 * i);
    }
    return true;
}

bool Vgic::write_bytes(Vcpu& vcpu, Reg base, uint64_t offset, unsigned size, uint32_t value)
{
    unsigned first = unsigned(offset - reg(base));
    for (unsigned i = 0; i < size; ++i) {
        unsigned irq = first + i;
        VirqState* s = state(vcpu, irq);
        uint8_t byte = uint8_t(value >> (8 * i));
        if (!s) continue;
        if (base == Reg::IPRIORITYR) {
            s->priority = byte;
        } else if (irq >= 32 && byte) {
            // Routed to one vCPU: the lowest one named; names of absent vCPUs are ignored.
            for (unsigned v = 0; v < 8; ++v)
                if ((byte & (1u << v)) && v < domain_.vcpu_count()) {
                    s->target = uint8_t(v);
                    break;
                }
        }
    }
    return true;
}

bool Vgic::read(Vcpu& vcpu, uint64_t offset, unsigned size, uint32_t& value)
{
    bool byte_ok = in(offset, Reg::IPRIORITYR, 0x7fb) || in(offset, Reg::ITARGETSR, 0xbfb);
    if (!(size == 4 || (size == 1 && byte_ok)) || (offset & (size - 1))) return false;
    LockGuard guard(lock_);
    unsigned bank = unsigned((offset & 0x7f) / 4) * 32; // first interrupt of a 1-bit-per-irq word
    value = 0;
    if (offset == reg(Reg::CTLR)) value = enabled_ ? 1 : 0;
    else if (offset == reg(Reg::TYPER)) value = ((nr_irqs() / 32 - 1) & 0x1f) | ((domain_.vcpu_count() - 1) << 5);
    else if (offset == reg(Reg::IIDR)) value = kIidr;
    else if (in(offset, Reg::ISENABLER, 0x1fc)) value = read_bits(vcpu, bank, is_enabled);
    else if (in(offset, Reg::ISPENDR, 0x2fc)) value = read_bits(vcpu, bank, is_pending);
    else if (in(offset, Reg::IPRIORITYR, 0x7fb)) return read_bytes(vcpu, Reg::IPRIORITYR, offset, size, value);
    else if (in(offset, Reg::ITARGETSR, 0xbfb)) return read_bytes(vcpu, Reg::ITARGETSR, offset, size, value);
    else if (in(offset, Reg::ICFGR, 0xcfc)) {
        unsigned first = unsigned(offset - reg(Reg::ICFGR)) / 4 * 16;
        for (unsigned i = 0; i < 16; ++i)
            if (VirqState* s = state(vcpu, first + i); s && !s->level) value |= 2u << (2 * i);
    } else if (offset == reg(Reg::PIDR2)) value = 0x2b; // GICv2
    // Everything else (groups, active state, NSACR, SGIR, S/CPENDSGIR, reserved) reads as zero.
    return true;
}

bool Vgic::write(Vcpu& vcpu, uint64_t offset, unsigned size, uint32_t value)
{
    bool byte_ok = in(offset, Reg::IPRIORITYR, 0x7fb) || in(offset, Reg::ITARGETSR, 0xbfb);
    if (!(size == 4 || (size == 1 && byte_ok)) || (offset & (size - 1))) return false;
    if (offset == reg(Reg::SGIR)) {
        send_sgi(vcpu, value);
        return true;
    }
    Vcpu* wake = nullptr;
    {
        LockGuard guard(lock_);
        unsigned bank = unsigned((offset & 0x7f) / 4) * 32;
        if (offset == reg(Reg::CTLR)) {
            enabled_ = value & 1;
            wake = &vcpu;
        } else if (in(offset, Reg::ISENABLER, 0x17c)) {
            write_enable(vcpu, bank, value, true);
            wake = &vcpu;
        } else if (in(offset, Reg::ICENABLER, 0x1fc)) {
            write_enable(vcpu, bank, value, false);
        } else if (in(offset, Reg::ISPENDR, 0x27c)) {
            write_pending(vcpu, bank, value, true);
            wake = &vcpu;
        } else if (in(offset, Reg::ICPENDR, 0x2fc)) {
            write_pending(vcpu, bank, value, false);
        } else if (in(offset, Reg::IPRIORITYR, 0x7fb)) {
            return write_bytes(vcpu, Reg::IPRIORITYR, offset, size, value);
        } else if (in(offset, Reg::ITARGETSR, 0xbfb)) {
            if (offset >= reg(Reg::ITARGETSR) + 32) write_bytes(vcpu, Reg::ITARGETSR, offset, size, value);
        } else if (in(offset, Reg::ICFGR, 0xcfc)) {
            unsigned first = unsigned(offset - reg(Reg::ICFGR)) / 4 * 16;
            if (first >= 32) // SGI and PPI configuration is fixed
                for (unsigned i = 0; i < 16; ++i)
                    if (VirqState* s = state(vcpu, first + i)) s->level = !(value & (2u << (2 * i)));
        }
        // Groups, active state, NSACR, S/CPENDSGIR, read-only and reserved registers ignore writes.
    }
    if (wake) notify(*wake);
    return true;
}

} // namespace hv
