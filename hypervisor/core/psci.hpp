#pragma once
// PSCI 1.1 and the SMC Calling Convention for guests (HVC #0 or SMC #0):
// function id in r0, arguments r1-r3, result in r0.
#include <cstdint>

#include "arch/trap_frame.hpp"

namespace hv {

class Vcpu;

namespace psci {

inline constexpr uint32_t kVersion = 0x84000000;
inline constexpr uint32_t kCpuSuspend = 0x84000001;
inline constexpr uint32_t kCpuOff = 0x84000002;
inline constexpr uint32_t kCpuOn = 0x84000003;
inline constexpr uint32_t kAffinityInfo = 0x84000004;
inline constexpr uint32_t kMigrate = 0x84000005;
inline constexpr uint32_t kMigrateInfoType = 0x84000006;
inline constexpr uint32_t kMigrateInfoUpCpu = 0x84000007;
inline constexpr uint32_t kSystemOff = 0x84000008;
inline constexpr uint32_t kSystemReset = 0x84000009;
inline constexpr uint32_t kFeatures = 0x8400000a;
inline constexpr uint32_t kSmcccVersion = 0x80000000;
inline constexpr uint32_t kSmcccArchFeatures = 0x80000001;

inline constexpr int32_t kSuccess = 0;
inline constexpr int32_t kNotSupported = -1;
inline constexpr int32_t kInvalidParameters = -2;
inline constexpr int32_t kDenied = -3;
inline constexpr int32_t kAlreadyOn = -4;

inline constexpr uint32_t kPsciVersion_1_1 = 0x00010001;
inline constexpr uint32_t kSmcccVersion_1_1 = 0x00010001;

} // namespace psci

// Handles the call whose function id is in r0 and writes the result to r0.
void handle_smccc_call(Vcpu& vcpu, TrapFrame& frame);

} // namespace hv
