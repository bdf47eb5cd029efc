// multicall (13): a batch of hypercalls, each entry's result written back
// into it; unknown op numbers give -ENOSYS in their entry while the others
// still run; a nested multicall is refused in its entry (-EINVAL, Xen's
// "multicall reentry is disallowed"); a bad list is -EFAULT, never a crash.
#include "guest.hpp"

namespace {

constexpr uint32_t kMulticall = 13, kMemoryOp = 12;
constexpr uint16_t kDomidSelf = 0x7ff0;
constexpr uint64_t kUntouched = 0x5a5a5a5a5a5a5a5aull;

struct MulticallEntry {
    uint64_t op, result;
    uint64_t args[6];
};
static_assert(sizeof(MulticallEntry) == 64);

MulticallEntry batch[8];
uint16_t domid_self = kDomidSelf;
const char kLine[] = "multicall: console line from an entry\n";

uint32_t va(const void* p) { return uint32_t(reinterpret_cast<uintptr_t>(p)); }
long result(unsigned i) { return long(int64_t(batch[i].result)); }

void set(unsigned i, uint64_t op, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0)
{
    batch[i] = MulticallEntry{op, kUntouched, {a0, a1, a2, 0, 0, 0}};
}

long multicall(const void* list, uint32_t count) { return guest_hypercall(kMulticall, va(list), count); }

} // namespace

TEST(each_result_is_written_back_into_its_entry)
{
    set(0, guest::kHypercallXenVersion, 0);                           // XENVER_version
    set(1, guest::kHypercallXenVersion, 7);                           // XENVER_pagesize
    set(2, guest::kHypercallConsoleIo, 0, sizeof kLine - 1, va(kLine)); // CONSOLEIO_write
    set(3, kMemoryOp, 3, va(&domid_self));                            // XENMEM_current_reservation
    EXPECT_EQ(multicall(batch, 4), 0L);
    EXPECT_EQ(result(0), 0x40011L);
    EXPECT_EQ(result(1), 4096L);
    EXPECT_EQ(result(2), 0L);
    EXPECT_EQ(result(3), long(guest::platform().ram_size / 4096));
    // Only `result` is written: the op and arguments stay as they were.
    EXPECT_EQ(batch[1].op, uint64_t(guest::kHypercallXenVersion));
    EXPECT_EQ(batch[1].args[0], 7ull);
}

TEST(unknown_ops_are_enosys_and_the_others_still_run)
{
    set(0, guest::kHypercallXenVersion, 0);
    set(1, 99);                 // no such hypercall
    set(2, 0);                  // set_trap_table: x86 PV only
    set(3, 1ull << 32);         // beyond any table
    set(4, guest::kHypercallXenVersion, 7);
    EXPECT_EQ(multicall(batch, 5), 0L);
    EXPECT_EQ(result(0), 0x40011L);
    EXPECT_EQ(result(1), -38L);
    EXPECT_EQ(result(2), -38L);
    EXPECT_EQ(result(3), -38L);
    EXPECT_EQ(result(4), 4096L);
}

TEST(a_nested_multicall_is_refused_in_its_entry)
{
    static MulticallEntry inner[1];
    inner[0] = MulticallEntry{guest::kHypercallXenVersion, kUntouched, {0, 0, 0, 0, 0, 0}};
    set(0, kMulticall, va(inner), 1);
    set(1, guest::kHypercallXenVersion, 7);
    EXPECT_EQ(multicall(batch, 2), 0L);
    EXPECT_EQ(result(0), -22L);
    EXPECT_EQ(inner[0].result, kUntouched); // the inner batch never ran
    EXPECT_EQ(result(1), 4096L);
}

TEST(an_empty_batch_does_nothing)
{
    set(0, guest::kHypercallXenVersion, 0);
    EXPECT_EQ(multicall(batch, 0), 0L);
    EXPECT_EQ(batch[0].result, kUntouched);
}

TEST(bad_lists_are_efault)
{
    EXPECT_EQ(guest_hypercall(kMulticall, 0x90000000u, 1), -14L); // no RAM there
    EXPECT_EQ(guest_hypercall(kMulticall, 0, 1), -14L);
    // A list running off the end of RAM: the entries before the bad one
    // ran and have their results, then the call fails.
    const auto& p = guest::platform();
    auto* last = reinterpret_cast<MulticallEntry*>(uintptr_t(p.ram_base + p.ram_size) - sizeof(MulticallEntry));
    MulticallEntry saved = *last;
    *last = MulticallEntry{guest::kHypercallXenVersion, kUntouched, {7, 0, 0, 0, 0, 0}};
    EXPECT_EQ(multicall(last, 2), -14L);
    EXPECT_EQ(last->result, 4096ull);
    *last = saved;
}

TEST(an_oversized_batch_is_refused_without_running)
{
    // Xen has no limit (it preempts long batches with a continuation); we
    // run a batch in one go, so bound it: anything larger is an error and
    // runs nothing.
    set(0, guest::kHypercallXenVersion, 0);
    EXPECT_TRUE(multicall(batch, 0x10000000u) < 0);
    EXPECT_TRUE(multicall(batch, 0xffffffffu) < 0);
    EXPECT_EQ(batch[0].result, kUntouched);
}
