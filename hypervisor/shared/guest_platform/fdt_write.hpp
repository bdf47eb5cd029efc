#pragma once
// libfdt's sequential-write API, the part of libfdt this library calls,
// declared here because <libfdt.h> drags in the C library's <stdlib.h>,
// which the freestanding hypervisor build cannot include. The host build
// checks these declarations against <libfdt.h> (tests/unit/fdt_api_test.cpp).
extern "C" {
int fdt_create(void* buf, int bufsize);
int fdt_finish_reservemap(void* fdt);
int fdt_begin_node(void* fdt, const char* name);
int fdt_property(void* fdt, const char* name, const void* val, int len);
int fdt_end_node(void* fdt);
int fdt_finish(void* fdt);
}
