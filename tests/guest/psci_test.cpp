// PSCI 1.1 and SMCCC 1.1 as Xen offers them, through both conduits (HVC #0
// and a trapped SMC #0).
#include "guest.hpp"

namespace {
constexpr uint32_t kVersion = 0x84000000, kCpuOn = 0x84000003, kAffinityInfo = 0x84000004,
                   kMigrateInfoType = 0x84000006, kSystemSuspend = 0x8400000e, kFeatures = 0x8400000a,
                   kSmcccVersion = 0x80000000, kCpuOn64 = 0xc4000003;
constexpr uint32_t kNotSupported = 0xffffffffu, kInvalidParameters = 0xfffffffeu, kAlreadyOn = 0xfffffffcu;
} // namespace

TEST(version_over_hvc) { EXPECT_EQ(guest_smccc_hvc(kVersion), 0x00010001u); }

TEST(version_over_smc) { EXPECT_EQ(guest_smccc_smc(kVersion), 0x00010001u); }

TEST(smccc_version) { EXPECT_EQ(guest_smccc_hvc(kSmcccVersion), 0x00010001u); }

TEST(features)
{
    EXPECT_EQ(guest_smccc_hvc(kFeatures, kCpuOn), 0u);
    EXPECT_EQ(guest_smccc_hvc(kFeatures, kSmcccVersion), 0u);
    EXPECT_EQ(guest_smccc_hvc(kFeatures, kSystemSuspend), kNotSupported);
    EXPECT_EQ(guest_smccc_smc(kFeatures, 0x12345678), kNotSupported);
}

TEST(migrate_info_type_says_no_trusted_os) { EXPECT_EQ(guest_smccc_hvc(kMigrateInfoType), 2u); }

TEST(unknown_and_64bit_functions_are_not_supported)
{
    EXPECT_EQ(guest_smccc_hvc(kCpuOn64, 1, 0x40008000, 0), kNotSupported);
    EXPECT_EQ(guest_smccc_hvc(0x8600ff01), kNotSupported);
}

TEST(cpu_on_self_and_unknown_cpus)
{
    EXPECT_EQ(guest_smccc_hvc(kCpuOn, 0, 0x40008000, 0), kAlreadyOn);            // vCPU 0: running
    EXPECT_EQ(guest_smccc_hvc(kCpuOn, 5, 0x40008000, 0), kInvalidParameters);    // no vCPU 5
    EXPECT_EQ(guest_smccc_hvc(kCpuOn, 0x10000, 0x40008000, 0), kInvalidParameters); // Aff2 set
}

TEST(affinity_info)
{
    EXPECT_EQ(guest_smccc_hvc(kAffinityInfo, 0, 0), 0u); // vCPU 0 is on
    EXPECT_EQ(guest_smccc_hvc(kAffinityInfo, 7, 0), kInvalidParameters);
    EXPECT_EQ(guest_smccc_hvc(kAffinityInfo, 0, 3), kInvalidParameters);
}
