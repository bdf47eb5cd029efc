// Stage-2 isolation: the guest reaches its own RAM and nothing else. Every
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

TEST(own_ram_is_read_write_to_the_last_word)
{
    uint32_t addrs[] = {kRamBase + 0x00100000, kRamBase + 0x00800000, kRamBase + kRamSize - 4};
    for (uint32_t a : addrs) {
        write_at(a, a ^ 0x5a5a5a5a);
        EXPECT_EQ(read_at(a), a ^ 0x5a5a5a5a);
    }
}

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

TEST(hypervisor_address_is_the_guests_own_ram)
{
    // The hypervisor runs at machine address 0x40010000; at the same guest
    // address the guest sees its own page, never the hypervisor's.
    volatile uint32_t* p = reinterpret_cast<volatile uint32_t*>(0x40010000 + 0x3000);
    uint32_t before = *p;
    *p = 0x600dcafe;
    EXPECT_EQ(*p, 0x600dcafeu);
    *p = before;
}

TEST(still_alive_after_the_aborts)
{
    EXPECT_EQ(guest_hypercall(guest::kHypercallXenVersion, 0, 0), 0x00040011L);
}
