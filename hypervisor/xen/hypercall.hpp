#pragma once
// The Xen hypercall table: one entry per hypercall number, each with its
// name and handler. Arguments come from r0-r4, the result goes to r0 as a
// (negative errno) long; no other register is touched.
#include <cstdint>

namespace hv {

class Vcpu;

struct HypercallArgs {
    uint32_t arg[5];
};

using HypercallHandler = long (*)(Vcpu& vcpu, const HypercallArgs& args);

struct HypercallEntry {
    const char* name;
    HypercallHandler handler; // nullptr: not implemented, -ENOSYS
};

// Runs hypercall `number` for `vcpu`; -ENOSYS for unknown numbers, each
// reported once on the console.
long dispatch_hypercall(Vcpu& vcpu, uint32_t number, const HypercallArgs& args);
const HypercallEntry* hypercall_entry(uint32_t number);

// Handlers (xen/*.cpp)
long do_xen_version(Vcpu& vcpu, const HypercallArgs& args);
long do_console_io(Vcpu& vcpu, const HypercallArgs& args);
long do_memory_op(Vcpu& vcpu, const HypercallArgs& args);
long do_event_channel_op(Vcpu& vcpu, const HypercallArgs& args);
long do_grant_table_op(Vcpu& vcpu, const HypercallArgs& args);
long do_vcpu_op(Vcpu& vcpu, const HypercallArgs& args);
long do_sched_op(Vcpu& vcpu, const HypercallArgs& args);
long do_hvm_op(Vcpu& vcpu, const HypercallArgs& args);
long do_vm_assist(Vcpu& vcpu, const HypercallArgs& args);
long do_platform_op(Vcpu& vcpu, const HypercallArgs& args);
long do_multicall(Vcpu& vcpu, const HypercallArgs& args);
long do_sysctl(Vcpu& vcpu, const HypercallArgs& args);
long do_xsm_op(Vcpu& vcpu, const HypercallArgs& args);
long do_domctl(Vcpu& vcpu, const HypercallArgs& args);

// The wall clock dom0 set with XENPF_settime64 (seconds, ns at system time).
void set_wallclock(uint64_t secs, uint32_t nsecs, uint64_t system_time_ns);

} // namespace hv
