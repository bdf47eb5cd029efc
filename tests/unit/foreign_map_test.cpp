// The toolstack's view of another domain's memory: XENMEM_add_to_physmap_batch
// with gmfn_foreign and XENMEM_acquire_resource (grant table), as dom0's
// privcmd uses them on ARM. Each mapping holds a reference on the page: a
// destroyed domain's pages stay allocated until dom0 removes its mappings,
// and are freed then.
#include <gtest/gtest.h>

#include "core/domain_list.hpp"
#include "include/public/domctl.hpp"
#include "include/public/memory.hpp"
#include "test_support.hpp"

namespace hv {
namespace {

constexpr uint32_t kArg = 0x40100000, kIdxs = 0x40101000, kGpfns = 0x40102000, kErrs = 0x40103000;

struct ForeignMapTest : ::testing::Test {
    test::Machine machine;
    test::TestDomain dom0{machine, 0};
    test::TestDomain domu{machine, 6};

    long batch(Domain& caller, uint16_t foreign, std::vector<uint64_t> idxs, std::vector<uint64_t> gpfns,
               uint16_t space = xen::XENMAPSPACE_gmfn_foreign)
    {
        EXPECT_EQ(copy_to_guest(caller, kIdxs, idxs.data(), idxs.size() * 8), Status::Ok);
        EXPECT_EQ(copy_to_guest(caller, kGpfns, gpfns.data(), gpfns.size() * 8), Status::Ok);
        xen::xen_add_to_physmap_batch b{};
        b.domid = xen::DOMID_SELF;
        b.space = space;
        b.size = uint16_t(idxs.size());
        b.foreign_domid = foreign;
        b.idxs.raw = kIdxs;
        b.gpfns.raw = kGpfns;
        b.errs.raw = kErrs;
        test::put_guest(caller, kArg, b);
        return test::hypercall(*caller.vcpu(0), 12, uint32_t(xen::MemoryOp::add_to_physmap_batch), kArg);
    }
    int32_t err(unsigned i) { return test::get_guest<int32_t>(*dom0, kErrs + 4 * i); }
    long remove(uint64_t gpfn)
    {
        test::put_guest<xen::xen_remove_from_physmap>(*dom0, kArg, {xen::DOMID_SELF, gpfn});
        return test::hypercall(*dom0->vcpu(0), 12, uint32_t(xen::MemoryOp::remove_from_physmap), kArg);
    }
    Pa machine_page(Domain& d, uint64_t gfn) { return d.p2m().lookup(gfn << 12)->pa; }
};

TEST_F(ForeignMapTest, Dom0MapsAnotherDomainsPagesWithAReference)
{
    ASSERT_EQ(batch(*dom0, 6, {0x40000, 0x40001, 0x12345}, {0x50000, 0x50001, 0x50002}), 0);
    EXPECT_EQ(err(0), 0);
    EXPECT_EQ(err(1), 0);
    EXPECT_EQ(err(2), -22); // nothing there in the guest
    Pa page = machine_page(*domu, 0x40000);
    EXPECT_EQ(machine_page(*dom0, 0x50000), page);
    EXPECT_EQ(machine.frames.references(page), 2u);
    EXPECT_FALSE(dom0->p2m().lookup(0x50002ull << 12));
    EXPECT_EQ(remove(0x50000), 0);
    EXPECT_EQ(machine.frames.references(page), 1u);
    EXPECT_FALSE(dom0->p2m().lookup(0x50000ull << 12));
    // Mapping over a foreign mapping drops the old one's reference.
    Pa second = machine_page(*domu, 0x40001);
    ASSERT_EQ(batch(*dom0, 6, {0x40002}, {0x50001}), 0);
    EXPECT_EQ(machine.frames.references(second), 1u);
    EXPECT_EQ(remove(0x50001), 0);
}

TEST_F(ForeignMapTest, RefusalsInXensOrder)
{
    EXPECT_EQ(batch(*dom0, 99, {0x40000}, {0x50000}), -3);
    EXPECT_EQ(batch(*dom0, 0, {0x40000}, {0x50000}), -22); // itself
    EXPECT_EQ(batch(*domu, 0, {0x40000}, {0x50000}), -1);  // a domU
    EXPECT_EQ(batch(*dom0, 6, {0x40000}, {0x50000}, xen::XENMAPSPACE_gmfn_range), -95);
    EXPECT_EQ(batch(*dom0, 6, {1ull << 40}, {0x50000}), 0);
    EXPECT_EQ(err(0), -22);
    EXPECT_EQ(batch(*dom0, 6, {0x40000}, {1ull << 40}), 0);
    EXPECT_EQ(err(0), -22);
    EXPECT_EQ(machine.frames.references(machine_page(*domu, 0x40000)), 1u); // nothing kept on failure
}

TEST_F(ForeignMapTest, ADestroyedDomainsMappedPagesAreFreedWhenUnmapped)
{
    // dom0's p2m gets a table for 0x50000 the first time (kept with dom0).
    ASSERT_EQ(batch(*dom0, 6, {0x40000}, {0x50000}), 0);
    ASSERT_EQ(remove(0x50000), 0);
    uint64_t free_before = machine.frames.free_frames();
    uint16_t id = test::create_domain(*dom0, kArg);
    ASSERT_NE(id, 0);
    {
        DomainRef d = domains::get(id);
        d->set_max_pages(16);
        ASSERT_EQ(d->populate_ram_page(0x40000), 0);
    }
    ASSERT_EQ(batch(*dom0, id, {0x40000}, {0x50000}), 0);
    ASSERT_EQ(err(0), 0);
    Pa page = machine_page(*dom0, 0x50000);
    ASSERT_EQ(test::destroy_domain(*dom0, kArg, id), 0);
    EXPECT_FALSE(domains::get(id));
    EXPECT_FALSE(machine.frames.is_free(page)); // dom0 still maps it
    EXPECT_EQ(remove(0x50000), 0);
    EXPECT_TRUE(machine.frames.is_free(page));
    EXPECT_EQ(machine.frames.free_frames(), free_before);
}

TEST_F(ForeignMapTest, AcquireResourceMapsTheGrantTable)
{
    auto acquire = [&](Domain& caller, uint32_t id, uint32_t nr, uint64_t frame, uint64_t gfn) {
        test::put_guest<uint64_t>(caller, kGpfns, gfn);
        xen::xen_mem_acquire_resource r{};
        r.domid = 6;
        r.type = xen::XENMEM_resource_grant_table;
        r.id = id;
        r.nr_frames = nr;
        r.frame = frame;
        r.frame_list.raw = kGpfns;
        test::put_guest(caller, kArg, r);
        return test::hypercall(*caller.vcpu(0), 12, uint32_t(xen::MemoryOp::acquire_resource), kArg);
    };
    ASSERT_EQ(acquire(*dom0, 0, 0, 0, 0), 0);
    EXPECT_EQ(test::get_guest<xen::xen_mem_acquire_resource>(*dom0, kArg).nr_frames, GrantTable::kMaxFrames);
    EXPECT_EQ(acquire(*dom0, 1, 1, 0, 0x50000), -22); // status frames: v2 only
    EXPECT_EQ(acquire(*dom0, 0, 33, 0, 0x50000), -7);
    EXPECT_EQ(acquire(*dom0, 0, 1, 64, 0x50000), -22);
    EXPECT_EQ(acquire(*domu, 0, 1, 0, 0x50000), -1);
    ASSERT_EQ(acquire(*dom0, 0, 1, 0, 0x50000), 0);
    Pa frame = *domu->grant_table().frame(0);
    EXPECT_EQ(machine_page(*dom0, 0x50000), frame);
    EXPECT_EQ(machine.frames.references(frame), 2u);
    EXPECT_EQ(remove(0x50000), 0);
    EXPECT_EQ(machine.frames.references(frame), 1u);
}

} // namespace
} // namespace hv
