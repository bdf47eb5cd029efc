#include "core/guest_memory.hpp"

#include "arch/cpu.hpp"
#include "arch/guest.hpp"
#include "core/domain.hpp"
#include "mm/address.hpp"

namespace hv {
namespace {

enum class Space { Virtual, Physical };

// Resolves one page's worth of a guest address to a hypervisor pointer.
void* resolve(Domain& domain, Space space, uint64_t addr, bool write)
{
    uint64_t ipa = addr;
    if (space == Space::Virtual) {
        auto translated = arch::guest::va_to_ipa(static_cast<uint32_t>(addr), write);
        if (!translated) return nullptr;
        ipa = *translated;
    }
    auto t = domain.p2m().lookup(ipa);
    if (!t || t->attrs.software != static_cast<uint8_t>(P2mType::Ram)) return nullptr;
    if (write && !t->attrs.write) return nullptr;
    return arch::phys_to_virt(t->pa.value);
}

Status copy(Domain& domain, Space space, uint64_t addr, unsigned char* buf, size_t size, bool to_guest)
{
    if (space == Space::Virtual && (addr + size < addr || addr + size > (1ull << 32))) return Status::Fault;
    while (size) {
        size_t in_page = kPageSize - (addr & (kPageSize - 1));
        size_t n = size < in_page ? size : in_page;
        auto* p = static_cast<unsigned char*>(resolve(domain, space, addr, to_guest));
        if (!p) return Status::Fault;
        for (size_t i = 0; i < n; ++i) {
            if (to_guest) p[i] = buf[i];
            else buf[i] = p[i];
        }
        addr += n;
        buf += n;
        size -= n;
    }
    return Status::Ok;
}

} // namespace

Status copy_from_guest(Domain& domain, void* dst, uint32_t gva, size_t size)
{
    return copy(domain, Space::Virtual, gva, static_cast<unsigned char*>(dst), size, false);
}

Status copy_to_guest(Domain& domain, uint32_t gva, const void* src, size_t size)
{
    return copy(domain, Space::Virtual, gva, static_cast<unsigned char*>(const_cast<void*>(src)), size, true);
}

Status copy_from_guest_phys(Domain& domain, void* dst, uint64_t ipa, size_t size)
{
    return copy(domain, Space::Physical, ipa, static_cast<unsigned char*>(dst), size, false);
}

Status copy_to_guest_phys(Domain& domain, uint64_t ipa, const void* src, size_t size)
{
    return copy(domain, Space::Physical, ipa, static_cast<unsigned char*>(const_cast<void*>(src)), size, true);
}

} // namespace hv
