#pragma once
// shared_info, vcpu_info and the runstate area (public/xen.h, vcpu.h; arm32).
#include <cstddef>
#include <cstdint>

namespace xen {

struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t tsc_shift;
    uint8_t flags;
    uint8_t pad1[2];
};
static_assert(sizeof(vcpu_time_info) == 32);

struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask; // unused on ARM
    uint8_t pad[6];
    uint64_t evtchn_pending_sel;
    vcpu_time_info time;
};
static_assert(sizeof(vcpu_info) == 48);
static_assert(offsetof(vcpu_info, evtchn_pending_sel) == 8);

inline constexpr unsigned kEventChannels2L = 64 * 64; // sizeof(xen_ulong_t) * 8 squared

struct shared_info {
    vcpu_info vcpu[1];
    uint64_t evtchn_pending[64];
    uint64_t evtchn_mask[64];
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
};
static_assert(sizeof(shared_info) == 1088);
static_assert(offsetof(shared_info, evtchn_pending) == 48);
static_assert(offsetof(shared_info, evtchn_mask) == 560);
static_assert(offsetof(shared_info, wc_version) == 1072);

struct vcpu_runstate_info {
    int32_t state; // RUNSTATE_*
    uint32_t pad;
    uint64_t state_entry_time;
    uint64_t time[4];
};
static_assert(sizeof(vcpu_runstate_info) == 48);

inline constexpr int32_t RUNSTATE_running = 0, RUNSTATE_runnable = 1, RUNSTATE_blocked = 2, RUNSTATE_offline = 3;

} // namespace xen
