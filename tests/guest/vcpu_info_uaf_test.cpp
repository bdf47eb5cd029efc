// A registered vcpu_info is written by the hypervisor at every event for
// its vCPU, wherever the guest's page has gone since (issue 11, finding 1).
// Giving that page back (decrease_reservation), or mapping shared_info over
// it (add_to_physmap), must not free its frame while the vcpu_info still
// lives there: Xen keeps a reference for the vCPU's life. Each case gives
// back the page with every free page of the guest's RAM, takes as many back
// (whatever frames the allocator picks, the old one would be among them),
// sends events to that vCPU, and checks that no page the guest owns now
// changed, while the events are still marked pending in shared_info.
// Before the fix the freed frame came back as one of the guest's pages and
// the events' selector and upcall bits appeared in it. Needs --vcpus 2
// (vCPU 1 stays off: its vcpu_info is registered for it by vCPU 0).
#include "guest_ram.hpp"
#include "xen_pages.hpp"

namespace {

using namespace guest::xen;

constexpr uint32_t kEventChannelOp = 32, kClose = 3, kSend = 4, kBindIpi = 7;
constexpr uint32_t kMaxPages = 4096;
constexpr unsigned kEvents = 5;

Page shared_page; // shared_info, until the second case moves it
Page info_page[2]; // vCPU 0's and vCPU 1's vcpu_info
uint64_t gfns[kMaxPages + 1];
SharedInfo* shared = reinterpret_cast<SharedInfo*>(&shared_page);
bool broken = false; // a case left holes in the free RAM: the next one cannot run

long evtchn(uint32_t op, void* arg) { return guest_hypercall(kEventChannelOp, op, va(arg)); }
bool pending(uint32_t port) { return shared->pending[port / 64] & (1ull << (port % 64)); }

// The free RAM's pages in gfns[0..n), n returned; gfns[n] is left for the
// page of the case.
uint32_t list_free_pages(const guest::FreeRam& ram)
{
    uint32_t n = ram.pages() < kMaxPages ? ram.pages() : kMaxPages;
    for (uint32_t i = 0; i < n; ++i) gfns[i] = gfn_of(ram.page(i));
    return n;
}

// Words of pages gfns[0..n) that are not zero; the first one printed.
uint32_t dirty_words(uint32_t n, const char* when)
{
    uint32_t dirty = 0;
    for (uint32_t i = 0; i < n; ++i)
        for (uint32_t a = uint32_t(gfns[i] << 12), end = a + 4096; a < end; a += 4) {
            uint32_t v = *reinterpret_cast<volatile uint32_t*>(a);
            if (v && !dirty++) guest::printf("  %s: word at %#x is %#x\n", when, a, v);
        }
    return dirty;
}

// Gives back the n free pages (filled with a pattern first) and, if
// `with_extra`, the page at gfns[n] too; then populates all n + 1 gfns.
// Returns how many were populated: n or n + 1 (Xen keeps counting a page
// that a reference holds, so the domain's maximum may be reached at n).
uint32_t give_back_and_take_again(uint32_t n, bool with_extra)
{
    for (uint32_t i = 0; i < n; ++i)
        for (uint32_t a = uint32_t(gfns[i] << 12), end = a + 4096; a < end; a += 4)
            *reinterpret_cast<volatile uint32_t*>(a) = a ^ 0xa5c3e1f7u;
    uint32_t released = n + (with_extra ? 1 : 0);
    EXPECT_EQ(release_pages(gfns, released), long(released));
    long populated = populate_pages(gfns, n + 1);
    guest::printf("  gave back %u pages (the case's page at %#x), populated %ld again\n", released,
                  uint32_t(gfns[n] << 12), populated);
    EXPECT_TRUE(populated == long(n) || populated == long(n) + 1);
    if (populated < long(n)) broken = true;
    return populated < 0 ? 0 : uint32_t(populated);
}

// An IPI channel to `vcpu`, unmasked; then kEvents sends on it, each
// checked pending in shared_info (and cleared for the next).
void send_events(uint32_t vcpu)
{
    struct {
        uint32_t vcpu, port;
    } ipi{vcpu, 0};
    EXPECT_EQ(evtchn(kBindIpi, &ipi), 0L);
    uint32_t port = ipi.port;
    shared->mask[port / 64] &= ~(1ull << (port % 64));
    unsigned delivered = 0;
    for (unsigned i = 0; i < kEvents; ++i) {
        shared->pending[port / 64] &= ~(1ull << (port % 64));
        EXPECT_EQ(evtchn(kSend, &port), 0L);
        delivered += pending(port);
    }
    EXPECT_EQ(delivered, kEvents);
    evtchn(kClose, &port);
}

} // namespace

TEST(decrease_reservation_of_the_vcpu_info_page_frees_nothing_in_use)
{
    guest::FreeRam ram;
    EXPECT_EQ(map_shared_info(shared_page), 0L);
    EXPECT_EQ(register_vcpu_info(0, gfn_of(&info_page[0]), 0), 0L);
    uint32_t n = list_free_pages(ram);
    EXPECT_TRUE(n >= 1024);
    gfns[n] = gfn_of(&info_page[0]);
    uint32_t owned = give_back_and_take_again(n, true);
    EXPECT_EQ(dirty_words(owned, "before the events (not scrubbed)"), 0u);
    send_events(0);
    EXPECT_EQ(dirty_words(owned, "after the events"), 0u);
}

TEST(shared_info_mapped_over_the_vcpu_info_page_frees_nothing_in_use)
{
    EXPECT_TRUE(!broken);
    if (broken) return;
    guest::FreeRam ram;
    // vCPU 1 is off: vCPU 0 may register its area, as in Xen.
    EXPECT_EQ(register_vcpu_info(1, gfn_of(&info_page[1]), 0x100), 0L);
    // shared_info is mapped at one gfn at a time (Xen 4.17 says -EBUSY
    // otherwise): move it onto vCPU 1's vcpu_info page, as a guest that
    // reuses that page would. Its old gfn, a hole now, is populated below.
    EXPECT_EQ(remove_from_physmap(gfn_of(&shared_page)), 0L);
    EXPECT_EQ(map_shared_info(info_page[1]), 0L);
    shared = reinterpret_cast<SharedInfo*>(&info_page[1]);
    uint32_t n = list_free_pages(ram);
    gfns[n] = gfn_of(&shared_page);
    uint32_t owned = give_back_and_take_again(n, false);
    EXPECT_EQ(dirty_words(owned, "before the events (not scrubbed)"), 0u);
    send_events(1);
    EXPECT_EQ(dirty_words(owned, "after the events"), 0u);
}
