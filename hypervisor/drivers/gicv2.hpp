#pragma once
// The physical GICv2: distributor (shared), CPU interface (banked per CPU)
// and the virtual interface control block GICH (banked per CPU), which the
// vGIC drives through list registers. Registers are described as data.
#include <cstdint>

namespace hv {

class GicV2 {
public:
    enum class Dist : uintptr_t {
        CTLR = 0x000,       // rw Distributor control
        TYPER = 0x004,      // ro Interrupt controller type
        IIDR = 0x008,       // ro Implementer identification
        IGROUPR = 0x080,    // rw Group, 1 bit per interrupt
        ISENABLER = 0x100,  // rw Set-enable
        ICENABLER = 0x180,  // rw Clear-enable
        ISPENDR = 0x200,    // rw Set-pending
        ICPENDR = 0x280,    // rw Clear-pending
        ISACTIVER = 0x300,  // rw Set-active
        ICACTIVER = 0x380,  // rw Clear-active
        IPRIORITYR = 0x400, // rw Priority, 1 byte per interrupt
        ITARGETSR = 0x800,  // rw CPU targets, 1 byte per interrupt
        ICFGR = 0xc00,      // rw Configuration, 2 bits per interrupt
        SGIR = 0xf00,       // wo Software-generated interrupt
    };
    enum class Cpu : uintptr_t {
        CTLR = 0x0000, // rw CPU interface control
        PMR = 0x0004,  // rw Priority mask
        BPR = 0x0008,  // rw Binary point
        IAR = 0x000c,  // ro Interrupt acknowledge
        EOIR = 0x0010, // wo End of interrupt (priority drop with EOImode=1)
        DIR = 0x1000,  // wo Deactivate interrupt
    };
    enum class Hyp : uintptr_t {
        HCR = 0x000,   // rw Hypervisor control
        VTR = 0x004,   // ro VGIC type: number of list registers
        VMCR = 0x008,  // rw Virtual machine control (the guest's GICC state)
        MISR = 0x010,  // ro Maintenance interrupt status
        EISR0 = 0x020, // ro End-of-interrupt status
        ELSR0 = 0x030, // ro Empty list register status
        APR = 0x0f0,   // rw Active priorities
        LR0 = 0x100,   // rw List registers, 4 bytes each
    };

    static constexpr uint32_t kSpurious = 1023;
    static constexpr unsigned kMaxLines = 1020;
    // GICH_HCR
    static constexpr uint32_t kHcrEnable = 1u << 0;
    static constexpr uint32_t kHcrUnderflowIrq = 1u << 1; // maintenance IRQ when at most one LR is valid

    void init(uintptr_t dist, uintptr_t cpu, uintptr_t hyp);
    // Per CPU: CPU interface and GICH (banked registers).
    void init_cpu();

    unsigned lines() const { return lines_; }
    unsigned list_registers() const { return list_registers_; }
    uint32_t iidr() const;

    void enable(unsigned irq);
    void disable(unsigned irq);
    void set_priority(unsigned irq, uint8_t priority);
    void set_target(unsigned irq, uint8_t cpu_mask);
    void set_level_triggered(unsigned irq, bool level);
    // Sends SGI `id` to the CPUs in `cpu_mask`.
    void send_sgi(unsigned id, uint8_t cpu_mask);
    // The GIC's target bit for logical CPU `cpu` (learnt in init_cpu).
    uint8_t cpu_mask(unsigned cpu) const { return cpu < 8 ? cpu_masks_[cpu] : 0; }

    uint32_t acknowledge();                          // IAR; kSpurious when none
    void end_of_interrupt(uint32_t iar);             // priority drop
    void deactivate(uint32_t iar);                   // DIR

    uint32_t read_hyp(Hyp r) const;
    void write_hyp(Hyp r, uint32_t v);
    uint32_t read_lr(unsigned i) const;
    void write_lr(unsigned i, uint32_t v);

private:
    uint32_t read(Dist r, unsigned index = 0) const;
    void write(Dist r, unsigned index, uint32_t v);

    uintptr_t dist_ = 0, cpu_ = 0, hyp_ = 0;
    unsigned lines_ = 0;
    unsigned list_registers_ = 0;
    uint8_t cpu_masks_[8] = {};
};

GicV2& gic();

} // namespace hv
