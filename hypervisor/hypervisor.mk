# The hypervisor: freestanding C++20 for ARMv7-A with the virtualization
# extensions, linked with Debian's armhf libfdt.a into a zImage-format image.
HV_BUILD := $(BUILD)/hv
HYPERVISOR_IMG := $(BUILD)/hypervisor.img
HYPERVISOR_ELF := $(HV_BUILD)/hypervisor.elf

# shared/guest_platform: the leaf library the hypervisor shares with libxc.
HV_DIRS := lib mm core xen boot drivers shared/guest_platform
HV_SRCS := $(foreach d,$(HV_DIRS),$(wildcard hypervisor/$(d)/*.cpp)) \
  $(wildcard hypervisor/arch/arm32/*.cpp) $(wildcard hypervisor/arch/arm32/*.S)
HV_OBJS := $(patsubst hypervisor/%,$(HV_BUILD)/%.o,$(HV_SRCS))

HV_ARCH_FLAGS := -march=armv7ve+fp -mfpu=vfpv3-d16 -mfloat-abi=hard -mgeneral-regs-only -marm
HV_CXXFLAGS := -std=c++20 $(HV_ARCH_FLAGS) -O2 -g -ffreestanding -fno-exceptions -fno-rtti \
  -fno-threadsafe-statics -fno-use-cxa-atexit -fno-asynchronous-unwind-tables -fPIE \
  -fstack-protector-strong -ffunction-sections -fdata-sections \
  -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor -Wcast-align -Wundef -Wvla \
  -Ihypervisor -Ihypervisor/arch/arm32/include -MMD -MP
HV_ASFLAGS := $(HV_ARCH_FLAGS) -Ihypervisor -MMD -MP
HV_LDFLAGS := -nostdlib -static-pie -Wl,--no-dynamic-linker -Wl,-z,norelro -Wl,-z,max-page-size=4096 \
  -Wl,--gc-sections -Wl,-T,hypervisor/arch/arm32/hypervisor.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,-z,noexecstack

$(HV_BUILD)/%.cpp.o: hypervisor/%.cpp | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CXX     $<"
	@$(CROSS)g++ $(HV_CXXFLAGS) -c $< -o $@

$(HV_BUILD)/%.S.o: hypervisor/%.S | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CROSS)gcc $(HV_ASFLAGS) -c $< -o $@

$(HYPERVISOR_ELF): $(HV_OBJS) hypervisor/arch/arm32/hypervisor.ld
	@echo "  LD      $@"
	@$(CROSS)g++ $(HV_ARCH_FLAGS) $(HV_LDFLAGS) -o $@ $(HV_OBJS) $(LIBFDT_ARMHF) -lgcc

$(HYPERVISOR_IMG): $(HYPERVISOR_ELF)
	@$(CROSS)objcopy -O binary $< $@
	@echo "  IMAGE   $@ ($$(stat -c %s $@) bytes)"

-include $(HV_OBJS:.o=.d)
