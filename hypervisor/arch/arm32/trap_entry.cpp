// C++ side of the Hyp vectors (vectors.S).
#include "arch/sysreg.hpp"
#include "arch/trap_frame.hpp"
#include "core/console.hpp"
#include "core/hsr.hpp"
#include "core/irq.hpp"
#include "core/scheduler.hpp"
#include "core/serror.hpp"
#include "core/traps.hpp"

extern "C" {
void handle_guest_trap(hv::TrapFrame* frame);
void handle_irq(hv::TrapFrame* frame);
void handle_hyp_data_abort(hv::TrapFrame* frame);
[[noreturn]] void hyp_exception_fatal(hv::TrapFrame* frame, uint32_t kind);
extern char serror_window_start[], serror_window_end[];
void synchronize_serror();
}

using namespace hv;
using namespace hv::arch::sysreg;

void handle_guest_trap(TrapFrame* frame)
{
    Hsr hsr{read_hsr()};
    uint32_t hdfar = read_hdfar(), hifar = read_hifar();
    uint32_t far = hsr.ec() == ExceptionClass::PrefetchAbortGuest ? hifar : hdfar;
    uint64_t ipa = (uint64_t(read_hpfar() & ~0xfu) << 8) | (far & 0xfff);
    synchronize_serror(); // after the syndrome is read: an SError taken there overwrites it
    handle_trap(*scheduler::current(), *frame, TrapInfo{hsr, hdfar, hifar, ipa});
    scheduler::before_return(*frame);
}

void handle_irq(TrapFrame* frame)
{
    synchronize_serror();
    handle_physical_irqs(scheduler::current());
    scheduler::before_return(*frame);
}

void handle_hyp_data_abort(TrapFrame* frame)
{
    auto start = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(serror_window_start));
    auto end = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(serror_window_end));
    Vcpu* vcpu = scheduler::current();
    if (serror_source(frame->pc, start, end) == SerrorSource::ExitingGuest && vcpu) {
        forward_serror(*vcpu);
        return;
    }
    hyp_exception_fatal(frame, 4);
}

void hyp_exception_fatal(TrapFrame* f, uint32_t kind)
{
    static const char* const kKinds[] = {"reset", "undefined instruction", "HVC/SVC", "prefetch abort",
                                         "data abort", "trap", "IRQ", "FIQ"};
    Hsr hsr{read_hsr()};
    console::log("----[ Hyp-mode exception: %s ]----", kKinds[kind & 7]);
    console::log("PC:     %08x   CPSR: %08x (mode %#x)", f->pc, f->cpsr, f->cpsr & 0x1f);
    for (unsigned i = 0; i < 12; i += 4)
        console::log("R%-2u: %08x  R%-2u: %08x  R%-2u: %08x  R%-2u: %08x", i, f->r[i], i + 1, f->r[i + 1], i + 2,
                     f->r[i + 2], i + 3, f->r[i + 3]);
    console::log("R12: %08x  SP:  %08x  LR:  %08x", f->r[12], static_cast<uint32_t>(reinterpret_cast<uintptr_t>(f + 1)),
                 f->lr_usr);
    console::log("HSR:   %08x (EC %#x: %s, IL %u, ISS %#x)", hsr.raw, static_cast<unsigned>(hsr.ec()),
                 exception_class_name(hsr.ec()), hsr.il() ? 1 : 0, hsr.iss());
    console::log("HDFAR: %08x  HIFAR: %08x  HPFAR: %08x", read_hdfar(), read_hifar(), read_hpfar());
    console::log("HSCTLR: %08x  HCR: %08x  HTTBR: %016llx", read_hsctlr(), read_hcr(),
                 static_cast<unsigned long long>(read_httbr()));
    console::log("This CPU is stopped.");
    console::flush();
    asm volatile("cpsid aif" ::: "memory");
    for (;;) asm volatile("wfi");
}
