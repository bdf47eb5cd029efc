#include "grant_device.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include "error.hpp"
#include "linux_ioctls.hpp"

namespace xc {
namespace {

constexpr size_t kPage = 4096;

class MappedGrant final : public GrantMapping {
public:
    MappedGrant(int fd, uint64_t index, void* address) : fd_(fd), index_(index), address_(static_cast<uint8_t*>(address)) {}
    ~MappedGrant() override
    {
        munmap(address_, kPage);
        linux_abi::ioctl_gntdev_unmap_grant_ref unmap{index_, 1, 0};
        ioctl(fd_, linux_abi::IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);
    }
    std::span<uint8_t> bytes() override { return {address_, kPage}; }

private:
    int fd_;
    uint64_t index_;
    uint8_t* address_;
};

} // namespace

GrantDevice::GrantDevice(const std::string& path)
{
    fd_ = open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd_ < 0) throw HypercallError("open " + path, errno);
}

GrantDevice::~GrantDevice() { close(fd_); }

std::unique_ptr<GrantMapping> GrantDevice::map(uint32_t domid, uint32_t ref)
{
    const std::string what = "map grant " + std::to_string(ref) + " of domain " + std::to_string(domid);
    linux_abi::ioctl_gntdev_map_grant_ref request{};
    request.count = 1;
    request.refs[0] = {domid, ref};
    if (ioctl(fd_, linux_abi::IOCTL_GNTDEV_MAP_GRANT_REF, &request) < 0) throw HypercallError(what, errno);
    // The kernel may still be setting the grant up: EAGAIN means try again.
    for (int attempt = 0;; ++attempt) {
        void* p = mmap(nullptr, kPage, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, off_t(request.index));
        if (p != MAP_FAILED) return std::make_unique<MappedGrant>(fd_, request.index, p);
        int error = errno;
        if (error != EAGAIN || attempt == 100) {
            linux_abi::ioctl_gntdev_unmap_grant_ref unmap{request.index, 1, 0};
            ioctl(fd_, linux_abi::IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);
            throw HypercallError(what, error);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

} // namespace xc
