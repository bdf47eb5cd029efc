#pragma once
// Physical interrupts taken by the hypervisor: its own timer, the guests'
// virtual timer, the vGIC maintenance interrupt and inter-CPU kicks.
#include <cstdint>

#include "lib/status.hpp"

namespace hv {

class Vcpu;

struct IrqNumbers {
    unsigned hyp_timer = 26;
    unsigned virt_timer = 27;
    unsigned maintenance = 25;
};

// SGI the hypervisor sends to another physical CPU: "look at your run queue".
inline constexpr unsigned kKickSgi = 0;

void irq_init_cpu(const IrqNumbers& numbers);
// The same on the other CPUs, with the numbers CPU 0 was given.
void irq_init_secondary_cpu();
class Domain;

// Gives physical SPI `irq` to `domain` (its device is passed through): the
// interrupt is enabled, sent to CPU 0, and forwarded with the guest's EOI
// deactivating it.
Status route_spi_to_domain(unsigned irq, Domain& domain);
// Serial input for the console (the hypervisor's UART interrupt).
void set_console_input_irq(unsigned irq, void (*handler)());

// Acknowledges and handles everything pending at the GIC CPU interface.
// `current`: the vCPU that was running, or nullptr from the idle loop.
void handle_physical_irqs(Vcpu* current);

} // namespace hv
