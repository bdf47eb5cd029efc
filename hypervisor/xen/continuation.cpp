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

long continue_with(Vcpu& vcpu, uint32_t op, const uint32_t* args, unsigned nargs)
{
    HypercallState& h = vcpu.hypercall;
    h.continued = true;
    h.op = op;
    h.nargs = nargs;
    for (unsigned i = 0; i < nargs && i < 5; ++i) h.args[i] = args[i];
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
    for (unsigned i = 0; i < h.nargs; ++i) frame.r[i] = h.args[i];
    frame.r[12] = h.op;
    frame.pc -= 4; // back to the HVC: 32 bits in both instruction sets
}

} // namespace hv
