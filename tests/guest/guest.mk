# Bare-metal test guests: the framework (start.S, runtime.cpp, the shared
.SECONDARY:
# formatter) linked with one test file each into build/guests/<name>.img.
GUEST_BUILD := $(BUILD)/guests
GUEST_TESTS := $(basename $(notdir $(wildcard tests/guest/*_test.cpp)))
GUEST_IMAGES := $(addprefix $(GUEST_BUILD)/,$(addsuffix .img,$(GUEST_TESTS) demo crash))
GUEST_FRAMEWORK := start.S thumb_ops.S hypercall_check.S runtime.cpp fdt_reader.cpp
GUEST_FRAMEWORK_OBJS := $(addprefix $(GUEST_BUILD)/obj/,$(addsuffix .o,$(GUEST_FRAMEWORK))) \
  $(GUEST_BUILD)/obj/format.cpp.o

GUEST_ARCH_FLAGS := -march=armv7ve+fp -mfpu=vfpv3-d16 -mfloat-abi=hard -mgeneral-regs-only -marm \
  -mno-unaligned-access
GUEST_CXXFLAGS := -std=c++20 $(GUEST_ARCH_FLAGS) -O2 -g -ffreestanding -fno-exceptions -fno-rtti \
  -fno-threadsafe-statics -fno-toplevel-reorder -fno-stack-protector -fno-asynchronous-unwind-tables -fPIE \
  -Wall -Wextra -Werror -Itests/guest -Ihypervisor -MMD -MP
GUEST_LDFLAGS := -nostdlib -static-pie -Wl,--no-dynamic-linker -Wl,-z,norelro -Wl,-T,tests/guest/guest.ld -Wl,--build-id=none \
  -Wl,--no-warn-rwx-segments -Wl,-z,noexecstack

.PHONY: guests
guests: $(GUEST_IMAGES)

$(GUEST_BUILD)/obj/%.cpp.o: tests/guest/%.cpp | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CXX     $<"
	@$(CROSS)g++ $(GUEST_CXXFLAGS) -c $< -o $@

$(GUEST_BUILD)/obj/format.cpp.o: hypervisor/lib/format.cpp | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@$(CROSS)g++ $(GUEST_CXXFLAGS) -c $< -o $@

$(GUEST_BUILD)/obj/%.S.o: tests/guest/%.S | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CROSS)gcc $(GUEST_ARCH_FLAGS) -c $< -o $@

$(GUEST_BUILD)/%.elf: $(GUEST_BUILD)/obj/%.cpp.o $(GUEST_FRAMEWORK_OBJS) tests/guest/guest.ld
	@$(CROSS)g++ $(GUEST_ARCH_FLAGS) $(GUEST_LDFLAGS) -o $@ $< $(GUEST_FRAMEWORK_OBJS) -lgcc

$(GUEST_BUILD)/%.img: $(GUEST_BUILD)/%.elf
	@$(CROSS)objcopy -O binary $< $@
	@echo "  GUEST   $@"

-include $(wildcard $(GUEST_BUILD)/obj/*.d)
