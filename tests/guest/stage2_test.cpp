// Stage-2 isolation: the guest reaches nothing but its own RAM (that the RAM
// is private, shared with no other domain nor the hypervisor, is checked by
// isolation_test, which fills all of it while another domain does). Every
// access outside it comes back to the guest as a synchronous external abort
// (DFAR = the address, DFSR short-format FS 0b01000, WnR for writes), and the
// hypervisor carries on: the next test runs.
#include "guest.hpp"

namespace {

constexpr uint32_t kRamBase = 0x40000000, kRamSize = 16u << 20;

uint32_t read_at(uint32_t addr) { return *reinterpret_cast<volatile uint32_t*>(addr); }
void write_at(uint32_t addr, uint32_t v) { *reinterpret_cast<volatile uint32_t*>(addr) = v; }

void expect_read_abort(uint32_t addr)
{
    guest::expect_exception();
    (void)read_at(addr);
    const auto& e = guest::last_exception();
    EXPECT_EQ(static_cast<unsigned>(e.kind), static_cast<unsigned>(guest::Exception::DataAbort));
    EXPECT_EQ(e.dfar, addr);
    EXPECT_EQ(e.dfsr & 0x40f, 0x008u); // synchronous external abort
    EXPECT_EQ(e.dfsr & (1u << 11), 0u); // a read
}

void expect_write_abort(uint32_t addr)
{
    guest::expect_exception();
    write_at(addr, 0xdeadbeef);
    const auto& e = guest::last_exception();
    EXPECT_EQ(static_cast<unsigned>(e.kind), static_cast<unsigned>(guest::Exception::DataAbort));
    EXPECT_EQ(e.dfar, addr);
    EXPECT_EQ(e.dfsr & (1u << 11), 1u << 11); // a write
}

} // namespace

TEST(just_past_ram_aborts) { expect_read_abort(kRamBase + kRamSize); }

TEST(unmapped_read_aborts) { expect_read_abort(0x80000000); }

TEST(unmapped_write_aborts) { expect_write_abort(0x90001000); }

TEST(machine_devices_are_not_reachable)
{
    expect_read_abort(0x09000000);  // the real PL011
    expect_read_abort(0x08000000);  // the GIC distributor
    expect_write_abort(0x08030000); // GICH: the hypervisor's own interface
}

TEST(machine_memory_outside_the_guest_is_not_reachable)
{
    expect_read_abort(0x48000000);  // where QEMU put the machine's device tree
    expect_read_abort(0x50000000);  // where the guest's own boot module lies
    expect_write_abort(0x7ffff000); // top of the machine's RAM
}

TEST(still_alive_after_the_aborts)
{
    EXPECT_EQ(guest_hypercall(guest::kHypercallXenVersion, 0, 0), 0x00040011L);
}
