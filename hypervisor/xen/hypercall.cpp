#include "xen/hypercall.hpp"

#include "core/console.hpp"
#include "core/domain.hpp"
#include "core/vcpu.hpp"
#include "include/public/errno.hpp"
#include "include/public/xen.hpp"

namespace hv {
namespace {

using xen::Hypercall;

constexpr unsigned index(Hypercall h) { return static_cast<unsigned>(h); }

struct Table {
    HypercallEntry entries[xen::kHypercallCount];
    constexpr Table() : entries{}
    {
        entries[index(Hypercall::xen_version)] = {"xen_version", do_xen_version};
        entries[index(Hypercall::console_io)] = {"console_io", do_console_io};
        entries[index(Hypercall::memory_op)] = {"memory_op", do_memory_op};
        entries[index(Hypercall::event_channel_op)] = {"event_channel_op", do_event_channel_op};
        entries[index(Hypercall::grant_table_op)] = {"grant_table_op", do_grant_table_op};
        entries[index(Hypercall::vcpu_op)] = {"vcpu_op", do_vcpu_op};
        entries[index(Hypercall::sched_op)] = {"sched_op", do_sched_op};
        entries[index(Hypercall::hvm_op)] = {"hvm_op", do_hvm_op};
        entries[index(Hypercall::vm_assist)] = {"vm_assist", do_vm_assist};
        entries[index(Hypercall::platform_op)] = {"platform_op", do_platform_op};
        entries[index(Hypercall::multicall)] = {"multicall", do_multicall};
        entries[index(Hypercall::sysctl)] = {"sysctl", do_sysctl};
        entries[index(Hypercall::xsm_op)] = {"xsm_op", do_xsm_op};
        entries[index(Hypercall::domctl)] = {"domctl", do_domctl};
    }
};

constexpr Table kTable;

console::FirstTimeSeen<63> unknown_reported_;

struct Wallclock {
    uint64_t secs = 0;
    uint32_t nsecs = 0;
    uint64_t system_time = 0;
} wallclock_;

} // namespace

void set_wallclock(uint64_t secs, uint32_t nsecs, uint64_t system_time_ns)
{
    wallclock_ = Wallclock{secs, nsecs, system_time_ns};
}

const HypercallEntry* hypercall_entry(uint32_t number)
{
    if (number >= xen::kHypercallCount || !kTable.entries[number].handler) return nullptr;
    return &kTable.entries[number];
}

long dispatch_hypercall(Vcpu& vcpu, uint32_t number, const HypercallArgs& args)
{
    if (const HypercallEntry* e = hypercall_entry(number)) return e->handler(vcpu, args);
    if (unknown_reported_.first(number))
        console::log("d%uv%u: unimplemented hypercall %u%s", vcpu.domain().id(), vcpu.id(), number,
                     number >= 63 ? " (further numbers >= 63 not reported)" : "");
    return -xen::XEN_ENOSYS;
}

} // namespace hv
