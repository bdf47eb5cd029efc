#include "core/domain.hpp"

#include "arch/cpu.hpp"
#include "arch/tlb.hpp"
#include "core/console.hpp"
#include "core/domain_list.hpp"
#include "include/public/errno.hpp"
#include "include/public/event_channel.hpp"
#include "include/public/shared_info.hpp"
#include "core/scheduler.hpp"
#include "core/vcpu.hpp"
#include "mm/frame_allocator.hpp"
#include "mm/heap.hpp"

namespace hv {

Domain::Domain(uint16_t id, uint8_t vmid, TableMemory& tables, FrameAllocator& frames)
    : id_(id), vmid_(vmid), frames_(frames), tables_(tables), p2m_tables_(tables), p2m_(TableFormat::Stage2, p2m_tables_, kIpaBits), vuart_(*this), vgic_(*this), evtchn_(*this), gnttab_(frames), grant_maps_(frames)
{
    p2m_.set_tlb_flush([](void* domain) { arch::flush_guest_tlb(static_cast<Domain*>(domain)->vttbr()); }, this);
    domains::mark_vmid(vmid_);
    if (is_hardware_domain()) p2m_tables_.set_unlimited();
}

Domain::~Domain()
{
    evtchn_.close_all();
    release_grant_maps();
    domains::unlist(*this);
    for (unsigned i = 0; i < vcpu_count_; ++i) heap_delete(vcpus_[i]);
    free_ram();
    if (p2m_.root().value) arch::flush_guest_tlb(vttbr()); // nothing tagged with the VMID outlives it
    p2m_.destroy();
    if (shared_info_) frames_.put(shared_info_frame_);
    domains::release_vmid(vmid_);
}

void Domain::put_ref()
{
    if (__atomic_sub_fetch(&refs_, 1, __ATOMIC_ACQ_REL) == 0) heap_delete(this);
}

Status Domain::init(const char* name, unsigned nr_spis)
{
    unsigned i = 0;
    for (; name && name[i] && i + 1 < sizeof name_; ++i) name_[i] = name[i];
    name_[i] = '\0';
    if (Status s = vgic_.init(nr_spis); s != Status::Ok) return s;
    auto page = frames_.alloc(1);
    if (!page) return Status::NoMemory;
    shared_info_frame_ = *page; // zero: the allocator's
    shared_info_ = static_cast<xen::shared_info*>(arch::phys_to_virt(page->value));
    if (Status s = p2m_.init(); s != Status::Ok) return s;
    return domains::add(*this) ? Status::Ok : Status::Busy;
}

uint64_t Domain::vttbr() const { return (p2m_.root().value & 0x000000fffffffffeull) | (uint64_t(vmid_) << 48); }

Status Domain::populate_ram(Ipa base, uint64_t size)
{
    constexpr uint64_t kBlock = 2ull << 20;
    constexpr uint64_t kBlockFrames = kBlock / kPageSize;
    if (!base.page_aligned() || !is_aligned(size, kPageSize) || size == 0) return Status::Invalid;
    LockGuard guard(p2m_lock_);
    if (ram_count_ == kMaxRamBanks) return Status::NoMemory;
    p2m_tables_.set_ram_pages(max_pages_ + size / kPageSize); // the tables this RAM may need
    Attributes ram{MemType::Normal, true, true, static_cast<uint8_t>(P2mType::Ram)};
    uint64_t done = 0;
    Status status = Status::Ok;
    while (done < size) {
        Ipa ipa = base + done;
        uint64_t left = size - done;
        std::optional<Pa> pa;
        uint64_t chunk = kPageSize;
        if (left >= kBlock && is_aligned(ipa.value, kBlock)) {
            pa = frames_.alloc(kBlockFrames, kBlockFrames, id_);
            if (pa) chunk = kBlock;
        }
        if (!pa) pa = frames_.alloc(1, 1, id_);
        if (!pa) {
            status = Status::NoMemory;
            break;
        }
        // Zeroed and cleaned by the allocator: no stale data for the guest, even with its caches off.
        if (Status s = p2m_.map(ipa.value, *pa, chunk, ram); s != Status::Ok) {
            frames_.free(*pa, chunk / kPageSize);
            status = s;
            break;
        }
        done += chunk;
    }
    // What was mapped is the domain's, counted, and freed with it.
    ram_[ram_count_++] = RamBank{base, done};
    ram_bytes_ += done;
    owned_pages_ += done / kPageSize;
    max_pages_ += done / kPageSize;
    p2m_tables_.set_ram_pages(max_pages_);
    return status;
}

Status Domain::map_mmio(uint64_t ipa, Pa pa, uint64_t size)
{
    LockGuard guard(p2m_lock_);
    return p2m_.map(ipa, pa, size, Attributes{MemType::Device, true, false, static_cast<uint8_t>(P2mType::Mmio)});
}

Status Domain::map_direct_ram(Pa pa, uint64_t size)
{
    LockGuard guard(p2m_lock_);
    if (ram_count_ == kMaxRamBanks) return Status::NoMemory;
    p2m_tables_.set_ram_pages(max_pages_ + size / kPageSize);
    Attributes ram{MemType::Normal, true, true, static_cast<uint8_t>(P2mType::Ram)};
    if (Status s = p2m_.map(pa.value, pa, size, ram); s != Status::Ok) return s;
    ram_[ram_count_++] = RamBank{Ipa(pa.value), size};
    ram_bytes_ += size;
    owned_pages_ += size / kPageSize;
    max_pages_ += size / kPageSize;
    p2m_tables_.set_ram_pages(max_pages_);
    return Status::Ok;
}

// A gfn beyond the IPA space would alias a lower one once shifted.
static bool gfn_in_range(uint64_t gfn) { return !(gfn >> (Domain::kIpaBits - kPageShift)); }

long Domain::unmap_page(uint64_t ipa)
{
    if (p2m_.unmap(ipa, kPageSize) != Status::Ok) return -xen::XEN_ENOMEM;
    // Before the frame can be freed: no CPU may still reach it through a
    // stale TLB entry of this guest.
    arch::flush_guest_tlb(vttbr());
    return 0;
}

// The leaves that hold a reference on the frame they map: the domain's
// RAM (the owner's), another domain's page or grant (the mapping's).
static bool holds_frame_reference(P2mType type)
{
    return type == P2mType::Ram || type == P2mType::Foreign || type == P2mType::Grant;
}

std::optional<Pa> Domain::unmapped_frame_locked(P2mType type, Pa frame)
{
    if (!holds_frame_reference(type)) return std::nullopt; // shared_info, grant frames, devices
    if (type != P2mType::Ram) return frame;                                      // Foreign, Grant: the mapping's reference
    // A 1:1 domain keeps the frame, allocated and counted, to map it again
    // at the same place (Xen keeps a direct-mapped domain's pages so that
    // populate_physmap gives back the same frame, for DMA without an IOMMU).
    if (direct_mapped_) return std::nullopt;
    --owned_pages_;
    return frame;
}

long Domain::map_xen_page_locked(uint64_t gfn, Pa frame, std::optional<Pa>& released)
{
    uint64_t ipa = gfn << kPageShift;
    if (!gfn_in_range(gfn)) return -xen::XEN_EINVAL;
    if (auto t = p2m_.lookup(ipa)) {
        auto type = static_cast<P2mType>(t->attrs.software);
        if (type == P2mType::Mmio) return -xen::XEN_EINVAL;
        if (long err = unmap_page(ipa)) return err;
        released = unmapped_frame_locked(type, Pa(align_down(t->pa.value, kPageSize)));
    }
    // A new mapping where none was: no stale TLB entry to remove.
    Attributes xen_page{MemType::Normal, true, false, static_cast<uint8_t>(P2mType::XenPage)};
    return p2m_.map(ipa, frame, kPageSize, xen_page) == Status::Ok ? 0 : -xen::XEN_ENOMEM;
}

long Domain::map_xen_page_once(uint64_t gfn, Pa frame, uint64_t& where)
{
    std::optional<Pa> released;
    long rc;
    {
        LockGuard guard(p2m_lock_);
        if (where != kNoGfn && where != gfn && maps(where, frame, P2mType::XenPage)) return -xen::XEN_EBUSY;
        rc = map_xen_page_locked(gfn, frame, released);
        if (rc == 0) where = gfn;
    }
    if (released) frames_.put(*released);
    return rc;
}

uint64_t Domain::xen_page_gfn(const uint64_t& where, Pa frame) const
{
    LockGuard guard(p2m_lock_);
    return where != kNoGfn && maps(where, frame, P2mType::XenPage) ? where : kNoGfn;
}

long Domain::release_ram_page(uint64_t gfn)
{
    uint64_t ipa = gfn << kPageShift;
    if (!gfn_in_range(gfn)) return -xen::XEN_EINVAL;
    std::optional<Pa> old;
    {
        LockGuard guard(p2m_lock_);
        auto t = p2m_.lookup(ipa);
        if (!t || static_cast<P2mType>(t->attrs.software) != P2mType::Ram) return -xen::XEN_EINVAL;
        if (long err = unmap_page(ipa)) return err;
        old = unmapped_frame_locked(P2mType::Ram, Pa(align_down(t->pa.value, kPageSize)));
    }
    if (old) frames_.put(*old); // freed now, or when the last hypervisor reference goes
    return 0;
}

long Domain::populate_ram_page(uint64_t gfn)
{
    uint64_t ipa = gfn << kPageShift;
    if (!gfn_in_range(gfn)) return -xen::XEN_EINVAL;
    LockGuard guard(p2m_lock_);
    if (is_dying()) return -xen::XEN_EINVAL; // what it holds is being given back
    if (p2m_.lookup(ipa)) return -xen::XEN_EBUSY;
    Attributes ram{MemType::Normal, true, true, static_cast<uint8_t>(P2mType::Ram)};
    // A 1:1 domain's own frame, kept when it was given up: mapped again as
    // it is (still counted; zeroed as any page handed to a guest).
    if (direct_mapped_ && frames_.owner(Pa(ipa)) == id_ && frames_.references(Pa(ipa))) {
        arch::zero_and_clean(ipa, kPageSize);
        return p2m_.map(ipa, Pa(ipa), kPageSize, ram) == Status::Ok ? 0 : -xen::XEN_ENOMEM;
    }
    if (owned_pages_ >= max_pages_) return -xen::XEN_ENOMEM; // its maximum reservation, as Xen's max_pages
    std::optional<Pa> pa;
    if (direct_mapped_) {
        if (frames_.claim(Pa(ipa), 1, id_)) pa = Pa(ipa);
    } else {
        pa = frames_.alloc(1, 1, id_);
    }
    if (!pa) return -xen::XEN_ENOMEM; // zeroed and cleaned, as any frame handed out
    if (p2m_.map(ipa, *pa, kPageSize, ram) != Status::Ok) {
        frames_.put(*pa);
        return -xen::XEN_ENOMEM;
    }
    ++owned_pages_;
    return 0;
}

long Domain::populate_ram_extent(uint64_t gfn, unsigned order)
{
    constexpr unsigned kBlockOrder = 9; // 2 MiB: a level-2 block of stage 2
    const uint64_t pages = 1ull << order;
    if (order == kBlockOrder && !direct_mapped_) {
        if (!gfn_in_range(gfn + pages - 1)) return -xen::XEN_EINVAL;
        LockGuard guard(p2m_lock_);
        if (is_dying()) return -xen::XEN_EINVAL; // what it holds is being given back
        if (owned_pages_ + pages > max_pages_) return -xen::XEN_ENOMEM;
        if (auto pa = frames_.alloc(pages, pages, id_)) { // zeroed and cleaned
            Attributes ram{MemType::Normal, true, true, static_cast<uint8_t>(P2mType::Ram)};
            if (p2m_.map(gfn << kPageShift, *pa, pages << kPageShift, ram) == Status::Ok) {
                owned_pages_ += pages;
                return 0;
            }
            frames_.free(*pa, pages); // partly populated already: page by page below
        }
    }
    for (uint64_t p = 0; p < pages; ++p)
        if (long rc = populate_ram_page(gfn + p)) return rc;
    return 0;
}

long Domain::remove_page(uint64_t gfn)
{
    uint64_t ipa = gfn << kPageShift;
    if (!gfn_in_range(gfn)) return -xen::XEN_ENOENT;
    std::optional<Pa> released;
    {
        LockGuard guard(p2m_lock_);
        auto t = p2m_.lookup(ipa);
        auto type = t ? static_cast<P2mType>(t->attrs.software) : P2mType::Invalid;
        // Nothing, a device, or a grant mapping (undone by its unmap only).
        if (type == P2mType::Invalid || type == P2mType::Mmio || type == P2mType::Grant) return -xen::XEN_ENOENT;
        if (long err = unmap_page(ipa)) return err;
        released = unmapped_frame_locked(type, Pa(align_down(t->pa.value, kPageSize)));
    }
    if (released) frames_.put(*released);
    return 0;
}

long Domain::map_borrowed_page(uint64_t gfn, Pa frame, P2mType new_type, bool write)
{
    uint64_t ipa = gfn << kPageShift;
    std::optional<Pa> released;
    long rc = 0;
    {
        LockGuard guard(p2m_lock_);
        if (!gfn_in_range(gfn) || is_dying()) {
            rc = -xen::XEN_EINVAL;
        } else if (auto t = p2m_.lookup(ipa)) {
            auto type = static_cast<P2mType>(t->attrs.software);
            if (type == P2mType::Mmio) rc = -xen::XEN_EINVAL;
            else if ((rc = unmap_page(ipa)) == 0)
                released = unmapped_frame_locked(type, Pa(align_down(t->pa.value, kPageSize)));
        }
        if (rc == 0) {
            Attributes borrowed{MemType::Normal, write, false, static_cast<uint8_t>(new_type)};
            if (p2m_.map(ipa, frame, kPageSize, borrowed) != Status::Ok) rc = -xen::XEN_ENOMEM;
        }
    }
    if (released) frames_.put(*released);
    if (rc) frames_.put(frame);
    return rc;
}

bool Domain::unmap_grant_page(uint64_t gfn, Pa frame)
{
    bool found = false;
    {
        LockGuard guard(p2m_lock_);
        found = maps(gfn, frame, P2mType::Grant) && unmap_page(gfn << kPageShift) == 0;
    }
    if (found) frames_.put(frame);
    return found;
}

bool Domain::release_grant_maps_step()
{
    GrantMaps::Entry batch[kRelinquishBatch];
    bool unmapped[kRelinquishBatch] = {};
    unsigned n = 0;
    for (; n < kRelinquishBatch; ++n) {
        auto e = grant_maps_.take_next(release_maps_cursor_);
        if (!e) break;
        batch[n] = *e;
    }
    {
        LockGuard guard(p2m_lock_);
        bool any = false;
        for (unsigned i = 0; i < n; ++i) {
            if (!batch[i].host_map || !maps(batch[i].gfn, batch[i].frame, P2mType::Grant))
                continue; // replaced since: whoever replaced it dropped the reference
            unmapped[i] = p2m_.unmap(batch[i].gfn << kPageShift, kPageSize) == Status::Ok;
            any |= unmapped[i];
        }
        if (any) arch::flush_guest_tlb(vttbr()); // one flush for the batch, before any page goes
    }
    for (unsigned i = 0; i < n; ++i) {
        if (unmapped[i] || !batch[i].host_map) frames_.put(batch[i].frame);
        batch[i].granter->grant_table().unpin(batch[i].ref, batch[i].write);
        batch[i].granter->put_ref();
    }
    return n < kRelinquishBatch;
}

void Domain::wait_for_p2m_change() const { LockGuard guard(p2m_lock_); }

bool Domain::mapped_now(uint64_t ipa) const
{
    // Behind the lock: a block being split (break-before-make) is whole
    // again once the lock is ours.
    LockGuard guard(p2m_lock_);
    return p2m_.lookup(ipa).has_value();
}

bool Domain::maps(uint64_t gfn, Pa frame, P2mType type) const
{
    if (!gfn_in_range(gfn)) return false;
    auto t = p2m_.lookup(gfn << kPageShift);
    return t && static_cast<P2mType>(t->attrs.software) == type && Pa(align_down(t->pa.value, kPageSize)) == frame;
}

std::optional<Pa> Domain::get_ram_page(uint64_t ipa, bool write)
{
    // Under the lock, so the page cannot be given up between the lookup
    // and the reference.
    LockGuard guard(p2m_lock_);
    auto t = p2m_.lookup(ipa);
    if (!t || static_cast<P2mType>(t->attrs.software) != P2mType::Ram) return std::nullopt;
    if (write && !t->attrs.write) return std::nullopt;
    Pa page(align_down(t->pa.value, kPageSize));
    if (!frames_.get(page, id_)) return std::nullopt;
    return page;
}

void Domain::put_page(Pa page) { frames_.put(page); }

void Domain::set_max_pages(uint64_t pages)
{
    LockGuard guard(p2m_lock_);
    max_pages_ = pages;
    p2m_tables_.set_ram_pages(pages > owned_pages_ ? pages : owned_pages_);
}

long Domain::set_claim(uint64_t pages)
{
    LockGuard guard(p2m_lock_);
    // A dying domain's claim was dropped (under this lock): none comes back,
    // to outlive it and pass to the next domain with its id.
    if (is_dying()) return -xen::XEN_EINVAL;
    if (pages == 0) return frames_.set_claim(id_, 0);
    if (frames_.claim_of(id_) || pages <= owned_pages_ || pages > max_pages_) return -xen::XEN_EINVAL;
    return frames_.set_claim(id_, pages - owned_pages_);
}

uint64_t Domain::outstanding_pages() const { return frames_.claim_of(id_); }

void Domain::flush_cache_page(uint64_t gfn)
{
    if (!gfn_in_range(gfn)) return;
    auto page = get_ram_page(gfn << kPageShift, false);
    if (!page) return;
    arch::clean_and_invalidate_dcache_range(arch::phys_to_virt(page->value), kPageSize);
    put_page(*page);
}

bool Domain::begin_dying()
{
    if (__atomic_exchange_n(&dying_, true, __ATOMIC_ACQ_REL)) return false;
    // Offline before anything is taken from it: no vCPU starts again
    // (CPU_ON finds the domain shut down), none runs once its CPU looks.
    __atomic_store_n(&shutting_down_, true, __ATOMIC_SEQ_CST);
    if (shutdown_reason() == ShutdownReason::None) __atomic_store_n(&shutdown_, ShutdownReason::Poweroff, __ATOMIC_SEQ_CST);
    for (unsigned i = 0; i < vcpu_count_; ++i) {
        vcpus_[i]->set_state(Vcpu::State::Offline);
        scheduler::stopped(*vcpus_[i]);
    }
    evtchn_.close_all();
    {
        // What it set aside goes back to everyone; under the p2m lock, so
        // that no claim_pages slips in after it (set_claim checks dying there).
        LockGuard guard(p2m_lock_);
        frames_.set_claim(id_, 0);
    }
    return true;
}

bool Domain::relinquish_memory_step()
{
    struct Leaf {
        uint64_t ipa;
        Pa pa;
        uint64_t size;
        P2mType type;
    } batch[kRelinquishBatch];
    unsigned n = 0;
    bool all_seen;
    {
        LockGuard guard(p2m_lock_);
        all_seen = p2m_.visit_leaves(relinquish_cursor_, [&](uint64_t ipa, const Translation& t) {
            if (n == kRelinquishBatch) return false;
            relinquish_cursor_ = ipa + t.block_size;
            auto type = static_cast<P2mType>(t.attrs.software);
            if (holds_frame_reference(type)) batch[n++] = Leaf{ipa, t.pa, t.block_size, type};
            return true;
        });
        // Unmapped, and no TLB entry left, before a frame goes back.
        for (unsigned i = 0; i < n; ++i) {
            p2m_.unmap(batch[i].ipa, batch[i].size);
            if (batch[i].type == P2mType::Ram) owned_pages_ -= batch[i].size / kPageSize;
        }
        if (n) arch::flush_guest_tlb(vttbr());
    }
    for (unsigned i = 0; i < n; ++i)
        for (uint64_t off = 0; off < batch[i].size; off += kPageSize) frames_.put(batch[i].pa + off);
    return all_seen && n == 0;
}

void Domain::free_ram()
{
    // Every frame the domain owns, wherever the guest moved it with memory_op.
    // No CPU may keep a translation into them once they are free.
    LockGuard guard(p2m_lock_);
    if (p2m_.root().value) arch::flush_guest_tlb(vttbr());
    if (p2m_.root().value)
        p2m_.for_each_leaf([&](uint64_t, const Translation& t) {
            if (!holds_frame_reference(static_cast<P2mType>(t.attrs.software))) return;
            for (uint64_t off = 0; off < t.block_size; off += kPageSize) frames_.put(t.pa + off);
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
    if (__atomic_exchange_n(&shutting_down_, true, __ATOMIC_SEQ_CST)) return; // one shutdown, whoever asks first
    ShutdownReason why = shutdown_code_ != ShutdownReason::None ? shutdown_code_ : reason;
    // Logged before anyone can see it down: an idle CPU that finds every
    // domain down powers the machine off at once, and the line would be lost.
    static constexpr const char* kNames[] = {"none", "poweroff", "reboot", "crash", "watchdog"};
    console::log("d%u: shut down (%s)", id_, kNames[static_cast<unsigned>(why)]);
    // Down before any vCPU is offline: whoever finds a vCPU offline (a
    // CPU_ON) and then checks the domain sees it down.
    __atomic_store_n(&shutdown_, why, __ATOMIC_SEQ_CST);
    for (unsigned i = 0; i < vcpu_count_; ++i) {
        vcpus_[i]->set_state(Vcpu::State::Offline);
        scheduler::stopped(*vcpus_[i]);
    }
    // The toolstack (xenstored, xl's monitor) learns of it from VIRQ_DOM_EXC.
    if (!is_hardware_domain())
        if (DomainRef dom0 = domains::get(0)) dom0->event_channels().raise_virq(xen::VIRQ_DOM_EXC);
}

void Domain::set_handle(const uint8_t (&handle)[16])
{
    for (unsigned i = 0; i < sizeof handle_; ++i) handle_[i] = handle[i];
}

long Domain::pause_by_controller(const Domain& caller)
{
    if (&caller == this) return -xen::XEN_EINVAL; // it could never undo it
    if (__atomic_load_n(&controller_pauses_, __ATOMIC_ACQUIRE) == 255) return -xen::XEN_EOVERFLOW;
    __atomic_add_fetch(&controller_pauses_, 1, __ATOMIC_ACQ_REL);
    for (unsigned i = 0; i < vcpu_count_; ++i) {
        vcpus_[i]->pause();
        scheduler::stopped(*vcpus_[i]);
    }
    // Paused means off every CPU: the toolstack may read or set registers next.
    for (unsigned i = 0; i < vcpu_count_; ++i)
        while (vcpus_[i]->on_cpu()) arch::cpu_relax();
    return 0;
}

long Domain::unpause_by_controller()
{
    if (__atomic_load_n(&controller_pauses_, __ATOMIC_ACQUIRE) == 0) return -xen::XEN_EINVAL;
    __atomic_sub_fetch(&controller_pauses_, 1, __ATOMIC_ACQ_REL);
    for (unsigned i = 0; i < vcpu_count_; ++i)
        if (vcpus_[i]->unpause() && vcpus_[i]->state() == Vcpu::State::Runnable) scheduler::wake(*vcpus_[i]);
    return 0;
}

uint64_t Domain::cpu_time_ns() const
{
    uint64_t ns = 0;
    for (unsigned i = 0; i < vcpu_count_; ++i) ns += vcpus_[i]->cpu_time_ns();
    return ns;
}

void Domain::console_output(char c)
{
    // A guest may not drive the hypervisor console's terminal: only
    // printable characters, tabs and line ends get through.
    if (c == '\r' || ((c < 0x20 || c == 0x7f) && c != '\n' && c != '\t')) return;
    {
        LockGuard guard(console_lock_);
        bool flush = c == '\n' || console_len_ + 1 >= sizeof console_line_;
        if (c != '\n') console_line_[console_len_++] = c;
        if (!flush) return;
        console_line_[console_len_] = '\0';
        unsigned length = console_len_;
        console_len_ = 0;
        // Room for the line with its prefix (and the note of what was
        // dropped before it), or it is counted as dropped.
        if (!console_budget_.take(length + 32 + (console_dropped_lines_ ? 64 : 0))) {
            ++console_dropped_lines_;
            return;
        }
        if (console_dropped_lines_) {
            console::queue_log("d%u: %u console lines dropped (output limit)", id_, console_dropped_lines_);
            console_dropped_lines_ = 0;
        }
        console::queue_log("(d%u) %s", id_, console_line_);
    }
    console::drain(console::kDrainStep);
}

} // namespace hv
