#pragma once
// A domain: its stage-2 address space (the p2m), its vCPUs, its emulated
// devices and its life cycle.
#include <cstdint>
#include <optional>

#include "arch/spinlock.hpp"
#include "core/console.hpp"
#include "core/mmio.hpp"
#include "core/p2m_table_memory.hpp"
#include "core/vgic.hpp"
#include "core/vuart.hpp"
#include "mm/page_table.hpp"
#include "xen/event_channels.hpp"
#include "xen/grant_maps.hpp"
#include "xen/grant_table.hpp"

namespace xen {
struct shared_info;
}

namespace hv {

class Vcpu;
class FrameAllocator;

// What a stage-2 leaf maps, kept in the descriptor's software bits.
// Ram: a frame the domain owns; Mmio: a device; XenPage: a hypervisor page
// (shared_info, grant frames) the domain maps but does not own; Foreign:
// another domain's page (or a hypervisor page of another domain) the
// toolstack mapped, whose reference the mapping holds until it is removed.
// Grant: another domain's page mapped through its grant table
// (GNTTABOP_map_grant_ref), removed by the unmap only.
enum class P2mType : uint8_t { Invalid = 0, Ram = 1, Mmio = 2, XenPage = 3, Foreign = 4, Grant = 5 };

enum class ShutdownReason : uint8_t { None, Poweroff, Reboot, Crash, Watchdog };

class Domain {
public:
    static constexpr unsigned kMaxVcpus = 8;
    static constexpr unsigned kMaxRamBanks = 4;
    // 40-bit guest physical address space, as Xen on this CPU.
    static constexpr unsigned kIpaBits = 40;

    Domain(uint16_t id, uint8_t vmid, TableMemory& tables, FrameAllocator& frames);
    ~Domain();
    Domain(const Domain&) = delete;
    Domain& operator=(const Domain&) = delete;

    // References (core/domain_list.hpp): the domain list's, from init()
    // until it is destroyed, and each DomainRef's. The last put deletes it.
    void get_ref() { __atomic_add_fetch(&refs_, 1, __ATOMIC_ACQ_REL); }
    void put_ref();
    FrameAllocator& frames() const { return frames_; }
    // Where its p2m's table pages come from (a new domain's come from the same).
    TableMemory& table_memory() const { return tables_; }

    // nr_spis: shared peripheral interrupts of its vGIC (a multiple of 32).
    Status init(const char* name, unsigned nr_spis = 32);
    uint16_t id() const { return id_; }
    uint8_t vmid() const { return vmid_; }
    const char* name() const { return name_; }
    bool is_hardware_domain() const { return id_ == 0; }

    PageTable& p2m() { return p2m_; }
    MmioDispatcher& mmio() { return mmio_; }
    Vuart& vuart() { return vuart_; }
    Vgic& vgic() { return vgic_; }
    const Vgic& vgic() const { return vgic_; }
    EventChannels& event_channels() { return evtchn_; }
    GrantTable& grant_table() { return gnttab_; }
    // The domain's shared_info page (hypervisor memory, mapped into the
    // guest where it asks with XENMEM_add_to_physmap).
    xen::shared_info* shared_info() const { return shared_info_; }
    Pa shared_info_frame() const { return shared_info_frame_; }
    // The PPI of the event-channel upcall (the DT's /hypervisor interrupt).
    unsigned event_channel_ppi() const { return evtchn_ppi_; }
    uint64_t hvm_param(uint32_t index) const { return index < kHvmParams ? hvm_params_[index] : 0; }
    void set_hvm_param(uint32_t index, uint64_t value)
    {
        if (index < kHvmParams) hvm_params_[index] = value;
    }
    void set_event_channel_ppi(unsigned ppi) { evtchn_ppi_ = ppi; }

    // Allocates `size` bytes of RAM and maps it at `base`, in 2 MiB blocks
    // where the allocator has them.
    Status populate_ram(Ipa base, uint64_t size);
    uint64_t ram_bytes() const { return ram_bytes_; }
    bool ipa_is_ram(Ipa ipa, uint64_t size) const;
    // Dom0: guest-physical == machine for its RAM.
    bool direct_mapped() const { return direct_mapped_; }
    void set_direct_mapped(bool on) { direct_mapped_ = on; }
    // Maps a device's [pa, pa+size) at ipa (under the p2m lock: the domain
    // may already be reachable by other CPUs).
    Status map_mmio(uint64_t ipa, Pa pa, uint64_t size);
    // Maps [pa, pa+size) 1:1 as this domain's RAM (the frames are already
    // taken from the allocator by the caller, with this domain as owner).
    Status map_direct_ram(Pa pa, uint64_t size);

    // Single-page p2m edits behind memory_op, each returning -errno or 0.
    // A frame the domain gives up is unmapped, the TLBs flushed, and only
    // then its reference dropped: it is freed once nothing else refers to
    // it.
    // Unmaps an owned RAM frame at gfn and gives it back.
    long release_ram_page(uint64_t gfn);
    // Backs gfn with a new RAM frame (for a 1:1 domain: the machine frame
    // of the same number, if free).
    long populate_ram_page(uint64_t gfn);
    // Backs the 2^order pages at gfn (aligned): a 2 MiB extent of a domain
    // not 1:1 with one aligned run of frames under one stage-2 block (fewer
    // tables, fewer TLB misses), taken whole or not at all as Xen's
    // (-ENOMEM past the domain's maximum); others page by page.
    long populate_ram_extent(uint64_t gfn, unsigned order);
    // XENMEM_remove_from_physmap: removes a hypervisor page mapping at gfn,
    // or gives an owned RAM frame there back (Xen keeps it allocated to the
    // domain, unmapped; we free it); -ENOENT where nothing removable is.
    long remove_page(uint64_t gfn);
    // XENMEM_add_to_physmap_batch (gmfn_foreign) and acquire_resource: maps
    // `frame` at gfn, adopting the reference the caller took on it (dropped
    // here on failure, or when the mapping goes). Whatever was at gfn goes
    // first (its RAM given back); a device mapping is -EINVAL.
    long map_foreign_page(uint64_t gfn, Pa frame) { return map_borrowed_page(gfn, frame, P2mType::Foreign, true); }
    // GNTTABOP_map_grant_ref with GNTMAP_host_map: the same, as a Grant entry.
    long map_grant_page(uint64_t gfn, Pa frame, bool write) { return map_borrowed_page(gfn, frame, P2mType::Grant, write); }
    // Removes the Grant entry of `frame` at gfn and drops its reference;
    // false if it is no longer there (something else replaced it, and
    // dropped the reference then).
    bool unmap_grant_page(uint64_t gfn, Pa frame);
    // Undoes the grant mappings it made (destruction), a batch at a time
    // (kRelinquishBatch, one TLB flush): unmaps, unpins, lets go of the
    // granting domains. True once none is left. Its vCPUs must be off
    // their CPUs (no map_grant_ref of its own can be under way).
    bool release_grant_maps_step();
    void release_grant_maps()
    {
        while (!release_grant_maps_step()) {
        }
    }
    GrantMaps& grant_maps() { return grant_maps_; }
    // Whether anything is mapped at ipa once no p2m change is under way: a
    // stage-2 fault there raced such a change and the access is retried.
    bool mapped_now(uint64_t ipa) const;
    // Returns once no p2m change is under way (a split's invalid moment).
    void wait_for_p2m_change() const;
    // XENMEM_add_to_physmap of shared_info or a grant frame: replaces
    // whatever is at gfn with the hypervisor page `frame`, unless that page
    // is still mapped at another gfn (-EBUSY, as Xen 4.17:
    // remove it first); `where` records the gfn (p2m lock held throughout).
    long map_xen_page_once(uint64_t gfn, Pa frame, uint64_t& where);
    // The gfn `where` records if `frame` is still mapped there, else kNoGfn.
    uint64_t xen_page_gfn(const uint64_t& where, Pa frame) const;
    uint64_t& shared_info_gfn() { return shared_info_gfn_; }
    static constexpr uint64_t kNoGfn = GrantTable::kNoGfn; // Xen's arm32 INVALID_GFN, widened
    // The RAM page at ipa with a reference taken (nullopt: not RAM, or not
    // writable when `write`): what the hypervisor holds while it reads or
    // writes guest memory, or keeps a pointer into it. put_page drops it.
    std::optional<Pa> get_ram_page(uint64_t ipa, bool write);
    void put_page(Pa page);
    // Frames it owns now (XENMEM_current_reservation), and at most
    // (XENMEM_maximum_reservation: its RAM as built; populate stops there).
    uint64_t owned_pages() const
    {
        LockGuard guard(p2m_lock_);
        return owned_pages_;
    }
    uint64_t max_pages() const { return max_pages_; }
    // XEN_DOMCTL_max_mem: the most it may own from now on (it keeps what it
    // has above that, but may not populate more until it is below).
    void set_max_pages(uint64_t pages);
    // XENMEM_claim_pages: sets aside what it needs to reach `pages` in
    // all (0: drops the claim). -EINVAL unless above what it owns and
    // within its maximum, or when it has a claim already.
    long set_claim(uint64_t pages);
    uint64_t outstanding_pages() const;
    // XEN_DOMCTL_cacheflush of one gfn: cleans and invalidates it if it is
    // RAM; anything else has nothing to flush.
    void flush_cache_page(uint64_t gfn);
    // Its p2m's table pages, and the most it may have.
    uint64_t p2m_table_pages() const { return p2m_tables_.used(); }
    uint64_t p2m_table_budget() const { return p2m_tables_.budget(); }
    // The value VTTBR holds while this domain runs.
    uint64_t vttbr() const;

    Status create_vcpus(unsigned count);
    unsigned vcpu_count() const { return vcpu_count_; }
    Vcpu* vcpu(unsigned i) const { return i < vcpu_count_ ? vcpus_[i] : nullptr; }

    // Ends the domain for `reason`, or for the reason it recorded earlier
    // with SCHEDOP_shutdown_code (the first recorded one wins, as in Xen).
    void shutdown(ShutdownReason reason);
    void record_shutdown_code(ShutdownReason reason)
    {
        if (shutdown_code_ == ShutdownReason::None) shutdown_code_ = reason;
    }
    ShutdownReason shutdown_reason() const { return __atomic_load_n(&shutdown_, __ATOMIC_SEQ_CST); }
    bool is_shut_down() const { return shutdown_reason() != ShutdownReason::None; }
    // Being destroyed (XEN_DOMCTL_destroydomain): it runs no more, and what
    // it holds is being given back.
    bool is_dying() const { return __atomic_load_n(&dying_, __ATOMIC_ACQUIRE); }
    // The first steps of destruction: dying (nothing new may bind to it),
    // every vCPU offline, its event channels closed. True for the first
    // caller only.
    bool begin_dying();
    // Gives back the RAM it holds, a batch of mappings at a time (at most
    // kRelinquishBatch leaves: 64 pages or 2 MiB blocks); true once none is
    // left. Under the domctl lock (it keeps its place between calls).
    static constexpr unsigned kRelinquishBatch = 64;
    bool relinquish_memory_step();

    // The toolstack's handle for it (its UUID: createdomain,
    // XEN_DOMCTL_setdomainhandle).
    const uint8_t* handle() const { return handle_; }
    void set_handle(const uint8_t (&handle)[16]);
    // XEN_DOMCTL_pausedomain: returns once none of its vCPUs is on a CPU
    // (-EINVAL for the caller's own domain, -EOVERFLOW past 255 pauses).
    long pause_by_controller(const Domain& caller);
    // XEN_DOMCTL_unpausedomain: -EINVAL if it was not paused.
    long unpause_by_controller();
    bool paused_by_controller() const { return __atomic_load_n(&controller_pauses_, __ATOMIC_ACQUIRE) != 0; }
    // The toolstack's settings that the hypervisor keeps and reports:
    // the p2m pool size (XEN_DOMCTL_set_paging_mempool_size, bytes), the
    // guest's address size and its credit2 weight and cap. Written under
    // the domctl lock.
    uint64_t paging_pool_bytes = 0;
    uint32_t address_size = 32;
    uint16_t sched_weight = 256;
    uint16_t sched_cap = 0;

    // CPU time its vCPUs used, in ns.
    uint64_t cpu_time_ns() const;

    // Buffers a line of guest console output, printed with a "(dN) " prefix.
    void console_output(char c);

private:
    struct RamBank {
        Ipa base;
        uint64_t size;
    };
    void free_ram();
    // Whether gfn maps `frame` now, as a leaf of `type` (p2m_lock_ held).
    bool maps(uint64_t gfn, Pa frame, P2mType type) const;
    // Puts `frame` at gfn (p2m_lock_ held); `released`: the RAM frame it
    // replaced, to put once the lock is dropped.
    long map_xen_page_locked(uint64_t gfn, Pa frame, std::optional<Pa>& released);
    long map_borrowed_page(uint64_t gfn, Pa frame, P2mType type, bool write);
    // What becomes of a frame just unmapped from a leaf of `type` (p2m_lock_
    // held): the frame whose reference the caller drops once the lock is
    // free, or nothing (not the mapping's, or a 1:1 domain's RAM it keeps).
    std::optional<Pa> unmapped_frame_locked(P2mType type, Pa frame);
    // Unmaps one page and flushes this domain's TLB entries (p2m_lock_ held).
    long unmap_page(uint64_t ipa);

    uint16_t id_;
    uint8_t vmid_;
    char name_[32] = {};
    FrameAllocator& frames_;
    TableMemory& tables_;
    P2mTableMemory p2m_tables_;
    PageTable p2m_;
    MmioDispatcher mmio_;
    Vuart vuart_;
    Vgic vgic_;
    EventChannels evtchn_;
    GrantTable gnttab_;
    GrantMaps grant_maps_;
    xen::shared_info* shared_info_ = nullptr;
    Pa shared_info_frame_{};
    uint64_t shared_info_gfn_ = kNoGfn; // under p2m_lock_
    unsigned evtchn_ppi_ = 31;
    static constexpr unsigned kHvmParams = 39;
    uint64_t hvm_params_[kHvmParams] = {};
    // p2m_lock_ guards every change to p2m_ and the RAM accounting below
    // (ram_, owned_pages_, max_pages_): memory_op runs on every physical
    // CPU at once. Lookups need no lock: table pages are freed only with the
    // domain, so a walk racing an edit sees the old entry or the new one.
    // Taken before the allocator's lock, never with another domain's.
    mutable Spinlock p2m_lock_;
    RamBank ram_[kMaxRamBanks]{};
    unsigned ram_count_ = 0;
    uint64_t ram_bytes_ = 0;
    uint64_t owned_pages_ = 0;
    uint64_t max_pages_ = 0;
    bool direct_mapped_ = false;
    Vcpu* vcpus_[kMaxVcpus]{};
    unsigned vcpu_count_ = 0;
    ShutdownReason shutdown_ = ShutdownReason::None; // atomic: set before the vCPUs go offline
    bool shutting_down_ = false;
    ShutdownReason shutdown_code_ = ShutdownReason::None;
    uint8_t handle_[16] = {};
    uint32_t refs_ = 1; // the domain list's
    bool dying_ = false;
    uint64_t relinquish_cursor_ = 0; // the next IPA to look at
    uint32_t release_maps_cursor_ = 0; // the next grant handle to look at
    uint32_t controller_pauses_ = 0; // under the domctl lock; read atomically
    // A domU's console output: a line at a time, within a byte budget
    // (16 KiB at once, 4 KiB/s), then queued for the UART. console_lock_
    // guards the line and the counts; it is never held while the UART drains.
    Spinlock console_lock_;
    char console_line_[256] = {};
    unsigned console_len_ = 0;
    console::ByteBudget console_budget_{16 * 1024, 4 * 1024};
    unsigned console_dropped_lines_ = 0;
};

} // namespace hv
