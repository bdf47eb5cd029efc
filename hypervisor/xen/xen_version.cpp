// xen_version (17): the version Linux and the tools see, 4.17.
#include "core/domain.hpp"
#include "core/guest_memory.hpp"
#include "core/vcpu.hpp"
#include "include/public/errno.hpp"
#include "include/public/version.hpp"
#include "boot/boot_args.hpp"
#include "xen/hypercall.hpp"

namespace hv {
namespace {

using xen::XenVersionCmd;

constexpr char kExtraVersion[] = ".0";
constexpr char kCapabilities[] = "xen-3.0-armv7l ";
constexpr char kChangeset[] = "unavailable";
constexpr char kDenied[] = "<denied>";

long copy_string(Domain& d, uint32_t gva, const char* s, size_t field_size)
{
    char buf[64] = {};
    size_t len = 0;
    while (s[len]) ++len;
    // The field is fixed-size: write the string, then zeros to the end.
    for (size_t off = 0; off < field_size; off += sizeof buf) {
        size_t n = field_size - off < sizeof buf ? field_size - off : sizeof buf;
        for (size_t i = 0; i < n; ++i) buf[i] = off + i < len ? s[off + i] : '\0';
        if (copy_to_guest(d, gva + static_cast<uint32_t>(off), buf, n) != Status::Ok) return -xen::XEN_EFAULT;
    }
    return 0;
}

uint32_t feature_submap(const Domain& d)
{
    uint32_t map = (1u << xen::XENFEAT_writable_page_tables) | (1u << xen::XENFEAT_auto_translated_physmap) |
                   (1u << xen::XENFEAT_memory_op_vnode_supported) | (1u << xen::XENFEAT_ARM_SMCCC_supported);
    if (d.is_hardware_domain())
        map |= (1u << xen::XENFEAT_dom0) | (1u << xen::XENFEAT_direct_mapped);
    else
        map |= 1u << xen::XENFEAT_not_direct_mapped;
    return map;
}

} // namespace

long do_xen_version(Vcpu& vcpu, const HypercallArgs& args)
{
    Domain& d = vcpu.domain();
    uint32_t arg = args.arg[1];
    switch (static_cast<XenVersionCmd>(args.arg[0])) {
    case XenVersionCmd::version: return long(xen::kXenMajor << 16 | xen::kXenMinor);
    case XenVersionCmd::extraversion: return copy_string(d, arg, kExtraVersion, xen::XEN_EXTRAVERSION_LEN);
    case XenVersionCmd::compile_info: {
        xen::xen_compile_info info{};
        constexpr char compiler[] = "gcc " __VERSION__;
        for (size_t i = 0; i < sizeof info.compiler - 1 && compiler[i]; ++i) info.compiler[i] = compiler[i];
        constexpr char date[] = __DATE__;
        for (size_t i = 0; i < sizeof info.compile_date - 1 && date[i]; ++i) info.compile_date[i] = date[i];
        return copy_to_guest(d, arg, &info, sizeof info) == Status::Ok ? 0 : -xen::XEN_EFAULT;
    }
    case XenVersionCmd::capabilities: return copy_string(d, arg, kCapabilities, xen::XEN_CAPABILITIES_INFO_LEN);
    case XenVersionCmd::changeset: return copy_string(d, arg, kChangeset, xen::XEN_CHANGESET_INFO_LEN);
    case XenVersionCmd::platform_parameters: {
        xen::xen_platform_parameters p{};
        return copy_to_guest(d, arg, &p, sizeof p) == Status::Ok ? 0 : -xen::XEN_EFAULT;
    }
    case XenVersionCmd::get_features: {
        xen::xen_feature_info fi;
        if (copy_from_guest(d, &fi, arg, sizeof fi) != Status::Ok) return -xen::XEN_EFAULT;
        if (fi.submap_idx != 0) return -xen::XEN_EINVAL;
        fi.submap = feature_submap(d);
        return copy_to_guest(d, arg, &fi, sizeof fi) == Status::Ok ? 0 : -xen::XEN_EFAULT;
    }
    case XenVersionCmd::pagesize: return 4096;
    case XenVersionCmd::guest_handle: {
        uint8_t handle[16] = {}; // the domain's UUID; boot-time domains have none
        return copy_to_guest(d, arg, handle, sizeof handle) == Status::Ok ? 0 : -xen::XEN_EFAULT;
    }
    // Xen's default policy lets only privileged domains read these two.
    case XenVersionCmd::commandline:
        return copy_string(d, arg, d.is_hardware_domain() ? hypervisor_command_line() : kDenied,
                           xen::XEN_COMMANDLINE_LEN);
    case XenVersionCmd::build_id: return d.is_hardware_domain() ? -xen::XEN_ENODATA : -xen::XEN_EPERM;
    }
    return -xen::XEN_ENOSYS;
}

} // namespace hv
