// Mapping and copying another domain's grants (GNTTABOP_map_grant_ref,
// unmap_grant_ref, copy), as xenconsoled and xenstored map a guest's rings
// through gntdev: the entry's checks, GTF_reading/GTF_writing while it is
// mapped, the page reference the mapping holds, what stays allocated
// when the granting domain is destroyed first, unmap_and_replace, and
// cache_flush only on pages the caller owns or has mapped, and the counters
// debug key 'g' prints.
#include <gtest/gtest.h>

#include "arch/cpu.hpp"
#include "core/console.hpp"
#include "core/domain_list.hpp"
#include "include/public/domctl.hpp"
#include "include/public/grant_table.hpp"
#include "include/public/sysctl.hpp"
#include "test_support.hpp"

namespace hv {
namespace {

constexpr uint32_t kOps = 0x40100000;

struct GrantMapTest : ::testing::Test {
    test::Machine machine;
    test::TestDomain dom0{machine, 0};
    test::TestDomain domu{machine, 6};
    // The test domains are deleted outright: dom0's mappings of domu go first.
    void TearDown() override { dom0->release_grant_maps(); }

    static xen::grant_entry_v1* entry(Domain& granter, uint32_t ref)
    {
        auto frame = granter.grant_table().frame(ref / 512);
        return static_cast<xen::grant_entry_v1*>(arch::phys_to_virt(frame->value)) + ref % 512;
    }
    static void grant(Domain& granter, uint32_t ref, uint16_t to, uint32_t gfn, uint16_t extra = 0)
    {
        *entry(granter, ref) = xen::grant_entry_v1{uint16_t(xen::GTF_permit_access | extra), to, gfn};
    }
    xen::gnttab_map_grant_ref map(uint16_t dom, uint32_t ref, uint64_t host_addr,
                                  uint32_t flags = xen::GNTMAP_host_map)
    {
        xen::gnttab_map_grant_ref m{};
        m.host_addr = host_addr;
        m.flags = flags;
        m.ref = ref;
        m.dom = dom;
        test::put_guest(*dom0, kOps, m);
        EXPECT_EQ(test::hypercall(*dom0->vcpu(0), 20, 0, kOps, 1), 0);
        return test::get_guest<xen::gnttab_map_grant_ref>(*dom0, kOps);
    }
    int16_t unmap(uint32_t handle, uint64_t host_addr)
    {
        xen::gnttab_unmap_grant_ref u{};
        u.host_addr = host_addr;
        u.handle = handle;
        test::put_guest(*dom0, kOps, u);
        EXPECT_EQ(test::hypercall(*dom0->vcpu(0), 20, 1, kOps, 1), 0);
        return test::get_guest<xen::gnttab_unmap_grant_ref>(*dom0, kOps).status;
    }
    Pa page_of(Domain& d, uint64_t gfn) { return d.p2m().lookup(gfn << 12)->pa; }
};

TEST_F(GrantMapTest, MapPinsTheEntryAndHoldsThePage)
{
    grant(*domu, 2, 0, 0x40010);
    auto m = map(6, 2, 0x50000000);
    ASSERT_EQ(m.status, xen::GNTST_okay);
    Pa page = page_of(*domu, 0x40010);
    EXPECT_EQ(m.dev_bus_addr, page.value);
    EXPECT_EQ(page_of(*dom0, 0x50000), page);
    EXPECT_EQ(machine.frames.references(page), 2u);
    EXPECT_EQ(entry(*domu, 2)->flags, xen::GTF_permit_access | xen::GTF_reading | xen::GTF_writing);
    EXPECT_EQ(dom0->grant_maps().in_use(), 1u);
    // The unmap must name the handle, and the address if it gives one.
    EXPECT_EQ(unmap(m.handle + 1, 0x50000000), xen::GNTST_bad_handle);
    EXPECT_EQ(unmap(m.handle, 0x60000000), xen::GNTST_bad_handle);
    EXPECT_EQ(unmap(m.handle, 0x50000000), xen::GNTST_okay);
    EXPECT_EQ(unmap(m.handle, 0x50000000), xen::GNTST_bad_handle);
    EXPECT_EQ(entry(*domu, 2)->flags, xen::GTF_permit_access);
    EXPECT_EQ(machine.frames.references(page), 1u);
    EXPECT_FALSE(dom0->p2m().lookup(0x50000000));
    // A mapping cannot be removed as if it were the caller's page.
    ASSERT_EQ(map(6, 2, 0x50000000).status, xen::GNTST_okay);
    EXPECT_EQ(dom0->remove_page(0x50000), -2);
}

TEST_F(GrantMapTest, RefusalsGiveXensStatus)
{
    grant(*domu, 3, 0, 0x40011, xen::GTF_readonly);
    grant(*domu, 4, 9, 0x40012); // for another domain
    grant(*domu, 5, 0, 0x7777);  // not its RAM
    EXPECT_EQ(map(6, 3, 0x50000000).status, xen::GNTST_permission_denied);
    EXPECT_EQ(map(6, 3, 0x50000000, xen::GNTMAP_host_map | xen::GNTMAP_readonly).status, xen::GNTST_okay);
    EXPECT_EQ(entry(*domu, 3)->flags, xen::GTF_permit_access | xen::GTF_readonly | xen::GTF_reading);
    EXPECT_EQ(map(6, 4, 0x50001000).status, xen::GNTST_bad_gntref);
    EXPECT_EQ(map(6, 100000, 0x50001000).status, xen::GNTST_bad_gntref);
    EXPECT_EQ(map(6, 5, 0x50001000).status, xen::GNTST_general_error);
    EXPECT_EQ(entry(*domu, 5)->flags, xen::GTF_permit_access); // unpinned again
    EXPECT_EQ(map(6, 2, 0x50001000, 0).status, xen::GNTST_bad_gntref);
    EXPECT_EQ(map(6, 2, 0x50001000, xen::GNTMAP_host_map | xen::GNTMAP_contains_pte).status, xen::GNTST_general_error);
    EXPECT_EQ(map(77, 2, 0x50001000).status, xen::GNTST_bad_domain);
    EXPECT_EQ(dom0->grant_maps().in_use(), 1u);
}

TEST_F(GrantMapTest, CopyBetweenOwnPagesAndGrants)
{
    grant(*domu, 7, 0, 0x40020);
    uint32_t word = 0xfeedf00d;
    ASSERT_EQ(copy_to_guest(*dom0, 0x40000010, &word, 4), Status::Ok);
    xen::gnttab_copy c{};
    c.source.u.gmfn = 0x40000;
    c.source.domid = xen::DOMID_SELF;
    c.source.offset = 0x10;
    c.dest.u.ref = 7;
    c.dest.domid = 6;
    c.dest.offset = 0x20;
    c.len = 4;
    c.flags = xen::GNTCOPY_dest_gref;
    test::put_guest(*dom0, kOps, c);
    ASSERT_EQ(test::hypercall(*dom0->vcpu(0), 20, 5, kOps, 1), 0);
    EXPECT_EQ(test::get_guest<xen::gnttab_copy>(*dom0, kOps).status, xen::GNTST_okay);
    EXPECT_EQ(test::get_guest<uint32_t>(*domu, 0x40020020), 0xfeedf00du);
    EXPECT_EQ(entry(*domu, 7)->flags, xen::GTF_permit_access); // pinned only during the copy
    auto status = [&](xen::gnttab_copy bad) {
        test::put_guest(*dom0, kOps, bad);
        EXPECT_EQ(test::hypercall(*dom0->vcpu(0), 20, 5, kOps, 1), 0);
        return test::get_guest<xen::gnttab_copy>(*dom0, kOps).status;
    };
    auto across = c;
    across.dest.offset = 4094;
    EXPECT_EQ(status(across), xen::GNTST_bad_copy_arg);
    auto foreign_gfn = c;
    foreign_gfn.source.domid = 6;
    EXPECT_EQ(status(foreign_gfn), xen::GNTST_permission_denied);
    auto not_granted = c;
    not_granted.dest.u.ref = 8;
    EXPECT_EQ(status(not_granted), xen::GNTST_bad_gntref);
}

TEST_F(GrantMapTest, ADestroyedGrantersMappedPageIsFreedAtTheUnmap)
{
    // dom0's table for 0x50000 is made once and kept with dom0.
    grant(*domu, 2, 0, 0x40010);
    ASSERT_EQ(unmap(map(6, 2, 0x50000000).handle, 0x50000000), xen::GNTST_okay);
    uint64_t free_before = machine.frames.free_frames();

    uint16_t id = test::create_domain(*dom0, kOps);
    ASSERT_NE(id, 0);
    {
        DomainRef d = domains::get(id);
        d->set_max_pages(1);
        ASSERT_EQ(d->populate_ram_page(0x39000), 0);
        grant(*d, 0, 0, 0x39000); // the console ring, as libxc seeds it
    }
    auto m = map(id, 0, 0x50000000);
    ASSERT_EQ(m.status, xen::GNTST_okay);
    Pa page = page_of(*dom0, 0x50000);
    ASSERT_EQ(test::destroy_domain(*dom0, kOps, id), 0);
    EXPECT_FALSE(domains::get(id));
    EXPECT_FALSE(machine.frames.is_free(page));
    EXPECT_EQ(map(id, 0, 0x50001000).status, xen::GNTST_bad_domain);
    EXPECT_EQ(unmap(m.handle, 0x50000000), xen::GNTST_okay);
    EXPECT_TRUE(machine.frames.is_free(page));
    EXPECT_EQ(machine.frames.free_frames(), free_before);
}

long cache_flush(test::TestDomain& caller, uint64_t bus_addr, uint16_t offset, uint16_t length, uint32_t op)
{
    xen::gnttab_cache_flush f{};
    f.a.dev_bus_addr = bus_addr;
    f.offset = offset;
    f.length = length;
    f.op = op;
    test::put_guest(*caller, kOps, f);
    return test::hypercall(*caller->vcpu(0), 20, 12, kOps, 1);
}

TEST_F(GrantMapTest, CacheFlushOnlyOnPagesTheCallerOwnsOrHasMapped)
{
    constexpr long kInval = -22;
    const uint32_t clean = xen::GNTTAB_CACHE_CLEAN, both = clean | xen::GNTTAB_CACHE_INVAL;
    // dom0's bus addresses are its gfns (1:1): a page of its own mapped so.
    // (A frame above the test domains' RAM, which sits at IPA 0x40000000.)
    auto bank = machine.frames.alloc(1, 1024, 0);
    ASSERT_TRUE(bank);
    ASSERT_GE(bank->value, 0x40000000u + (4u << 20));
    dom0->set_direct_mapped(true);
    ASSERT_EQ(dom0->map_direct_ram(*bank, kPageSize), Status::Ok);
    Pa own = *bank, theirs = page_of(*domu, 0x40030);
    // The call's result, and how many bytes it cleaned.
    auto flush = [&](test::TestDomain& caller, uint64_t bus_addr, uint16_t offset, uint16_t length, uint32_t op) {
        uint64_t before = arch::host::cleaned_bytes();
        long rc = cache_flush(caller, bus_addr, offset, length, op);
        return std::make_pair(rc, arch::host::cleaned_bytes() - before);
    };
    using Result = std::pair<long, uint64_t>;
    EXPECT_EQ(flush(dom0, own.value, 0x10, 32, clean), Result(0, 32));
    // Xen's argument checks: one page, CLEAN and INVAL only; empty is done.
    EXPECT_EQ(flush(dom0, own.value, 4096, 1, clean), Result(kInval, 0));
    EXPECT_EQ(flush(dom0, own.value, 0, 4097, clean), Result(kInval, 0));
    EXPECT_EQ(flush(dom0, own.value, 4000, 200, clean), Result(kInval, 0));
    EXPECT_EQ(flush(dom0, own.value, 0, 8, xen::GNTTAB_CACHE_SOURCE_GREF | clean), Result(kInval, 0));
    EXPECT_EQ(flush(dom0, own.value, 0, 8, 4), Result(kInval, 0));
    EXPECT_EQ(flush(dom0, own.value, 0, 0, clean), Result(0, 0));
    EXPECT_EQ(flush(dom0, theirs.value, 0, 8, 0), Result(0, 0));
    // Another domain's page: only while it is mapped from its grant.
    uint32_t refs = machine.frames.references(theirs);
    EXPECT_EQ(flush(dom0, theirs.value, 0, 64, both), Result(kInval, 0));
    grant(*domu, 8, 0, 0x40030);
    auto m = map(6, 8, 0x50000000);
    ASSERT_EQ(m.status, xen::GNTST_okay);
    EXPECT_EQ(flush(dom0, m.dev_bus_addr + 0x800, 0x800, 64, both), Result(0, 64)); // the address names the page
    EXPECT_EQ(flush(domu, own.value, 0, 64, both), Result(kInval, 0)); // dom0's page is not domu's
    EXPECT_EQ(unmap(m.handle, 0x50000000), xen::GNTST_okay);
    EXPECT_EQ(flush(dom0, theirs.value, 0, 64, both), Result(kInval, 0));
    EXPECT_EQ(machine.frames.references(theirs), refs);
    // Not RAM at all; its own page by a machine address that is not where
    // it has it (no reference is ever taken on a frame merely named).
    EXPECT_EQ(flush(dom0, 0x1000, 0, 64, clean), Result(kInval, 0));
    Pa elsewhere = page_of(*dom0, 0x40000);
    uint32_t elsewhere_refs = machine.frames.references(elsewhere);
    EXPECT_EQ(flush(dom0, elsewhere.value, 0, 64, clean), Result(kInval, 0));
    EXPECT_EQ(machine.frames.references(elsewhere), elsewhere_refs);
}

TEST_F(GrantMapTest, UnmapAndReplaceOnlyUnmaps)
{
    grant(*domu, 9, 0, 0x40031);
    auto m = map(6, 9, 0x50000000);
    ASSERT_EQ(m.status, xen::GNTST_okay);
    auto replace = [&](uint64_t new_addr, uint32_t handle) {
        xen::gnttab_unmap_and_replace r{};
        r.host_addr = 0x50000000;
        r.new_addr = new_addr;
        r.handle = handle;
        test::put_guest(*dom0, kOps, r);
        EXPECT_EQ(test::hypercall(*dom0->vcpu(0), 20, 7, kOps, 1), 0);
        return test::get_guest<xen::gnttab_unmap_and_replace>(*dom0, kOps).status;
    };
    // ARM has nothing to put in its place: refused, the mapping stays.
    EXPECT_EQ(replace(0x60000000, m.handle), xen::GNTST_general_error);
    EXPECT_TRUE(dom0->p2m().lookup(0x50000000));
    EXPECT_EQ(replace(0, m.handle + 1), xen::GNTST_bad_handle);
    EXPECT_EQ(replace(0, m.handle), xen::GNTST_okay);
    EXPECT_FALSE(dom0->p2m().lookup(0x50000000));
    EXPECT_EQ(entry(*domu, 9)->flags, xen::GTF_permit_access);
    EXPECT_EQ(dom0->grant_maps().in_use(), 0u);
}

// xl debug-keys: the sysctl's result and what it logged.
std::pair<long, std::string> debug_keys(test::TestDomain& caller, const std::string& typed)
{
    constexpr uint32_t kKeys = kOps + 0x200;
    uint32_t from = console::history_position().written;
    EXPECT_EQ(copy_to_guest(*caller, kKeys, typed.data(), typed.size()), Status::Ok);
    xen::xen_sysctl op{};
    op.cmd = uint32_t(xen::SysctlCmd::debug_keys);
    op.interface_version = xen::XEN_SYSCTL_INTERFACE_VERSION;
    op.u.debug_keys.keys.raw = kKeys;
    op.u.debug_keys.nr_keys = uint32_t(typed.size());
    test::put_guest(*caller, kOps, op);
    long rc = test::hypercall(*caller->vcpu(0), 35, kOps);
    std::string text(16384, '\0');
    text.resize(console::read_history(from, text.data(), text.size()));
    return {rc, text};
}

TEST_F(GrantMapTest, DebugKeyGCountsWhatIsMappedAndPinned)
{
    grant(*domu, 10, 0, 0x40032);
    auto m = map(6, 10, 0x50000000);
    ASSERT_EQ(m.status, xen::GNTST_okay);
    auto [rc, text] = debug_keys(dom0, "g");
    EXPECT_EQ(rc, 0);
    const std::string d0 = "grant-table for remote d0 (v1)", d6 = "grant-table for remote d6 (v1)";
    ASSERT_NE(text.find(d0), std::string::npos) << text;
    ASSERT_NE(text.find(d6), std::string::npos) << text;
    auto counts_of = [](const std::string& log, const std::string& domain) {
        size_t at = log.find("entries in use", log.find(domain));
        return log.substr(log.rfind("  ", at) + 2, log.find(" (", at) - log.rfind("  ", at) - 2);
    };
    EXPECT_EQ(counts_of(text, d0), "0 of its entries in use by other domains, 1 grants of others mapped");
    EXPECT_EQ(counts_of(text, d6), "1 of its entries in use by other domains, 0 grants of others mapped");
    ASSERT_EQ(unmap(m.handle, 0x50000000), xen::GNTST_okay);
    text = debug_keys(dom0, "g").second;
    EXPECT_EQ(counts_of(text, d0), "0 of its entries in use by other domains, 0 grants of others mapped");
    EXPECT_EQ(counts_of(text, d6), "0 of its entries in use by other domains, 0 grants of others mapped");
    // Unknown keys are said; too many at once, or from a guest, refused.
    EXPECT_NE(debug_keys(dom0, "x").second.find("no such debug key"), std::string::npos);
    EXPECT_EQ(debug_keys(dom0, std::string(17, 'g')).first, -22);
    EXPECT_EQ(debug_keys(domu, "g").first, -1);
}

} // namespace
} // namespace hv
