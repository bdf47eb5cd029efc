#include "privcmd.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "error.hpp"
#include "linux_ioctls.hpp"

namespace xc {
namespace {

constexpr size_t kPage = 4096;

size_t whole_pages(size_t bytes) { return (bytes + kPage - 1) / kPage * kPage; }

class MappedPages final : public HypercallBuffer, public GuestMapping {
public:
    MappedPages(void* base, size_t length) : base_(static_cast<uint8_t*>(base)), length_(length) {}
    ~MappedPages() override { munmap(base_, length_); }
    std::span<uint8_t> bytes() override { return {base_, length_}; }

private:
    uint8_t* base_;
    size_t length_;
};

} // namespace

// Outlives the Privcmd while a buffer it lent is alive (each holds it).
// Its pages are not copied into a forked child (MADV_DONTFORK, and the
// hypercall device's mappings): a child neither takes them nor unmaps
// their addresses, which may hold something else of its own by then.
class Privcmd::BufferPool {
public:
    static constexpr size_t kKept = 8;
    BufferPool() { free_.reserve(kKept); } // give_back, called by destructors, never allocates
    ~BufferPool()
    {
        if (::getpid() != owner_)
            for (auto& page : free_) (void)page.release();
    }
    // The owner is checked before the lock: a child may have been forked
    // while another thread held it.
    std::unique_ptr<MappedPages> take()
    {
        if (::getpid() != owner_) return nullptr;
        std::lock_guard lock(mutex_);
        if (free_.empty()) return nullptr;
        std::unique_ptr<MappedPages> page = std::move(free_.back());
        free_.pop_back();
        return page;
    }
    void give_back(std::unique_ptr<MappedPages> page)
    {
        if (::getpid() != owner_) {
            (void)page.release(); // the parent's page: not ours to unmap
            return;
        }
        std::lock_guard lock(mutex_);
        if (free_.size() < kKept) free_.push_back(std::move(page));
    }

private:
    const pid_t owner_ = ::getpid();
    std::mutex mutex_;
    std::vector<std::unique_ptr<MappedPages>> free_;
};

namespace {

// A pooled page: back to the pool when released.
class PooledPage final : public HypercallBuffer {
public:
    PooledPage(std::unique_ptr<MappedPages> page, std::shared_ptr<Privcmd::BufferPool> pool)
        : page_(std::move(page)), pool_(std::move(pool))
    {
    }
    ~PooledPage() override { pool_->give_back(std::move(page_)); }
    std::span<uint8_t> bytes() override { return page_->bytes(); }

private:
    std::unique_ptr<MappedPages> page_;
    std::shared_ptr<Privcmd::BufferPool> pool_;
};

} // namespace

Privcmd::Privcmd() : pool_(std::make_shared<BufferPool>())
{
    privcmd_fd_ = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    if (privcmd_fd_ < 0) throw HypercallError("open /dev/xen/privcmd", errno);
    hypercall_fd_ = open("/dev/xen/hypercall", O_RDWR | O_CLOEXEC); // Linux >= 4.18
}

Privcmd::~Privcmd()
{
    if (hypercall_fd_ >= 0) close(hypercall_fd_);
    close(privcmd_fd_);
}

std::unique_ptr<HypercallBuffer> Privcmd::buffer(size_t bytes)
{
    size_t length = whole_pages(bytes ? bytes : 1);
    if (length == kPage) {
        if (auto page = pool_->take()) {
            std::memset(page->bytes().data(), 0, kPage);
            return std::make_unique<PooledPage>(std::move(page), pool_);
        }
    }
    void* p;
    if (hypercall_fd_ >= 0) {
        p = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, hypercall_fd_, 0);
        if (p == MAP_FAILED) throw HypercallError("mmap /dev/xen/hypercall", errno);
    } else {
        // The kernel must not fault or copy these pages under the hypervisor.
        p = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
        if (p == MAP_FAILED) throw HypercallError("mmap hypercall buffer", errno);
        madvise(p, length, MADV_DONTFORK);
    }
    std::memset(p, 0, length);
    auto mapped = std::make_unique<MappedPages>(p, length);
    if (length == kPage) return std::make_unique<PooledPage>(std::move(mapped), pool_);
    return mapped;
}

long Privcmd::hypercall(uint32_t op, std::span<const uint64_t> args)
{
    linux_abi::privcmd_hypercall call{};
    call.op = op;
    for (size_t i = 0; i < args.size() && i < 5; ++i) call.arg[i] = args[i];
    long rc = ioctl(privcmd_fd_, linux_abi::IOCTL_PRIVCMD_HYPERCALL, &call);
    return rc < 0 ? -errno : rc;
}

std::unique_ptr<GuestMapping> Privcmd::map_foreign(domid_t dom, std::span<const uint64_t> gfns)
{
    if (gfns.empty()) throw HypercallError("map no pages of domain " + std::to_string(dom), EINVAL);
    size_t length = gfns.size() * kPage;
    void* p = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, privcmd_fd_, 0);
    if (p == MAP_FAILED) throw HypercallError("mmap /dev/xen/privcmd", errno);
    auto mapping = std::make_unique<MappedPages>(p, length);
    std::vector<int> errors(gfns.size());
    linux_abi::privcmd_mmapbatch_v2 batch{};
    batch.num = unsigned(gfns.size());
    batch.dom = dom;
    batch.addr = reinterpret_cast<uintptr_t>(p);
    batch.arr = gfns.data();
    batch.err = errors.data();
    int rc = ioctl(privcmd_fd_, linux_abi::IOCTL_PRIVCMD_MMAPBATCH_V2, &batch);
    int error = errno;
    // The ioctl succeeds even when some pages failed: each page's errno is
    // in err[], and a hole left in the mapping would fault on first touch.
    for (size_t i = 0; i < errors.size(); ++i)
        if (errors[i]) throw HypercallError("map gfn " + std::to_string(gfns[i]) + " of domain " + std::to_string(dom), -errors[i]);
    if (rc < 0) throw HypercallError("IOCTL_PRIVCMD_MMAPBATCH_V2 for domain " + std::to_string(dom), error);
    return mapping;
}

std::unique_ptr<GuestMapping> Privcmd::map_resource(domid_t dom, uint32_t type, uint32_t id, uint32_t index,
                                                    uint64_t count)
{
    size_t length = count * kPage;
    void* p = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, privcmd_fd_, 0);
    if (p == MAP_FAILED) throw HypercallError("mmap /dev/xen/privcmd", errno);
    auto mapping = std::make_unique<MappedPages>(p, length);
    linux_abi::privcmd_mmap_resource resource{};
    resource.dom = dom;
    resource.type = type;
    resource.id = id;
    resource.idx = index;
    resource.num = count;
    resource.addr = reinterpret_cast<uintptr_t>(p);
    if (ioctl(privcmd_fd_, linux_abi::IOCTL_PRIVCMD_MMAP_RESOURCE, &resource) < 0) {
        if (errno == EOPNOTSUPP || errno == ENOTTY) return nullptr;
        throw HypercallError("IOCTL_PRIVCMD_MMAP_RESOURCE for domain " + std::to_string(dom), errno);
    }
    return mapping;
}

} // namespace xc
