#pragma once
// The part of libfdt's C API the hypervisor calls, declared here because
// <libfdt.h> drags in the C library's <stdlib.h>, whose floating-point
// inlines do not build for the hypervisor (no FP registers). The host build
// checks these declarations against <libfdt.h> (tests/unit/fdt_api_test.cpp).
#include <cstddef>
#include <cstdint>

extern "C" {
int fdt_check_header(const void* fdt);
int fdt_path_offset(const void* fdt, const char* path);
int fdt_path_offset_namelen(const void* fdt, const char* path, int namelen);
const char* fdt_get_alias_namelen(const void* fdt, const char* name, int namelen);
int fdt_parent_offset(const void* fdt, int nodeoffset);
int fdt_first_subnode(const void* fdt, int offset);
int fdt_next_subnode(const void* fdt, int offset);
const char* fdt_get_name(const void* fdt, int nodeoffset, int* lenp);
const void* fdt_getprop(const void* fdt, int nodeoffset, const char* name, int* lenp);
int fdt_node_check_compatible(const void* fdt, int nodeoffset, const char* compatible);
int fdt_node_offset_by_compatible(const void* fdt, int startoffset, const char* compatible);
int fdt_node_offset_by_prop_value(const void* fdt, int startoffset, const char* propname, const void* propval,
                                  int proplen);
int fdt_num_mem_rsv(const void* fdt);
int fdt_get_mem_rsv(const void* fdt, int n, uint64_t* address, uint64_t* size);
// (Sequential write: shared/guest_platform/fdt_write.hpp, the guest DTB writer's.)
// Read-write
int fdt_open_into(const void* fdt, void* buf, int bufsize);
int fdt_pack(void* fdt);
int fdt_setprop(void* fdt, int nodeoffset, const char* name, const void* val, int len);
int fdt_delprop(void* fdt, int nodeoffset, const char* name);
int fdt_add_subnode(void* fdt, int parentoffset, const char* name);
int fdt_del_node(void* fdt, int nodeoffset);
int fdt_next_node(const void* fdt, int offset, int* depth);
const char* fdt_stringlist_get(const void* fdt, int nodeoffset, const char* property, int index, int* lenp);
uint32_t fdt_get_phandle(const void* fdt, int nodeoffset);
int fdt_node_offset_by_phandle(const void* fdt, uint32_t phandle);
}

namespace hv::fdt {

// Device-tree cells are big-endian 32-bit words.
inline uint32_t cell(const void* p, unsigned index = 0)
{
    auto* b = static_cast<const unsigned char*>(p) + index * 4;
    return uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | b[3];
}

} // namespace hv::fdt
