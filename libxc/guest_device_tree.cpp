#include "guest_device_tree.hpp"

#include "error.hpp"
#include "shared/guest_platform/guest_dtb.hpp"

namespace xc {

std::vector<uint8_t> make_guest_dtb(const BuildRequest& request, const std::vector<Range>& ram, Range initrd,
                                    const std::vector<Range>& extended)
{
    guest_platform::GuestDtbSpec spec;
    spec.vcpus = request.max_vcpus;
    for (const Range& bank : ram) spec.memory[spec.memory_banks++] = {bank.base, bank.size};
    spec.bootargs = request.cmdline.empty() ? nullptr : request.cmdline.c_str();
    spec.initrd_start = initrd.base;
    spec.initrd_end = initrd.end();
    spec.timer_frequency = request.clock_frequency;
    spec.vuart = request.vuart;
    spec.rng_seed = request.rng_seed.data();
    spec.rng_seed_size = unsigned(request.rng_seed.size());
    for (const Range& region : extended)
        if (spec.extended_count < std::size(spec.extended)) spec.extended[spec.extended_count++] = {region.base, region.size};

    // libxl starts with 4 KiB and doubles up to 1 MiB.
    for (size_t capacity = 4096; capacity <= (1u << 20); capacity *= 2) {
        std::vector<uint8_t> blob(capacity);
        size_t size = 0;
        guest_platform::DtbResult result = guest_platform::build_guest_dtb(spec, blob.data(), capacity, size);
        if (result == guest_platform::DtbResult::Ok) {
            blob.resize(size);
            return blob;
        }
        if (result != guest_platform::DtbResult::BufferFull)
            throw BuildError("cannot describe this guest in a device tree (" +
                             std::string(guest_platform::dtb_result_name(result)) + ")");
    }
    throw BuildError("the guest's device tree does not fit in 1 MiB");
}

} // namespace xc
