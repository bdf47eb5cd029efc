// libxc-selftest: libxc's real device layer inside dom0 on our hypervisor:
// hypercalls through /dev/xen/privcmd with /dev/xen/hypercall buffers, the
// typed wrappers (answers and errors naming the operation and errno), and
// /dev/xen/evtchn and /dev/xen/gntdev. Prints "LIBXC PASS|FAIL name" lines
// and a summary; exits non-zero on any failure.
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>

#include "error.hpp"
#include "event_channel_device.hpp"
#include "grant_device.hpp"
#include "include/public/vcpu_sched_hvm.hpp"
#include "include/public/xen.hpp"
#include "privcmd.hpp"
#include "xc.hpp"

namespace {

unsigned passed = 0, failed = 0;

void report(bool ok, const char* name, const std::string& detail = "")
{
    std::printf("LIBXC %s %s%s%s\n", ok ? "PASS" : "FAIL", name, detail.empty() ? "" : ": ", detail.c_str());
    ++(ok ? passed : failed);
}

// Runs a check; an unexpected exception is that check's failure.
template <class F> void check(const char* name, F&& body)
{
    try {
        body();
    } catch (const std::exception& e) {
        report(false, name, e.what());
    }
}

// The operation must fail with `expected_errno`, the message naming it.
template <class F> void check_refused(const char* name, int expected_errno, const char* operation, F&& body)
{
    try {
        body();
        report(false, name, "no error");
    } catch (const xc::HypercallError& e) {
        bool ok = e.error_number() == expected_errno && std::string(e.what()).rfind(operation, 0) == 0;
        report(ok, name, e.what());
    }
}

void hypercall_checks()
{
    xc::Privcmd privcmd;
    report(true, "privcmd_opens");
    xc::Xc xc(privcmd);
    check("hypercall_buffer_is_a_writable_page", [&] {
        auto buffer = privcmd.buffer(100);
        auto bytes = buffer->bytes();
        bytes[0] = 1, bytes[bytes.size() - 1] = 2;
        report(bytes.size() == 4096 && bytes[0] == 1, "hypercall_buffer_is_a_writable_page");
    });
    check("xen_version_4_17", [&] {
        auto v = xc.xen_version();
        report(v.major == 4 && v.minor == 17, "xen_version_4_17", std::to_string(v.major) + "." + std::to_string(v.minor));
        report(v.capabilities.find("xen-3.0-armv7l") != std::string::npos, "xen_capabilities_armv7l", v.capabilities);
    });
    check("alloc_unbound_port", [&] {
        uint32_t port = xc.alloc_unbound_port(xen::DOMID_SELF, 0);
        report(port > 0, "alloc_unbound_port", "port " + std::to_string(port));
    });
    check("hvm_param_toolstack_only", [&] {
        // As Xen 4.17 on ARM: a domain reads its own ring parameters but
        // never sets them, dom0 included (they are the toolstack's, for others).
        xc.get_hvm_param(xen::DOMID_SELF, xen::HVM_PARAM_STORE_PFN);
        report(true, "hvm_param_readable_by_itself");
    });
    check_refused("hvm_param_not_settable_by_itself", EPERM, "hvm_op set_param",
                  [&] { xc.set_hvm_param(xen::DOMID_SELF, xen::HVM_PARAM_MONITOR_RING_PFN, 0x12345); });
    check("sysctl_physinfo", [&] {
        auto p = xc.physinfo();
        long cpus = sysconf(_SC_NPROCESSORS_CONF);
        bool ok = p.nr_cpus == uint32_t(cpus) && p.total_pages > p.free_pages && p.free_pages > 0;
        report(ok, "sysctl_physinfo",
               std::to_string(p.nr_cpus) + " CPUs, " + std::to_string(p.total_pages) + " pages, " +
                   std::to_string(p.free_pages) + " free");
    });
    check("domctl_getdomaininfo_dom0", [&] {
        auto info = xc.domain_info(0);
        report(info.domain == 0 && info.tot_pages > 0 && info.nr_online_vcpus > 0, "domctl_getdomaininfo_dom0",
               std::to_string(info.tot_pages) + " pages, " + std::to_string(info.nr_online_vcpus) + " vCPUs");
    });
    // An error names the operation and carries the errno.
    check_refused("domctl_error_names_the_operation", ESRCH, "domctl getdomaininfo",
                  [&] { xc.domain_info(0x7fef); });
}

void device_checks()
{
    check("evtchn_loopback", [] {
        xc::EventChannelDevice evtchn;
        uint32_t unbound = evtchn.bind_unbound_port(0);
        uint32_t local = evtchn.bind_interdomain(0, unbound);
        evtchn.notify(local);
        // The new local end may fire once by itself (Xen marks it pending at
        // bind time, in case the peer sent earlier): look for the peer's port.
        std::string seen;
        bool arrived = false;
        for (int i = 0; i < 4 && !arrived; ++i) {
            pollfd p{evtchn.fd(), POLLIN, 0};
            if (poll(&p, 1, 2000) != 1) break;
            auto port = evtchn.pending();
            if (!port) continue;
            seen += std::to_string(*port) + " ";
            arrived = *port == unbound;
            evtchn.unmask(*port);
        }
        report(arrived, "evtchn_loopback", "ports fired: " + seen);
        evtchn.unbind(local);
        evtchn.unbind(unbound);
    });
    check_refused("evtchn_unbound_port_is_an_error", ENOTCONN, "notify port", [] {
        xc::EventChannelDevice evtchn;
        evtchn.notify(4000); // not bound through this file
    });
    check("gntdev_opens", [] {
        xc::GrantDevice gntdev;
        report(true, "gntdev_opens");
    });
}

} // namespace

int main()
{
    check("privcmd", hypercall_checks);
    device_checks();
    std::printf("LIBXC SUMMARY: %u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
