# xenstored for dom0 (armhf, static) and the xenstored-only targets. The
# host build is CMake (tests/CMakeLists.txt); this file is included by the
# top-level Makefile.
XENSTORED_ARMHF := $(BUILD)/armhf/bin/xenstored
# getdomaininfo, event channels and grant mappings go through libxc, as Xen's
# daemon goes through libxenctrl, libxenevtchn and libxengnttab.
# (the console daemon links the same: toolstack/toolstack.mk).
LIBXC_DEVICE_SOURCES := libxc/privcmd.cpp libxc/xc.cpp libxc/error.cpp libxc/event_channel_device.cpp libxc/grant_device.cpp
XENSTORED_SOURCES := $(wildcard xenstored/*.cpp) $(LIBXC_DEVICE_SOURCES)
XENSTORED_HEADERS := $(wildcard xenstored/*.hpp)
FUZZ_SECONDS ?= 300

# Boost.Asio is header-only: the sysroot's headers, no boost_system.
$(XENSTORED_ARMHF): $(XENSTORED_SOURCES) $(XENSTORED_HEADERS) $(wildcard libxc/*.hpp) xenstored/xenstored.mk | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CROSS)g++ -std=c++20 -O2 -Wall -Wextra -Werror -static -isystem $(ARMHF_SYSROOT)/usr/include \
	  -Ixenstored -Ilibxc -Ihypervisor $(XENSTORED_SOURCES) -o $@
	$(CROSS)strip $@

.PHONY: xenstored-armhf fuzz-xenstored
xenstored-armhf: $(XENSTORED_ARMHF)

# The libFuzzer target on the parser and dispatcher, for FUZZ_SECONDS.
fuzz-xenstored: $(DEPS_STAMP)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/xenstored/host_fuzz_smoke_test.sh
