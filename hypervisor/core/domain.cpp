#include "core/domain.hpp"

#include "arch/cpu.hpp"
#include "arch/tlb.hpp"
#include "core/console.hpp"
#include "core/domain_list.hpp"
#include "include/public/errno.hpp"
#include "include/public/shared_info.hpp"
#include "core/scheduler.hpp"
#include "core/vcpu.hpp"
#include "mm/frame_allocator.hpp"
#include "mm/heap.hpp"

namespace hv {

Domain::Domain(uint16_t id, uint8_t vmid, TableMemory& tables, FrameAllocator& frames)
    : id_(id), vmid_(vmid), frames_(frames), p2m_(TableFormat::Stage2, tables, kIpaBits), vuart_(*this), vgic_(*this), evtchn_(*this), gnttab_(frames)
{
}

Domain::~Domain()
{
    evtchn_.close_all();
    domains::remove(*this);
    if (shared_info_) frames_.free(shared_info_frame_);
    for (unsigned i = 0; i < vcpu_count_; ++i) heap_delete(vcpus_[i]);
    free_ram();
    p2m_.destroy();
}

Status Domain::init(const char* name, unsigned nr_spis)
{
    unsigned i = 0;
    for (; name && name[i] && i + 1 < sizeof name_; ++i) name_[i] = name[i];
    name_[i] = '\0';
    if (Status s = vgic_.init(nr_spis); s != Status::Ok) return s;
    auto page = frames_.alloc(1);
    if (!page) return Status::NoMemory;
    shared_info_frame_ = *page;
    void* mem = arch::phys_to_virt(page->value);
    for (uint64_t off = 0; off < kPageSize; off += 8) *static_cast<uint64_t*>(arch::phys_to_virt(page->value + off)) = 0;
    shared_info_ = static_cast<xen::shared_info*>(mem);
    if (Status s = p2m_.init(); s != Status::Ok) return s;
    return domains::add(*this) ? Status::Ok : Status::Busy;
}

Status Domain::populate_ram(Ipa base, uint64_t size)
{
    constexpr uint64_t kBlock = 2ull << 20;
    constexpr uint64_t kBlockFrames = kBlock / kPageSize;
    if (!base.page_aligned() || !is_aligned(size, kPageSize) || size == 0) return Status::Invalid;
    if (ram_count_ == kMaxRamBanks) return Status::NoMemory;
    Attributes ram{MemType::Normal, true, true, static_cast<uint8_t>(P2mType::Ram)};
    uint64_t done = 0;
    while (done < size) {
        Ipa ipa = base + done;
        uint64_t left = size - done;
        std::optional<Pa> pa;
        uint64_t chunk = kPageSize;
        if (left >= kBlock && is_aligned(ipa.value, kBlock)) {
            pa = frames_.alloc(kBlockFrames, kBlockFrames);
            if (pa) chunk = kBlock;
        }
        if (!pa) pa = frames_.alloc(1);
        if (!pa) {
            ram_[ram_count_++] = RamBank{base, done};
            return Status::NoMemory;
        }
        for (uint64_t off = 0; off < chunk; off += 8)
            *static_cast<uint64_t*>(arch::phys_to_virt(pa->value + off)) = 0; // no stale data for the guest
        if (Status s = p2m_.map(ipa.value, *pa, chunk, ram); s != Status::Ok) {
            frames_.free(*pa, chunk / kPageSize);
            ram_[ram_count_++] = RamBank{base, done};
            return s;
        }
        done += chunk;
    }
    ram_[ram_count_++] = RamBank{base, size};
    ram_bytes_ += size;
    owned_pages_ += size / kPageSize;
    max_pages_ += size / kPageSize;
    return Status::Ok;
}

Status Domain::map_direct_ram(Pa pa, uint64_t size)
{
    if (ram_count_ == kMaxRamBanks) return Status::NoMemory;
    Attributes ram{MemType::Normal, true, true, static_cast<uint8_t>(P2mType::Ram)};
    if (Status s = p2m_.map(pa.value, pa, size, ram); s != Status::Ok) return s;
    ram_[ram_count_++] = RamBank{Ipa(pa.value), size};
    ram_bytes_ += size;
    owned_pages_ += size / kPageSize;
    max_pages_ += size / kPageSize;
    return Status::Ok;
}

// A gfn beyond the IPA space would alias a lower one once shifted.
static bool gfn_in_range(uint64_t gfn) { return !(gfn >> (Domain::kIpaBits - kPageShift)); }

long Domain::map_xen_page(uint64_t gfn, Pa frame)
{
    uint64_t ipa = gfn << kPageShift;
    if (!gfn_in_range(gfn)) return -xen::XEN_EINVAL;
    if (auto t = p2m_.lookup(ipa)) {
        auto type = static_cast<P2mType>(t->attrs.software);
        if (type == P2mType::Mmio) return -xen::XEN_EINVAL;
        Pa old = t->pa;
        if (p2m_.unmap(ipa, kPageSize) != Status::Ok) return -xen::XEN_ENOMEM;
        if (type == P2mType::Ram) {
            frames_.free(Pa(align_down(old.value, kPageSize)));
            --owned_pages_;
        }
    }
    Attributes xen_page{MemType::Normal, true, false, static_cast<uint8_t>(P2mType::XenPage)};
    if (p2m_.map(ipa, frame, kPageSize, xen_page) != Status::Ok) return -xen::XEN_ENOMEM;
    arch::flush_guest_tlb(vmid_);
    return 0;
}

long Domain::release_ram_page(uint64_t gfn)
{
    uint64_t ipa = gfn << kPageShift;
    if (!gfn_in_range(gfn)) return -xen::XEN_EINVAL;
    auto t = p2m_.lookup(ipa);
    if (!t || static_cast<P2mType>(t->attrs.software) != P2mType::Ram) return -xen::XEN_EINVAL;
    Pa old(align_down(t->pa.value, kPageSize));
    if (p2m_.unmap(ipa, kPageSize) != Status::Ok) return -xen::XEN_ENOMEM;
    arch::flush_guest_tlb(vmid_);
    frames_.free(old);
    --owned_pages_;
    return 0;
}

long Domain::populate_ram_page(uint64_t gfn)
{
    uint64_t ipa = gfn << kPageShift;
    if (!gfn_in_range(gfn)) return -xen::XEN_EINVAL;
    if (p2m_.lookup(ipa)) return -xen::XEN_EBUSY;
    if (owned_pages_ >= max_pages_) return -xen::XEN_ENOMEM; // its maximum reservation, as Xen's max_pages
    std::optional<Pa> pa;
    if (direct_mapped_) {
        if (frames_.claim(Pa(ipa))) pa = Pa(ipa);
    } else {
        pa = frames_.alloc(1);
    }
    if (!pa) return -xen::XEN_ENOMEM;
    for (uint64_t off = 0; off < kPageSize; off += 8) *static_cast<uint64_t*>(arch::phys_to_virt(pa->value + off)) = 0;
    Attributes ram{MemType::Normal, true, true, static_cast<uint8_t>(P2mType::Ram)};
    if (p2m_.map(ipa, *pa, kPageSize, ram) != Status::Ok) {
        frames_.free(*pa);
        return -xen::XEN_ENOMEM;
    }
    ++owned_pages_;
    return 0;
}

long Domain::remove_page(uint64_t gfn)
{
    uint64_t ipa = gfn << kPageShift;
    auto t = gfn_in_range(gfn) ? p2m_.lookup(ipa) : std::nullopt;
    auto type = t ? static_cast<P2mType>(t->attrs.software) : P2mType::Invalid;
    if (type == P2mType::Ram) return release_ram_page(gfn);
    if (type != P2mType::XenPage) return -xen::XEN_ENOENT; // nothing, or a device: not removable
    if (p2m_.unmap(ipa, kPageSize) != Status::Ok) return -xen::XEN_ENOMEM;
    arch::flush_guest_tlb(vmid_);
    return 0;
}

void Domain::free_ram()
{
    // Every frame the domain owns, wherever the guest moved it with memory_op.
    if (p2m_.root().value)
        p2m_.for_each_leaf([&](uint64_t, const Translation& t) {
            if (static_cast<P2mType>(t.attrs.software) == P2mType::Ram) frames_.free(t.pa, t.block_size / kPageSize);
        });
    ram_count_ = 0;
    ram_bytes_ = 0;
    owned_pages_ = 0;
}

bool Domain::ipa_is_ram(Ipa ipa, uint64_t size) const
{
    for (unsigned b = 0; b < ram_count_; ++b)
        if (ipa >= ram_[b].base && ipa.value + size <= ram_[b].base.value + ram_[b].size) return true;
    return false;
}

Status Domain::create_vcpus(unsigned count)
{
    if (count == 0 || count > kMaxVcpus || vcpu_count_) return Status::Invalid;
    for (unsigned i = 0; i < count; ++i) {
        Vcpu* v = heap_new<Vcpu>(*this, i);
        if (!v) return Status::NoMemory;
        vcpus_[vcpu_count_++] = v;
    }
    return Status::Ok;
}

void Domain::shutdown(ShutdownReason reason)
{
    if (shutdown_ != ShutdownReason::None) return;
    ShutdownReason why = shutdown_code_ != ShutdownReason::None ? shutdown_code_ : reason;
    // Logged before anyone can see it down: an idle CPU that finds every
    // domain down powers the machine off at once, and the line would be lost.
    static constexpr const char* kNames[] = {"none", "poweroff", "reboot", "crash"};
    console::log("d%u: shut down (%s)", id_, kNames[static_cast<unsigned>(why)]);
    shutdown_ = why;
    for (unsigned i = 0; i < vcpu_count_; ++i) {
        vcpus_[i]->set_state(Vcpu::State::Offline);
        scheduler::stopped(*vcpus_[i]);
    }
}

void Domain::console_output(char c)
{
    // A guest may not drive the hypervisor console's terminal: only
    // printable characters, tabs and line ends get through.
    if (c == '\r' || ((c < 0x20 || c == 0x7f) && c != '\n' && c != '\t')) return;
    LockGuard guard(console_lock_);
    bool flush = c == '\n' || console_len_ + 1 >= sizeof console_line_;
    if (c != '\n') console_line_[console_len_++] = c;
    if (!flush) return;
    console_line_[console_len_] = '\0';
    console::log("(d%u) %s", id_, console_line_);
    console_len_ = 0;
}

} // namespace hv
