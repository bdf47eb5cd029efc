#include "xen/domain_info.hpp"

#include "arch/cpu.hpp"
#include "core/domain.hpp"
#include "core/vcpu.hpp"
#include "include/public/vcpu_sched_hvm.hpp"

namespace hv {
namespace {

uint32_t xen_shutdown_code(ShutdownReason r)
{
    switch (r) {
    case ShutdownReason::Reboot: return xen::SHUTDOWN_reboot;
    case ShutdownReason::Crash: return xen::SHUTDOWN_crash;
    case ShutdownReason::Watchdog: return xen::SHUTDOWN_watchdog;
    default: return xen::SHUTDOWN_poweroff;
    }
}

} // namespace

xen::xen_domctl_getdomaininfo domain_info(const Domain& d)
{
    xen::xen_domctl_getdomaininfo info{};
    info.domain = d.id();
    // As Xen: "blocked" when every online vCPU is, "running" when one is on
    // a CPU; a domain with no online vCPU is neither.
    uint32_t flags = xen::DOMINF_blocked;
    info.max_vcpu_id = ~0u;
    for (unsigned i = 0; i < d.vcpu_count(); ++i) {
        const Vcpu& v = *d.vcpu(i);
        info.max_vcpu_id = i;
        if (v.state() == Vcpu::State::Offline) continue;
        ++info.nr_online_vcpus;
        if (v.state() != Vcpu::State::Blocked) flags &= ~xen::DOMINF_blocked;
        if (v.on_cpu()) flags |= xen::DOMINF_running;
    }
    if (!info.nr_online_vcpus) flags = 0;
    // Every ARM guest is an HVM guest with hardware-assisted paging.
    flags |= xen::DOMINF_hvm_guest | xen::DOMINF_hap;
    if (d.is_dying()) flags |= xen::DOMINF_dying;
    if (d.is_shut_down())
        flags |= xen::DOMINF_shutdown | (xen_shutdown_code(d.shutdown_reason()) << xen::DOMINF_shutdownshift);
    if (d.paused_by_controller()) flags |= xen::DOMINF_paused;
    info.flags = flags;
    info.tot_pages = d.owned_pages();
    info.max_pages = d.max_pages();
    info.outstanding_pages = d.outstanding_pages();
    // Xen on ARM reports the machine frame (its mfn_to_gmfn is the identity).
    info.shared_info_frame = d.shared_info_frame().value >> kPageShift;
    info.cpu_time = d.cpu_time_ns();
    for (unsigned i = 0; i < 16; ++i) info.handle[i] = d.handle()[i];
    info.cpupool = 0;
    info.gpaddr_bits = Domain::kIpaBits;
    info.arch_config.gic_version = xen::XEN_DOMCTL_CONFIG_GIC_V2;
    info.arch_config.nr_spis = d.vgic().nr_irqs() - 32;
    info.arch_config.tee_type = xen::XEN_DOMCTL_CONFIG_TEE_NONE;
    return info;
}

} // namespace hv
