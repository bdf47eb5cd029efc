#pragma once
// xen_version sub-commands and feature bits (public/version.h, features.h).
#include <cstdint>

namespace xen {

inline constexpr uint32_t kXenMajor = 4;
inline constexpr uint32_t kXenMinor = 17;

enum class XenVersionCmd : uint32_t {
    version = 0,
    extraversion = 1,
    compile_info = 2,
    capabilities = 3,
    changeset = 4,
    platform_parameters = 5,
    get_features = 6,
    pagesize = 7,
    guest_handle = 8,
    commandline = 9,
    build_id = 10,
};

inline constexpr uint32_t XEN_EXTRAVERSION_LEN = 16;
inline constexpr uint32_t XEN_CAPABILITIES_INFO_LEN = 1024;
inline constexpr uint32_t XEN_CHANGESET_INFO_LEN = 64;
inline constexpr uint32_t XEN_COMMANDLINE_LEN = 1024;

struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
static_assert(sizeof(xen_compile_info) == 144);

struct xen_feature_info {
    uint32_t submap_idx;
    uint32_t submap;
};

struct xen_platform_parameters {
    uint64_t virt_start; // xen_ulong_t: 64 bits on ARM
};

// Feature bits of sub-map 0.
inline constexpr uint32_t XENFEAT_writable_page_tables = 0;
inline constexpr uint32_t XENFEAT_auto_translated_physmap = 2;
inline constexpr uint32_t XENFEAT_dom0 = 11;
inline constexpr uint32_t XENFEAT_memory_op_vnode_supported = 13;
inline constexpr uint32_t XENFEAT_ARM_SMCCC_supported = 14;
inline constexpr uint32_t XENFEAT_not_direct_mapped = 16;
inline constexpr uint32_t XENFEAT_direct_mapped = 17;

} // namespace xen
