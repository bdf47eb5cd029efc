// dom0-selftest: checks from inside dom0 that the privileged Xen interfaces
// work on our hypervisor: privcmd hypercalls, event channels through
// /dev/xen/evtchn, gntdev, xenfs and sysfs. Prints "SELFTEST PASS|FAIL name"
// lines and a summary; exits non-zero on any failure.
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "linux_ioctls.hpp"

namespace {

// Linux's device ioctls: libxc's definitions (checked against the kernel's
// headers by tests/abi/host_abi_test.sh).
namespace L = xc::linux_abi;

unsigned passed = 0, failed = 0;

void report(bool ok, const char* name, const std::string& detail = "")
{
    std::printf("SELFTEST %s %s%s%s\n", ok ? "PASS" : "FAIL", name, detail.empty() ? "" : ": ", detail.c_str());
    ++(ok ? passed : failed);
}

std::string read_text(const char* path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

long hypercall(int fd, uint64_t op, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0)
{
    L::privcmd_hypercall h{op, {a0, a1, a2, 0, 0}};
    return ioctl(fd, L::IOCTL_PRIVCMD_HYPERCALL, &h);
}

void privcmd_checks()
{
    int fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    report(fd >= 0, "privcmd_opens", fd < 0 ? std::strerror(errno) : "");
    if (fd < 0) return;
    long version = hypercall(fd, 17, 0, 0); // xen_version(XENVER_version)
    char text[64];
    std::snprintf(text, sizeof text, "%#lx", version);
    report(version == 0x40011, "privcmd_hypercall_xen_version", text);
    // XENVER_get_features needs a buffer the hypervisor writes: a user pointer.
    static uint32_t features[2] = {0, 0};
    long rc = hypercall(fd, 17, 6, reinterpret_cast<uintptr_t>(features));
    std::snprintf(text, sizeof text, "rc %ld, submap %#x", rc, features[1]);
    report(rc == 0 && features[1] == 0x26805, "privcmd_get_features_says_dom0", text);
    rc = hypercall(fd, 1); // mmu_update: x86 only
    report(rc == -1 && errno == ENOSYS, "privcmd_unknown_hypercall_is_enosys");
    close(fd);
}

void evtchn_checks()
{
    int fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
    report(fd >= 0, "evtchn_opens", fd < 0 ? std::strerror(errno) : "");
    if (fd < 0) return;
    uint32_t remote_domain = 0;
    int unbound = ioctl(fd, L::IOCTL_EVTCHN_BIND_UNBOUND_PORT, &remote_domain);
    report(unbound > 0, "evtchn_bind_unbound_port", std::to_string(unbound));
    uint32_t bind[2] = {0, static_cast<uint32_t>(unbound)};
    int local = ioctl(fd, L::IOCTL_EVTCHN_BIND_INTERDOMAIN, bind);
    report(local > 0 && local != unbound, "evtchn_bind_interdomain_loopback", std::to_string(local));
    if (unbound > 0 && local > 0) {
        uint32_t port = static_cast<uint32_t>(local);
        int rc = ioctl(fd, L::IOCTL_EVTCHN_NOTIFY, &port);
        // The new local end may fire once by itself (Xen marks it pending at
        // bind time, in case the peer sent earlier): look for the peer's port.
        bool arrived = false;
        std::string seen;
        for (int i = 0; rc == 0 && i < 4 && !arrived; ++i) {
            pollfd p{fd, POLLIN, 0};
            uint32_t fired = 0;
            if (poll(&p, 1, 2000) != 1 || read(fd, &fired, sizeof fired) != sizeof fired) break;
            seen += std::to_string(fired) + " ";
            arrived = fired == static_cast<uint32_t>(unbound);
            (void)!write(fd, &fired, sizeof fired); // unmask
        }
        report(arrived, "evtchn_notification_arrives", "ports fired: " + seen);
        ioctl(fd, L::IOCTL_EVTCHN_UNBIND, &port);
        port = static_cast<uint32_t>(unbound);
        ioctl(fd, L::IOCTL_EVTCHN_UNBIND, &port);
    }
    close(fd);
}

} // namespace

int main()
{
    report(read_text("/sys/hypervisor/type") == "xen\n", "sysfs_hypervisor_type_is_xen");
    std::string major = read_text("/sys/hypervisor/version/major"), minor = read_text("/sys/hypervisor/version/minor");
    report(major == "4\n" && minor == "17\n", "sysfs_hypervisor_version_4_17", major + "." + minor);
    report(read_text("/proc/xen/capabilities").find("control_d") != std::string::npos, "xenfs_capabilities_control_d");
    privcmd_checks();
    evtchn_checks();
    int gntdev = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
    report(gntdev >= 0, "gntdev_opens", gntdev < 0 ? std::strerror(errno) : "");
    if (gntdev >= 0) close(gntdev);
    std::printf("SELFTEST SUMMARY: %u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
