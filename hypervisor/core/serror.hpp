#pragma once
// Asynchronous aborts (SErrors). The way in from a guest unmasks them for a
// moment right after saving the guest's registers (arch: the SError window),
// so that one the exiting guest left pending is taken there and charged to
// it, never to the guest that runs next on this CPU (the XSA-201 class).
// A guest's SError goes back to it as a virtual abort, as Xen's default
// ("diverse") does; any other is a hypervisor fault.
#include <cstdint>

namespace hv {

class Vcpu;

enum class SerrorSource { ExitingGuest, Hypervisor };

// Who an abort taken in Hyp mode at `pc` belongs to, given the window
// [window_start, window_end] where guest SErrors are taken.
constexpr SerrorSource serror_source(uint32_t pc, uint32_t window_start, uint32_t window_end)
{
    return pc >= window_start && pc <= window_end ? SerrorSource::ExitingGuest : SerrorSource::Hypervisor;
}

// Makes a virtual abort pending for `vcpu` (whose registers are loaded on
// this CPU): it takes it when it unmasks aborts.
void forward_serror(Vcpu& vcpu);

} // namespace hv
