#include "xen/xenctl_bitmap.hpp"

#include "xen/guest_args.hpp"

namespace hv {

namespace {
// A map far beyond any machine's CPUs is refused rather than zeroed byte
// by byte (it bounds the call).
constexpr uint32_t kMaxBitmapBytes = 4096;
}

long copy_cpumap_out(Domain& caller, const xen::xenctl_bitmap& to, unsigned nr_cpus, uint32_t mask)
{
    uint32_t guest_bytes = uint32_t((uint64_t(to.nr_bits) + 7) / 8);
    if (guest_bytes > kMaxBitmapBytes) return -xen::XEN_EINVAL;
    uint32_t ours = (nr_cpus + 7) / 8;
    uint8_t bytes[kMaxBitmapBytes > 64 ? 64 : kMaxBitmapBytes];
    for (uint32_t at = 0; at < guest_bytes; at += sizeof bytes) {
        uint32_t n = guest_bytes - at < sizeof bytes ? guest_bytes - at : uint32_t(sizeof bytes);
        for (uint32_t k = 0; k < n; ++k) {
            uint32_t i = at + k;
            bytes[k] = i < ours && i < 4 ? uint8_t(mask >> (8 * i)) : 0;
            if (i == guest_bytes - 1 && (to.nr_bits % 8)) bytes[k] &= uint8_t((1u << (to.nr_bits % 8)) - 1);
        }
        if (copy_to_guest(caller, to.bitmap.address() + at, bytes, n) != Status::Ok) return -xen::XEN_EFAULT;
    }
    return 0;
}

long copy_cpumap_in(Domain& caller, const xen::xenctl_bitmap& from, unsigned nr_cpus, uint32_t& mask)
{
    mask = 0;
    uint32_t guest_bytes = uint32_t((uint64_t(from.nr_bits) + 7) / 8);
    uint32_t ours = (nr_cpus + 7) / 8;
    for (uint32_t i = 0; i < guest_bytes && i < ours && i < 4; ++i) {
        uint8_t byte;
        if (long rc = copy_in(caller, from.bitmap.address() + i, byte)) return rc;
        if (i == guest_bytes - 1 && (from.nr_bits % 8)) byte &= uint8_t((1u << (from.nr_bits % 8)) - 1);
        mask |= uint32_t(byte) << (8 * i);
    }
    if (nr_cpus < 32) mask &= (1u << nr_cpus) - 1;
    return 0;
}

} // namespace hv
