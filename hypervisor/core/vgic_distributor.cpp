// The emulated GICv2 distributor (GICv2 architecture 4.3; ARMv7 guests as
// Linux drives them): a table of register regions, each with its allowed
// access widths and its handlers. Every interrupt index taken from an
// offset is checked against the domain's lines before use.
#include "core/domain.hpp"
#include "core/vcpu.hpp"
#include "core/vgic.hpp"

namespace hv {

struct Vgic::Region {
    uint32_t first, last; // offsets, inclusive
    bool byte_access;     // 1-byte accesses allowed (words always are)
    bool locked;          // the handler runs under the vGIC lock
    uint32_t (Vgic::*read)(Vcpu&, uint32_t offset, unsigned size);
    bool (Vgic::*write)(Vcpu&, uint32_t offset, unsigned size, uint32_t value);
};

const Vgic::Region Vgic::kRegions[] = {
    {0x000, 0x003, false, true, &Vgic::read_ctlr, &Vgic::write_ctlr},           // CTLR
    {0x004, 0x007, false, true, &Vgic::read_typer, nullptr},                    // TYPER
    {0x008, 0x00b, false, true, &Vgic::read_iidr, nullptr},                     // IIDR
    {0x100, 0x17f, false, true, &Vgic::read_enable, &Vgic::write_set_enable},   // ISENABLER
    {0x180, 0x1ff, false, true, &Vgic::read_enable, &Vgic::write_clear_enable}, // ICENABLER
    {0x200, 0x27f, false, true, &Vgic::read_pending, &Vgic::write_set_pending}, // ISPENDR
    {0x280, 0x2ff, false, true, &Vgic::read_pending, &Vgic::write_clear_pending}, // ICPENDR
    {0x400, 0x7fb, true, true, &Vgic::read_priority, &Vgic::write_priority},    // IPRIORITYR
    {0x800, 0xbfb, true, true, &Vgic::read_targets, &Vgic::write_targets},      // ITARGETSR
    {0xc00, 0xcff, false, true, &Vgic::read_config, &Vgic::write_config},       // ICFGR
    {0xf00, 0xf03, false, false, nullptr, &Vgic::write_sgir},                   // SGIR (write only)
    {0xfe8, 0xfeb, false, true, &Vgic::read_pidr2, nullptr},                    // ICPIDR2
    // Not listed, so RAZ/WI: IGROUPR (one group), I[SC]ACTIVER (active state
    // lives in the list registers), NSACR, C/SPENDSGIR, reserved space.
};

const Vgic::Region* Vgic::region_at(uint32_t offset)
{
    for (const Region& r : kRegions)
        if (offset >= r.first && offset <= r.last) return &r;
    return nullptr;
}

bool Vgic::read(Vcpu& vcpu, uint64_t offset, unsigned size, uint32_t& value)
{
    const Region* r = offset <= 0xfff ? region_at(uint32_t(offset)) : nullptr;
    if (!(size == 4 || (size == 1 && r && r->byte_access)) || (offset & (size - 1))) return false;
    value = 0;
    if (!r || !r->read) return true;
    LockGuard guard(lock_);
    value = (this->*(r->read))(vcpu, uint32_t(offset), size);
    return true;
}

bool Vgic::write(Vcpu& vcpu, uint64_t offset, unsigned size, uint32_t value)
{
    const Region* r = offset <= 0xfff ? region_at(uint32_t(offset)) : nullptr;
    if (!(size == 4 || (size == 1 && r && r->byte_access)) || (offset & (size - 1))) return false;
    if (!r || !r->write) return true;
    bool work;
    if (r->locked) {
        LockGuard guard(lock_);
        work = (this->*(r->write))(vcpu, uint32_t(offset), size, value);
    } else {
        work = (this->*(r->write))(vcpu, uint32_t(offset), size, value);
    }
    if (work) notify_after_write(vcpu, uint32_t(offset), size, value);
    return true;
}

// A write that may have given a vCPU an interrupt to take wakes (or kicks,
// to refill its list registers) that vCPU only: the writer for its own
// banked SGIs and PPIs, each newly enabled, pended or retargeted SPI's
// target, every vCPU when the distributor is switched on.
void Vgic::notify_after_write(Vcpu& writer, uint32_t offset, unsigned size, uint32_t value)
{
    uint32_t word = offset & ~3u, targets = 0;
    auto spi_target_bit = [&](unsigned irq) {
        if (irq >= 32 && irq < 32 + nr_spis_) targets |= 1u << spis_[irq - 32].target;
    };
    if (word == 0x000) {
        targets = ~0u;
    } else if (word == 0x100 || word == 0x200) {
        targets = 1u << writer.id();
    } else if ((word > 0x100 && word < 0x180) || (word > 0x200 && word < 0x280)) {
        unsigned first = (word & 0x7f) * 8; // 32 interrupts per word
        for (unsigned bit = 0; bit < 32; ++bit)
            if (value & (1u << bit)) spi_target_bit(first + bit);
    } else if (offset >= 0x820 && offset < 0xc00) {
        for (unsigned i = 0; i < size; ++i) spi_target_bit(offset - 0x800 + i);
    }
    for (unsigned i = 0; i < domain_.vcpu_count() && i < 32; ++i)
        if (targets & (1u << i))
            if (Vcpu* v = domain_.vcpu(i)) notify(*v);
}

uint32_t Vgic::read_ctlr(Vcpu&, uint32_t, unsigned) { return enabled_ ? 1 : 0; }

bool Vgic::write_ctlr(Vcpu&, uint32_t, unsigned, uint32_t value)
{
    enabled_ = value & 1;
    return enabled_;
}

uint32_t Vgic::read_typer(Vcpu&, uint32_t, unsigned)
{
    return ((nr_irqs() / 32 - 1) & 0x1f) | ((domain_.vcpu_count() - 1) << 5);
}

uint32_t Vgic::read_iidr(Vcpu&, uint32_t, unsigned) { return kIidr; }
uint32_t Vgic::read_pidr2(Vcpu&, uint32_t, unsigned) { return 0x2b; } // GICv2

// One bit per interrupt: the word at `offset` covers 32 interrupts.
uint32_t Vgic::bits(Vcpu& vcpu, uint32_t offset, bool VirqState::*field)
{
    unsigned first = (offset & 0x7f) / 4 * 32;
    uint32_t v = 0;
    for (unsigned b = 0; b < 32; ++b)
        if (VirqState* s = state(vcpu, first + b); s && s->*field) v |= 1u << b;
    return v;
}

void Vgic::set_bits(Vcpu& vcpu, uint32_t offset, uint32_t value, bool VirqState::*field, bool to)
{
    unsigned first = (offset & 0x7f) / 4 * 32;
    for (unsigned b = 0; b < 32; ++b) {
        unsigned irq = first + b;
        // SGIs are always enabled, and pend only through SGIR.
        if (!(value & (1u << b)) || irq < 16) continue;
        if (VirqState* s = state(vcpu, irq)) s->*field = to;
    }
}

uint32_t Vgic::read_enable(Vcpu& vcpu, uint32_t offset, unsigned) { return bits(vcpu, offset, &VirqState::enabled); }
uint32_t Vgic::read_pending(Vcpu& vcpu, uint32_t offset, unsigned) { return bits(vcpu, offset, &VirqState::pending); }

bool Vgic::write_set_enable(Vcpu& vcpu, uint32_t offset, unsigned, uint32_t value)
{
    set_bits(vcpu, offset, value, &VirqState::enabled, true);
    return true;
}

bool Vgic::write_clear_enable(Vcpu& vcpu, uint32_t offset, unsigned, uint32_t value)
{
    set_bits(vcpu, offset, value, &VirqState::enabled, false);
    return false;
}

bool Vgic::write_set_pending(Vcpu& vcpu, uint32_t offset, unsigned, uint32_t value)
{
    set_bits(vcpu, offset, value, &VirqState::pending, true);
    return true;
}

bool Vgic::write_clear_pending(Vcpu& vcpu, uint32_t offset, unsigned, uint32_t value)
{
    set_bits(vcpu, offset, value, &VirqState::pending, false);
    return false;
}

// One byte per interrupt.
uint32_t Vgic::read_priority(Vcpu& vcpu, uint32_t offset, unsigned size)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < size; ++i)
        if (VirqState* s = state(vcpu, offset - 0x400 + i)) v |= uint32_t(s->priority) << (8 * i);
    return v;
}

bool Vgic::write_priority(Vcpu& vcpu, uint32_t offset, unsigned size, uint32_t value)
{
    for (unsigned i = 0; i < size; ++i)
        if (VirqState* s = state(vcpu, offset - 0x400 + i)) s->priority = uint8_t(value >> (8 * i));
    return false;
}

uint32_t Vgic::read_targets(Vcpu& vcpu, uint32_t offset, unsigned size)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < size; ++i) {
        unsigned irq = offset - 0x800 + i;
        VirqState* s = state(vcpu, irq);
        if (!s) continue;
        // SGIs and PPIs: the reading vCPU itself (Linux learns its own mask here).
        uint32_t byte = irq < 32 ? 1u << vcpu.id() : 1u << s->target;
        v |= byte << (8 * i);
    }
    return v;
}

bool Vgic::write_targets(Vcpu& vcpu, uint32_t offset, unsigned size, uint32_t value)
{
    bool moved = false;
    for (unsigned i = 0; i < size; ++i) {
        unsigned irq = offset - 0x800 + i;
        uint8_t byte = uint8_t(value >> (8 * i));
        VirqState* s = state(vcpu, irq);
        if (!s || irq < 32 || !byte) continue; // banked targets are read-only; no target: ignored
        // An SPI goes to one vCPU: the lowest one named that exists.
        for (unsigned v = 0; v < 8; ++v)
            if ((byte & (1u << v)) && v < domain_.vcpu_count()) {
                moved |= s->target != v;
                s->target = uint8_t(v);
                break;
            }
    }
    return moved; // a pending SPI may now be another vCPU's to take
}

// Two bits per interrupt; bit 1 set = edge-triggered.
uint32_t Vgic::read_config(Vcpu& vcpu, uint32_t offset, unsigned)
{
    unsigned first = (offset - 0xc00) / 4 * 16;
    uint32_t v = 0;
    for (unsigned i = 0; i < 16; ++i)
        if (VirqState* s = state(vcpu, first + i); s && !s->level) v |= 2u << (2 * i);
    return v;
}

bool Vgic::write_config(Vcpu& vcpu, uint32_t offset, unsigned, uint32_t value)
{
    unsigned first = (offset - 0xc00) / 4 * 16;
    if (first < 32) return false; // SGI and PPI configuration is fixed
    for (unsigned i = 0; i < 16; ++i)
        if (VirqState* s = state(vcpu, first + i)) s->level = !(value & (2u << (2 * i)));
    return false;
}

bool Vgic::write_sgir(Vcpu& vcpu, uint32_t, unsigned, uint32_t value)
{
    send_sgi(vcpu, value);
    return false;
}

} // namespace hv
