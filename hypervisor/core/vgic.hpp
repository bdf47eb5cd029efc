#pragma once
// The virtual GICv2 of a domain. The distributor is emulated (MMIO at the
// guest's GICD address); the CPU interface is the hardware's GICV frame
// mapped into the guest, fed through list registers. Interrupt state lives
// here; list registers are a cache of the highest-priority pending ones.
#include <cstdint>

#include "arch/spinlock.hpp"
#include "core/list_registers.hpp"
#include "core/mmio.hpp"

namespace hv {

class Domain;
class Vcpu;

struct VirqState {
    uint8_t priority = 0;
    uint8_t target = 0;      // SPIs: the vCPU it is routed to
    uint8_t sgi_sources = 0; // SGIs: one bit per sending vCPU still to deliver
    bool enabled = false;
    bool pending = false;
    bool in_lr = false;
    bool level = false;      // ICFGR: level-sensitive (else edge)
    bool hw = false;         // a physical SPI of the same number, deactivated by the guest's EOI
};

// The per-vCPU half: banked SGIs/PPIs and what is in the list registers.
struct VgicCpu {
    static constexpr unsigned kMaxLrs = 16;
    VirqState local[32];
    int16_t lr_irq[kMaxLrs];     // interrupt held by each list register, -1 if none
    uint8_t lr_source[kMaxLrs];  // its SGI source
    uint32_t saved_lr[kMaxLrs];  // hardware contents while the vCPU is off the CPU
    uint32_t vmcr = 0;
    uint32_t apr = 0;
    Spinlock lock;
    VgicCpu();
};

class Vgic final : public MmioHandler {
public:
    static constexpr unsigned kMaxSpis = 988;
    static constexpr uint32_t kIidr = 0x0000043b; // what Xen's vGIC reports
    enum class Reg : uint32_t {
        CTLR = 0x000, TYPER = 0x004, IIDR = 0x008,
        IGROUPR = 0x080, ISENABLER = 0x100, ICENABLER = 0x180, ISPENDR = 0x200, ICPENDR = 0x280,
        ISACTIVER = 0x300, ICACTIVER = 0x380, IPRIORITYR = 0x400, ITARGETSR = 0x800, ICFGR = 0xc00,
        NSACR = 0xe00, SGIR = 0xf00, CPENDSGIR = 0xf10, SPENDSGIR = 0xf20, PIDR2 = 0xfe8,
    };

    explicit Vgic(Domain& domain) : domain_(domain) {}
    ~Vgic();
    Vgic(const Vgic&) = delete;
    Vgic& operator=(const Vgic&) = delete;

    Status init(unsigned nr_spis);
    unsigned nr_irqs() const { return 32 + nr_spis_; }
    bool enabled() const { return enabled_; }

    // Distributor MMIO (offsets within the 4 KiB frame).
    bool read(Vcpu& vcpu, uint64_t offset, unsigned size, uint32_t& value) override;
    bool write(Vcpu& vcpu, uint64_t offset, unsigned size, uint32_t value) override;

    // Makes interrupt `irq` pending: an SGI or PPI of `target`, or an SPI
    // (routed by its ITARGETSR; target ignored). Wakes or kicks the vCPU.
    void inject(Vcpu& target, unsigned irq, unsigned source_vcpu = 0);
    void inject_spi(unsigned irq);
    // Hands physical SPI `irq` to this domain (virtual INTID = physical).
    Status route_physical_spi(unsigned irq);

    // Whether the vCPU has an interrupt it would take (for WFI): pending in
    // a list register or waiting to get into one.
    bool has_pending(Vcpu& vcpu, ListRegisters& lrs);
    bool has_pending_locked(Vcpu& vcpu, ListRegisters& lrs);
    // WFI: blocks the vCPU unless it has something pending; atomic with
    // respect to inject(), so no wake-up is lost.
    void block_unless_pending(Vcpu& vcpu, ListRegisters& lrs);

    // Before entering the guest: retire what the guest finished (empty list
    // registers) and move the highest-priority pending interrupts in.
    void flush(Vcpu& vcpu, ListRegisters& lrs);

private:
    VirqState* state(Vcpu& vcpu, unsigned irq);
    Vcpu* spi_target(const VirqState& s);
    void sync(Vcpu& vcpu, ListRegisters& lrs);
    void send_sgi(Vcpu& sender, uint32_t value);
    void notify(Vcpu& vcpu);
    void notify_after_write(Vcpu& writer, uint32_t offset, unsigned size, uint32_t value);

    // The distributor's register map (vgic_distributor.cpp): one entry per
    // region, with the access widths it allows and its handlers; reads of a
    // region without a reader are zero, writes without a writer ignored.
    struct Region;
    static const Region kRegions[];
    static const Region* region_at(uint32_t offset);
    uint32_t read_ctlr(Vcpu&, uint32_t, unsigned);
    uint32_t read_typer(Vcpu&, uint32_t, unsigned);
    uint32_t read_iidr(Vcpu&, uint32_t, unsigned);
    uint32_t read_enable(Vcpu&, uint32_t, unsigned);
    uint32_t read_pending(Vcpu&, uint32_t, unsigned);
    uint32_t read_priority(Vcpu&, uint32_t, unsigned);
    uint32_t read_targets(Vcpu&, uint32_t, unsigned);
    uint32_t read_config(Vcpu&, uint32_t, unsigned);
    uint32_t read_pidr2(Vcpu&, uint32_t, unsigned);
    // Writers return whether the accessing vCPU may now have work.
    bool write_ctlr(Vcpu&, uint32_t, unsigned, uint32_t);
    bool write_set_enable(Vcpu&, uint32_t, unsigned, uint32_t);
    bool write_clear_enable(Vcpu&, uint32_t, unsigned, uint32_t);
    bool write_set_pending(Vcpu&, uint32_t, unsigned, uint32_t);
    bool write_clear_pending(Vcpu&, uint32_t, unsigned, uint32_t);
    bool write_priority(Vcpu&, uint32_t, unsigned, uint32_t);
    bool write_targets(Vcpu&, uint32_t, unsigned, uint32_t);
    bool write_config(Vcpu&, uint32_t, unsigned, uint32_t);
    bool write_sgir(Vcpu&, uint32_t, unsigned, uint32_t);
    uint32_t bits(Vcpu& vcpu, uint32_t offset, bool VirqState::*field);
    void set_bits(Vcpu& vcpu, uint32_t offset, uint32_t value, bool VirqState::*field, bool to);

    Domain& domain_;
    VirqState* spis_ = nullptr;
    unsigned nr_spis_ = 0;
    bool enabled_ = false;
    Spinlock lock_; // SPI state
};

} // namespace hv
