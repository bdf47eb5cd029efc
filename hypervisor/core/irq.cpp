#include "core/irq.hpp"

#include "arch/cpu.hpp"
#include "core/console.hpp"
#include "core/timer.hpp"
#include "core/vtimer.hpp"
#include "drivers/gicv2.hpp"

namespace hv {
namespace {
IrqNumbers numbers_;
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
        g.end_of_interrupt(iar);
        if (irq == numbers_.hyp_timer) {
            timers::this_cpu().expire(arch::counter());
        } else if (irq == numbers_.virt_timer) {
            vtimer_physical_interrupt(current);
        } else if (irq == numbers_.maintenance || irq < 16) {
            // Underflow or a kick: the way back to the guest refills the list
            // registers and looks at the run queue.
        } else {
            HV_LOG_RATELIMITED("unexpected physical interrupt %u", irq);
        }
        g.deactivate(iar);
    }
}

} // namespace hv
