#include "drivers/gicv2.hpp"

#include "arch/barrier.hpp"
#include "arch/cpu.hpp"
#include "arch/mmio.hpp"

namespace hv {

uint32_t GicV2::read(Dist r, unsigned index) const
{
    return arch::mmio_read32(dist_ + static_cast<uintptr_t>(r) + index * 4);
}

void GicV2::write(Dist r, unsigned index, uint32_t v)
{
    arch::mmio_write32(dist_ + static_cast<uintptr_t>(r) + index * 4, v);
}

uint32_t GicV2::read_hyp(Hyp r) const { return arch::mmio_read32(hyp_ + static_cast<uintptr_t>(r)); }
void GicV2::write_hyp(Hyp r, uint32_t v) { arch::mmio_write32(hyp_ + static_cast<uintptr_t>(r), v); }
uint32_t GicV2::read_lr(unsigned i) const { return arch::mmio_read32(hyp_ + static_cast<uintptr_t>(Hyp::LR0) + i * 4); }
void GicV2::write_lr(unsigned i, uint32_t v) { arch::mmio_write32(hyp_ + static_cast<uintptr_t>(Hyp::LR0) + i * 4, v); }

uint32_t GicV2::iidr() const { return read(Dist::IIDR); }

void GicV2::init(uintptr_t dist, uintptr_t cpu, uintptr_t hyp)
{
    dist_ = dist;
    cpu_ = cpu;
    hyp_ = hyp;
    write(Dist::CTLR, 0, 0);
    lines_ = ((read(Dist::TYPER) & 0x1f) + 1) * 32;
    if (lines_ > kMaxLines) lines_ = kMaxLines;
    // Every SPI: disabled, inactive, not pending, level, priority 0xa0, to CPU 0.
    for (unsigned i = 32; i < lines_; i += 32) {
        write(Dist::ICENABLER, i / 32, 0xffffffffu);
        write(Dist::ICPENDR, i / 32, 0xffffffffu);
        write(Dist::ICACTIVER, i / 32, 0xffffffffu);
    }
    for (unsigned i = 32; i < lines_; i += 16) write(Dist::ICFGR, i / 16, 0);
    for (unsigned i = 32; i < lines_; i += 4) {
        write(Dist::IPRIORITYR, i / 4, 0xa0a0a0a0u);
        write(Dist::ITARGETSR, i / 4, 0x01010101u);
    }
    write(Dist::CTLR, 0, 1);
    arch::dsb();
}

void GicV2::init_cpu()
{
    // Banked SGIs/PPIs of this CPU: disabled except SGIs, priority 0xa0.
    write(Dist::ICENABLER, 0, 0xffff0000u);
    write(Dist::ISENABLER, 0, 0x0000ffffu);
    write(Dist::ICACTIVER, 0, 0xffffffffu);
    for (unsigned i = 0; i < 32; i += 4) write(Dist::IPRIORITYR, i / 4, 0xa0a0a0a0u);
    // ITARGETSR0-7 read as this CPU's own target bit.
    if (unsigned cpu = arch::cpu_index(); cpu < 8) cpu_masks_[cpu] = static_cast<uint8_t>(read(Dist::ITARGETSR, 0) & 0xff);
    arch::mmio_write32(cpu_ + static_cast<uintptr_t>(Cpu::PMR), 0xff);
    arch::mmio_write32(cpu_ + static_cast<uintptr_t>(Cpu::BPR), 0);
    // Enable group 0 with EOImode = 1: EOIR only drops the priority and DIR
    // deactivates, so an interrupt forwarded to a guest can stay active.
    arch::mmio_write32(cpu_ + static_cast<uintptr_t>(Cpu::CTLR), (1u << 0) | (1u << 9));
    unsigned vtr = read_hyp(Hyp::VTR);
    list_registers_ = (vtr & 0x3f) + 1;
    for (unsigned i = 0; i < list_registers_; ++i) write_lr(i, 0);
    write_hyp(Hyp::APR, 0);
    write_hyp(Hyp::HCR, kHcrEnable);
    arch::dsb();
}

void GicV2::enable(unsigned irq) { write(Dist::ISENABLER, irq / 32, 1u << (irq % 32)); }
void GicV2::disable(unsigned irq) { write(Dist::ICENABLER, irq / 32, 1u << (irq % 32)); }

void GicV2::set_priority(unsigned irq, uint8_t priority)
{
    uint32_t shift = (irq % 4) * 8;
    uint32_t v = read(Dist::IPRIORITYR, irq / 4);
    write(Dist::IPRIORITYR, irq / 4, (v & ~(0xffu << shift)) | (uint32_t(priority) << shift));
}

void GicV2::set_target(unsigned irq, uint8_t cpu_mask)
{
    uint32_t shift = (irq % 4) * 8;
    uint32_t v = read(Dist::ITARGETSR, irq / 4);
    write(Dist::ITARGETSR, irq / 4, (v & ~(0xffu << shift)) | (uint32_t(cpu_mask) << shift));
}

void GicV2::set_level_triggered(unsigned irq, bool level)
{
    uint32_t shift = (irq % 16) * 2 + 1;
    uint32_t v = read(Dist::ICFGR, irq / 16);
    write(Dist::ICFGR, irq / 16, level ? (v & ~(1u << shift)) : (v | (1u << shift)));
}

void GicV2::send_sgi(unsigned id, uint8_t cpu_mask)
{
    arch::dsb(); // whatever the target is told about must be visible first
    write(Dist::SGIR, 0, (uint32_t(cpu_mask) << 16) | (id & 0xf));
}

uint32_t GicV2::acknowledge() { return arch::mmio_read32(cpu_ + static_cast<uintptr_t>(Cpu::IAR)); }
void GicV2::end_of_interrupt(uint32_t iar) { arch::mmio_write32(cpu_ + static_cast<uintptr_t>(Cpu::EOIR), iar); }
void GicV2::deactivate(uint32_t iar) { arch::mmio_write32(cpu_ + static_cast<uintptr_t>(Cpu::DIR), iar); }

GicV2& gic()
{
    static GicV2 instance;
    return instance;
}

} // namespace hv
