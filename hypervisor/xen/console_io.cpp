// console_io (18): a guest writes to (and the hardware domain reads from)
// the hypervisor console.
#include "core/console.hpp"
#include "core/console_input.hpp"
#include "core/domain.hpp"
#include "core/guest_memory.hpp"
#include "core/vcpu.hpp"
#include "include/public/errno.hpp"
#include "include/public/xen.hpp"
#include "xen/hypercall.hpp"

namespace hv {
namespace {

// Bytes a single call may write; the rest of a longer buffer is refused
// rather than letting one hypercall hold the CPU for long.
constexpr uint32_t kMaxWrite = 16 * 1024;

long console_write(Vcpu& vcpu, uint32_t count, uint32_t gva)
{
    if (count > kMaxWrite) return -xen::XEN_E2BIG;
    Domain& d = vcpu.domain();
    char chunk[128];
    for (uint32_t done = 0; done < count;) {
        uint32_t n = count - done < sizeof chunk ? count - done : uint32_t(sizeof chunk);
        if (copy_from_guest(d, chunk, gva + done, n) != Status::Ok) return -xen::XEN_EFAULT;
        if (d.is_hardware_domain()) {
            console::write(std::string_view(chunk, n)); // dom0's output goes out as it is
        } else {
            for (uint32_t i = 0; i < n; ++i) d.console_output(chunk[i]);
        }
        done += n;
    }
    return 0;
}

} // namespace

long do_console_io(Vcpu& vcpu, const HypercallArgs& args)
{
    uint32_t cmd = args.arg[0], count = args.arg[1], buffer = args.arg[2];
    switch (cmd) {
    case xen::CONSOLEIO_write: return console_write(vcpu, count, buffer);
    case xen::CONSOLEIO_read: {
        if (!vcpu.domain().is_hardware_domain()) return -xen::XEN_EPERM;
        if (count > 0x7fffffffu) return -xen::XEN_E2BIG;
        char chunk[128];
        uint32_t done = 0;
        while (done < count) {
            size_t n = console_input::pop(chunk, count - done < sizeof chunk ? count - done : sizeof chunk);
            if (!n) break;
            if (copy_to_guest(vcpu.domain(), buffer + done, chunk, n) != Status::Ok) return -xen::XEN_EFAULT;
            done += uint32_t(n);
        }
        return long(done);
    }
    default: return -xen::XEN_ENOSYS;
    }
}

} // namespace hv
