#include "core/scheduler.hpp"

#include "arch/firmware.hpp"
#include "arch/vcpu_context.hpp"
#include "core/console.hpp"
#include "core/domain.hpp"
#include "core/vcpu.hpp"

namespace hv::scheduler {
namespace {

constexpr unsigned kMaxDomains = 16;
Domain* domains_[kMaxDomains];
unsigned domain_count_ = 0;
Vcpu* current_ = nullptr;
bool yield_requested_ = false;

// The next runnable vCPU after `after` in domain/vCPU order, wrapping
// around; `after` itself comes last.
Vcpu* next_runnable(Vcpu* after)
{
    unsigned total = 0, start = 0;
    Vcpu* all[kMaxDomains * Domain::kMaxVcpus];
    for (unsigned d = 0; d < domain_count_; ++d)
        for (unsigned i = 0; i < domains_[d]->vcpu_count(); ++i) {
            if (domains_[d]->vcpu(i) == after) start = total + 1;
            all[total++] = domains_[d]->vcpu(i);
        }
    for (unsigned k = 0; k < total; ++k) {
        Vcpu* v = all[(start + k) % total];
        if (v->state() == Vcpu::State::Runnable) return v;
    }
    return nullptr;
}

[[noreturn]] void no_vcpu_left()
{
    bool reboot = false;
    for (unsigned d = 0; d < domain_count_; ++d) {
        if (!domains_[d]->is_shut_down()) {
            console::log("no runnable vCPU: idling");
            for (;;) asm volatile("" ::: "memory"); // waits for interrupts (SMP/timer work)
        }
        reboot |= domains_[d]->shutdown_reason() == ShutdownReason::Reboot;
    }
    if (reboot) {
        console::log("all domains have shut down, the last asking for a reboot: resetting the machine");
        arch::firmware::system_reset();
    }
    console::log("all domains have shut down: powering off");
    arch::firmware::system_off();
}

[[noreturn]] void switch_to(Vcpu& next)
{
    current_ = &next;
    arch::vcpu_context_load(next.context);
    arch::enter_guest(next.regs);
}

} // namespace

void add_domain(Domain& domain)
{
    if (domain_count_ < kMaxDomains) domains_[domain_count_++] = &domain;
}

Vcpu* current() { return current_; }

void wake(Vcpu& vcpu) { vcpu.set_state(Vcpu::State::Runnable); }

void yield() { yield_requested_ = true; }

void start()
{
    Vcpu* first = next_runnable(nullptr);
    if (!first) no_vcpu_left();
    switch_to(*first);
}

void before_return(TrapFrame& frame)
{
    bool stays = current_->state() == Vcpu::State::Runnable;
    if (stays && !yield_requested_) return;
    yield_requested_ = false;
    Vcpu* next = next_runnable(current_);
    if (next == current_) return;
    current_->regs = frame;
    arch::vcpu_context_save(current_->context);
    if (!next) no_vcpu_left();
    switch_to(*next);
}

} // namespace hv::scheduler
