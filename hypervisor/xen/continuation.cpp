#include "xen/continuation.hpp"

#include "arch/cpu.hpp"
#include "arch/trap_frame.hpp"
#include "core/vcpu.hpp"
#include "xen/hypercall.hpp"

namespace hv {

bool hypercall_should_yield(const Vcpu& vcpu)
{
    if (arch::interrupt_pending()) return true;
    uint64_t budget = uint64_t(arch::counter_frequency()) * kHypercallBudgetUs / 1000000;
    return arch::counter() - vcpu.hypercall.started > budget;
}

long continue_later(Vcpu& vcpu, uint32_t op, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
    HypercallState& h = vcpu.hypercall;
    h.continued = true;
    h.op = op;
    h.args[0] = a0;
    h.args[1] = a1;
    h.args[2] = a2;
    h.args[3] = a3;
    h.args[4] = a4;
    return 0;
}

void run_hypercall(Vcpu& vcpu, TrapFrame& frame)
{
    HypercallState& h = vcpu.hypercall;
    h.started = arch::counter();
    h.continued = false;
    HypercallArgs args{{frame.r[0], frame.r[1], frame.r[2], frame.r[3], frame.r[4]}};
    long rc = dispatch_hypercall(vcpu, frame.r[12], args);
    if (!h.continued) {
        frame.r[0] = static_cast<uint32_t>(rc);
        return;
    }
    h.continued = false;
    for (unsigned i = 0; i < 5; ++i) frame.r[i] = h.args[i];
    frame.r[12] = h.op;
    frame.pc -= 4; // back to the HVC: 32 bits in both instruction sets
}

} // namespace hv
