// MMIO emulation through the emulated SBSA UART at GUEST_PL011_BASE: loads
// and stores of each width, sign extension, and Thumb stores, whose source
// register the hypervisor must read from the instruction (Cortex-A15
// erratum 766422). The QEMU driver checks the line the stores print.
#include "guest.hpp"

extern "C" {
void thumb_str16(volatile uint32_t* addr, uint32_t value);
void thumb_strb16_r5(volatile uint8_t* addr, uint32_t value);
void thumb_str32_r9(volatile uint32_t* addr, uint32_t value);
}

namespace {
constexpr uint32_t kUart = 0x22000000;
volatile uint32_t* const dr = reinterpret_cast<volatile uint32_t*>(kUart);
volatile uint32_t* const fr = reinterpret_cast<volatile uint32_t*>(kUart + 0x18);
} // namespace

TEST(flags_register_reads_tx_and_rx_empty)
{
    EXPECT_EQ(*fr, 0x90u);
    EXPECT_EQ(*reinterpret_cast<volatile uint8_t*>(kUart + 0x18), 0x90u);
}

TEST(signed_byte_load_is_sign_extended)
{
    int32_t v;
    asm volatile("ldrsb %0, [%1]" : "=r"(v) : "r"(kUart + 0x18) : "memory");
    EXPECT_EQ(v, -112); // 0x90
}

TEST(unimplemented_registers_read_as_zero)
{
    EXPECT_EQ(*reinterpret_cast<volatile uint32_t*>(kUart + 0x100), 0u);
}

TEST(stores_in_arm_and_thumb_state_reach_the_device)
{
    const char prefix[] = "vuart: ";
    for (const char* p = prefix; *p; ++p) *dr = static_cast<uint32_t>(*p); // ARM STR
    *reinterpret_cast<volatile uint8_t*>(kUart) = 'A';                     // ARM STRB
    thumb_str16(dr, 'B');                                                   // Thumb STR (16-bit)
    thumb_strb16_r5(reinterpret_cast<volatile uint8_t*>(kUart), 'C');       // Thumb STRB from r5
    thumb_str32_r9(dr, 'D');                                                // Thumb STR.W from r9
    *dr = '\n';
    EXPECT_EQ(*fr, 0x90u);
}
