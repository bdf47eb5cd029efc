#include "core/guest_memory.hpp"

#include "arch/cpu.hpp"
#include "arch/guest.hpp"
#include "core/domain.hpp"
#include "mm/address.hpp"

namespace hv {
namespace {

enum class Space { Virtual, Physical };

// Resolves one page's worth of a guest address to the machine page behind
// it, with a reference: the guest cannot free the page under the copy.
std::optional<Pa> resolve(Domain& domain, Space space, uint64_t addr, bool write)
{
    uint64_t ipa = addr;
    if (space == Space::Virtual) {
        auto translated = arch::guest::va_to_ipa(static_cast<uint32_t>(addr), write);
        if (!translated) {
            // The walk may have met a block being split (break-before-make):
            // once no p2m change is under way, one more try.
            domain.wait_for_p2m_change();
            translated = arch::guest::va_to_ipa(static_cast<uint32_t>(addr), write);
        }
        if (!translated) return std::nullopt;
        ipa = *translated;
    }
    return domain.get_ram_page(align_down(ipa, kPageSize), write);
}

Status copy(Domain& domain, Space space, uint64_t addr, unsigned char* buf, size_t size, bool to_guest)
{
    if (space == Space::Virtual && (addr + size < addr || addr + size > (1ull << 32))) return Status::Fault;
    while (size) {
        size_t offset = addr & (kPageSize - 1);
        size_t n = size < kPageSize - offset ? size : kPageSize - offset;
        auto page = resolve(domain, space, addr, to_guest);
        if (!page) return Status::Fault;
        auto* p = static_cast<unsigned char*>(arch::phys_to_virt(page->value)) + offset;
        for (size_t i = 0; i < n; ++i) {
            if (to_guest) p[i] = buf[i];
            else buf[i] = p[i];
        }
        // What a builder writes by physical address is for a guest that
        // starts with its MMU and caches off: it must reach memory.
        if (to_guest && space == Space::Physical) arch::clean_dcache_range(p, static_cast<uint32_t>(n));
        domain.put_page(*page);
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
