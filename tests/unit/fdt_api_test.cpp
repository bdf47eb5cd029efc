// boot/fdt.hpp and shared/guest_platform/fdt_write.hpp declare libfdt's
// functions themselves (the hypervisor cannot include <libfdt.h>): compiling
// them with it here proves the declarations agree.
#include <libfdt.h>

#include "boot/fdt.hpp"
#include "shared/guest_platform/fdt_write.hpp"

#include <gtest/gtest.h>

TEST(FdtApi, DeclarationsMatchLibfdt)
{
    int (*check)(const void*) = fdt_check_header;
    const void* (*getprop)(const void*, int, const char*, int*) = fdt_getprop;
    int (*setprop)(void*, int, const char*, const void*, int) = fdt_setprop;
    int (*property)(void*, const char*, const void*, int) = fdt_property;
    EXPECT_NE(check, nullptr);
    EXPECT_NE(getprop, nullptr);
    EXPECT_NE(setprop, nullptr);
    EXPECT_NE(property, nullptr);
}

TEST(FdtApi, CellsAreBigEndian)
{
    const unsigned char cells[8] = {0x12, 0x34, 0x56, 0x78, 0x00, 0x00, 0x01, 0x00};
    EXPECT_EQ(hv::fdt::cell(cells, 0), 0x12345678u);
    EXPECT_EQ(hv::fdt::cell(cells, 1), 0x100u);
}
