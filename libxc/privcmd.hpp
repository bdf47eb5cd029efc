#pragma once
// /dev/xen/privcmd in dom0: hypercalls through IOCTL_PRIVCMD_HYPERCALL with
// arguments in /dev/xen/hypercall buffers (or locked anonymous memory on
// older kernels), foreign pages through MMAPBATCH_V2, grant-table frames
// through MMAP_RESOURCE.
#include <memory>

#include "hypercall_port.hpp"

namespace xc {

class Privcmd final : public HypercallPort {
public:
    // Throws HypercallError naming the device when it cannot be opened.
    Privcmd();
    ~Privcmd() override;
    Privcmd(const Privcmd&) = delete;
    Privcmd& operator=(const Privcmd&) = delete;

    std::unique_ptr<HypercallBuffer> buffer(size_t bytes) override;
    long hypercall(uint32_t op, std::span<const uint64_t> args) override;
    std::unique_ptr<GuestMapping> map_foreign(domid_t dom, std::span<const uint64_t> gfns) override;
    std::unique_ptr<GuestMapping> map_resource(domid_t dom, uint32_t type, uint32_t id, uint32_t index,
                                               uint64_t count) override;

    // Released buffers of a page kept for the next call: every hypercall
    // needs one, and a mapping made, faulted in and unmapped each time is
    // most of what a short call costs.
    class BufferPool;

private:
    int privcmd_fd_ = -1;
    int hypercall_fd_ = -1; // -1: use locked anonymous memory
    std::shared_ptr<BufferPool> pool_;
};

} // namespace xc
