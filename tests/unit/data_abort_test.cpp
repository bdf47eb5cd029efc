// Stage-2 data aborts on an emulated device, and Cortex-A15 erratum 766422:
// for a Thumb store the syndrome's register field may be wrong, so the
// device must receive the register the instruction names. QEMU reports a
// correct HSR, so only here can the two be made to differ.
#include <gtest/gtest.h>

#include <vector>

#include "core/guest_memory.hpp"
#include "core/hsr.hpp"
#include "core/mmio.hpp"
#include "core/psr.hpp"
#include "core/traps.hpp"
#include "test_support.hpp"

namespace hv {
namespace {

constexpr uint64_t kDevice = 0x09000000;
constexpr uint32_t kCode = 0x40001000; // guest RAM; VA = IPA in the fake

struct Access {
    uint64_t offset;
    unsigned size;
    uint32_t value;
};

struct RecordingDevice final : MmioHandler {
    std::vector<Access> writes;
    uint32_t read_value = 0;
    bool read(Vcpu&, uint64_t, unsigned, uint32_t& v) override
    {
        v = read_value;
        return true;
    }
    bool write(Vcpu&, uint64_t offset, unsigned size, uint32_t value) override
    {
        writes.push_back({offset, size, value});
        return true;
    }
};

// EC 0x24, ISV, the access size, SRT, WnR, a level-3 translation fault.
uint32_t data_abort_syndrome(unsigned size_log2, unsigned srt, bool write, bool il)
{
    return (0x24u << 26) | (uint32_t(il) << 25) | (1u << 24) | (size_log2 << 22) | (srt << 16) |
           (uint32_t(write) << 6) | 0x07u;
}

struct DataAbortTest : ::testing::Test {
    test::Machine machine;
    test::TestDomain dom{machine, 5};
    RecordingDevice device;
    TrapFrame frame{};
    void SetUp() override
    {
        ASSERT_EQ(dom->mmio().add(Ipa(kDevice), 0x1000, device), Status::Ok);
        for (unsigned i = 0; i < 13; ++i) frame.r[i] = 0xa0a0a000u + i; // each register tells who it is
        frame.pc = kCode;
        frame.cpsr = psr::kSvc;
    }
    void code(std::vector<uint16_t> halfwords)
    {
        ASSERT_EQ(copy_to_guest_phys(*dom, kCode, halfwords.data(), halfwords.size() * 2), Status::Ok);
    }
    void abort(uint32_t hsr, uint64_t offset = 0x10)
    {
        TrapInfo info{Hsr{hsr}, uint32_t(kDevice + offset), 0, kDevice + offset};
        handle_data_abort(*dom->vcpu(0), frame, info);
    }
};

TEST_F(DataAbortTest, ThumbStoreTakesTheRegisterFromTheInstruction)
{
    frame.cpsr |= psr::kThumb;
    code({0x6001}); // STR r1, [r0]
    abort(data_abort_syndrome(2, 3, true, false)); // the syndrome claims r3
    ASSERT_EQ(device.writes.size(), 1u);
    EXPECT_EQ(device.writes[0].value, 0xa0a0a001u);
    EXPECT_EQ(device.writes[0].offset, 0x10u);
    EXPECT_EQ(frame.pc, kCode + 2);
}

TEST_F(DataAbortTest, ThirtyTwoBitThumbStoreOfAHighRegister)
{
    frame.cpsr |= psr::kThumb;
    code({0xf8c0, 0x9000}); // STR.W r9, [r0, #0]
    abort(data_abort_syndrome(2, 2, true, true));
    ASSERT_EQ(device.writes.size(), 1u);
    EXPECT_EQ(device.writes[0].value, 0xa0a0a009u);
    EXPECT_EQ(frame.pc, kCode + 4);
}

TEST_F(DataAbortTest, ThumbByteStoreIsMaskedToItsSize)
{
    frame.cpsr |= psr::kThumb;
    code({0x7005}); // STRB r5, [r0]
    abort(data_abort_syndrome(0, 7, true, false));
    ASSERT_EQ(device.writes.size(), 1u);
    EXPECT_EQ(device.writes[0].value, 0x05u);
    EXPECT_EQ(device.writes[0].size, 1u);
}

TEST_F(DataAbortTest, ArmStoreUsesTheSyndrome)
{
    code({0x0000, 0xe580}); // whatever is there: in ARM state the syndrome is right
    abort(data_abort_syndrome(2, 4, true, true));
    ASSERT_EQ(device.writes.size(), 1u);
    EXPECT_EQ(device.writes[0].value, 0xa0a0a004u);
    EXPECT_EQ(frame.pc, kCode + 4);
}

TEST_F(DataAbortTest, ThumbLoadUsesTheSyndrome)
{
    frame.cpsr |= psr::kThumb;
    code({0x6801}); // LDR r1, [r0]: the erratum is about stores only
    device.read_value = 0x12345678;
    abort(data_abort_syndrome(2, 6, false, false));
    EXPECT_EQ(frame.r[6], 0x12345678u);
    EXPECT_EQ(frame.r[1], 0xa0a0a001u);
}

TEST_F(DataAbortTest, UndecodableThumbStoreIsRefusedNotGuessed)
{
    frame.cpsr |= psr::kThumb;
    code({0xc003}); // STMIA r0!, {r0, r1}: no single source register
    uint32_t vbar_pc = frame.pc;
    abort(data_abort_syndrome(2, 1, true, false));
    EXPECT_TRUE(device.writes.empty());
    EXPECT_EQ(psr::mode(frame.cpsr), psr::kAbt); // an abort injected instead
    EXPECT_NE(frame.pc, vbar_pc + 2);
}

} // namespace
} // namespace hv
