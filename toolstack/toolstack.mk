# The toolstack for dom0 (armhf, static): xld, xl and the console daemon,
# one object per source so that a change rebuilds only what it touches. The
# host build (tests) is CMake (toolstack/CMakeLists.txt, xl/CMakeLists.txt).
ARMHF_OBJ := $(BUILD)/armhf/obj
ARMHF_USERLAND_CXXFLAGS = -std=c++20 -O2 -Wall -Wextra -Werror -Wno-psabi -MMD -MP -isystem $(ARMHF_SYSROOT)/usr/include \
  -Ihypervisor -Ilibxc -Itoolstack -Ixenstored -Ixl
ARMHF_LIBDIR = $(ARMHF_SYSROOT)/usr/lib/arm-linux-gnueabihf

$(ARMHF_OBJ)/%.o: %.cpp | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  ARMCXX  $@"
	@$(CROSS)g++ $(ARMHF_USERLAND_CXXFLAGS) -c $< -o $@

armhf_objects = $(patsubst %.cpp,$(ARMHF_OBJ)/%.o,$(1))

TOOLSTACK_COMMON := toolstack/json/json.cpp toolstack/xenstore/client.cpp toolstack/xenstore/wait.cpp
XLD_ARMHF := $(BUILD)/armhf/bin/xld
XLD_SOURCES := $(wildcard toolstack/xld/*.cpp toolstack/domain/*.cpp toolstack/device/*.cpp toolstack/hotplug/*.cpp) $(TOOLSTACK_COMMON) $(LIBXC_ARMHF_SOURCES)
XL_ARMHF := $(BUILD)/armhf/bin/xl
XL_SOURCES := $(wildcard xl/cli/*.cpp xl/config/*.cpp) toolstack/json/json.cpp toolstack/device/vdev.cpp

$(XLD_ARMHF): $(call armhf_objects,$(XLD_SOURCES))
	@mkdir -p $(dir $@)
	@echo "  ARMLD   $@"
	@$(CROSS)g++ -static -s -o $@ $^ $(ARMHF_LIBDIR)/libsqlite3.a $(ARMHF_LIBDIR)/libyajl_s.a $(LIBFDT_ARMHF) -pthread -ldl -lm

# The console daemon: getdomaininfo, the ring mapping and event channels go
# through libxc, as Xen's go through libxenctrl, libxengnttab, libxenevtchn.
XENCONSOLED_ARMHF := $(BUILD)/armhf/bin/xenconsoled
XENCONSOLED_SOURCES := $(wildcard toolstack/console/*.cpp) toolstack/xenstore/client.cpp $(LIBXC_DEVICE_SOURCES)

$(XENCONSOLED_ARMHF): $(call armhf_objects,$(XENCONSOLED_SOURCES))
	@mkdir -p $(dir $@)
	@echo "  ARMLD   $@"
	@$(CROSS)g++ -static -s -o $@ $^ -lutil

$(XL_ARMHF): $(call armhf_objects,$(XL_SOURCES))
	@mkdir -p $(dir $@)
	@echo "  ARMLD   $@"
	@$(CROSS)g++ -static -s -o $@ $^ $(ARMHF_LIBDIR)/libyajl_s.a

-include $(shell find $(ARMHF_OBJ) -name '*.d' 2>/dev/null)

.PHONY: toolstack-armhf
toolstack-armhf: $(XLD_ARMHF) $(XL_ARMHF) $(XENCONSOLED_ARMHF)

# In dom0's initramfs (configs/dom0/initramfs.list).
$(DOM0_INITRAMFS): $(XLD_ARMHF) $(XL_ARMHF) $(XENCONSOLED_ARMHF)
