#include "core/irq.hpp"

#include "arch/barrier.hpp"
#include "arch/cpu.hpp"
#include "core/console.hpp"
#include "core/timer.hpp"
#include "core/domain.hpp"
#include "core/vtimer.hpp"
#include "drivers/gicv2.hpp"

namespace hv {
namespace {
IrqNumbers numbers_;
Domain* spi_owner_[GicV2::kMaxLines];
unsigned console_irq_ = 0;
void (*console_handler_)() = nullptr;
} // namespace

Status route_spi_to_domain(unsigned irq, Domain& domain)
{
    if (irq < 32 || irq >= gic().lines() || spi_owner_[irq]) return Status::Invalid;
    if (Status s = domain.vgic().route_physical_spi(irq); s != Status::Ok) return s;
    spi_owner_[irq] = &domain;
    gic().set_priority(irq, 0xa0);
    gic().set_target(irq, gic().cpu_mask(0));
    gic().enable(irq);
    return Status::Ok;
}

void set_console_input_irq(unsigned irq, void (*handler)())
{
    console_irq_ = irq;
    console_handler_ = handler;
    gic().set_priority(irq, 0xa0);
    gic().set_target(irq, gic().cpu_mask(0));
    gic().enable(irq);
}

void irq_init_cpu(const IrqNumbers& numbers)
{
    numbers_ = numbers;
    GicV2& g = gic();
    g.init_cpu();
    for (unsigned irq : {numbers.hyp_timer, numbers.virt_timer, numbers.maintenance}) {
        g.set_priority(irq, 0x80);
        g.enable(irq);
    }
}

void irq_init_secondary_cpu() { irq_init_cpu(numbers_); }

void handle_physical_irqs(Vcpu* current)
{
    GicV2& g = gic();
    for (unsigned guard = 0; guard < 64; ++guard) {
        uint32_t iar = g.acknowledge();
        unsigned irq = iar & 0x3ff;
        if (irq >= GicV2::kSpurious - 3) break; // 1020-1023: nothing (more) pending
        // A kick: what its sender wrote before the SGI (a vCPU's state, a
        // CPU's `woken`) must be read after the acknowledge, not before.
        arch::dmb();
        g.end_of_interrupt(iar);
        if (irq == numbers_.hyp_timer) {
            timers::this_cpu().expire(arch::counter());
        } else if (irq == numbers_.virt_timer) {
            vtimer_physical_interrupt(current);
        } else if (irq == numbers_.maintenance || irq < 16) {
            // Underflow or a kick: the way back to the guest refills the list
            // registers and looks at the run queue.
        } else if (irq == console_irq_ && console_handler_) {
            console_handler_();
        } else if (irq < GicV2::kMaxLines && spi_owner_[irq]) {
            // Stays active until the owner's EOI deactivates it (HW list register).
            spi_owner_[irq]->vgic().inject_spi(irq);
            continue;
        } else {
            HV_LOG_RATELIMITED("unexpected physical interrupt %u", irq);
        }
        g.deactivate(iar);
    }
    // Timer ticks and wake-ups move queued guest output along.
    console::drain(console::kDrainStep);
}

} // namespace hv
