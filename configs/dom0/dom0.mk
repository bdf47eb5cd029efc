# Dom0: Debian's armhf kernel as it is, with an initramfs of Debian's
# busybox, the kernel's own Xen modules, our dom0 programs and Debian's Xen
# tools (xl, xenconsoled, xen-init-dom0).
DOM0_KERNEL := $(CACHE)/kernel/boot/vmlinuz
DOM0_INITRAMFS := $(BUILD)/dom0/initramfs.cpio.gz
MKINITRAMFS := $(BUILD)/host/bin/mkinitramfs
DOM0_SELFTEST := $(BUILD)/armhf/bin/dom0-selftest
ARMHF_CXXFLAGS := -std=c++20 -O2 -Wall -Wextra -Werror -static -s

$(MKINITRAMFS): configs/dom0/mkinitramfs.cpp | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  HOSTCXX $@"
	@g++ -std=c++20 -O2 -Wall -Wextra -Werror -o $@ $<

$(DOM0_SELFTEST): tests/e2e/dom0/dom0_selftest.cpp libxc/linux_ioctls.hpp | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  ARMCXX  $@"
	@$(CROSS)g++ $(ARMHF_CXXFLAGS) -Ilibxc -o $@ $<

# A pseudo-terminal for the end-to-end tests' interactive commands (xl console).
PTYRUN := $(BUILD)/armhf/bin/ptyrun
$(PTYRUN): tests/e2e/dom0/ptyrun.cpp | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  ARMCXX  $@"
	@$(CROSS)g++ $(ARMHF_CXXFLAGS) -o $@ $<

# libxc's device layer checked in dom0 (the domain builder comes along:
# it links as the toolstack will).
LIBXC_SELFTEST := $(BUILD)/armhf/bin/libxc-selftest
# With it the leaf library it shares with the hypervisor (guest DTB, module placement).
GUEST_PLATFORM_DIR := hypervisor/shared/guest_platform
LIBXC_ARMHF_SOURCES := $(wildcard libxc/*.cpp) $(wildcard $(GUEST_PLATFORM_DIR)/*.cpp)
$(LIBXC_SELFTEST): tests/libxc/dom0/libxc_selftest.cpp $(LIBXC_ARMHF_SOURCES) $(wildcard libxc/*.hpp) \
  $(wildcard $(GUEST_PLATFORM_DIR)/*.hpp) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  ARMCXX  $@"
	@$(CROSS)g++ $(ARMHF_CXXFLAGS) -Ilibxc -Ihypervisor -o $@ $< $(LIBXC_ARMHF_SOURCES) $(LIBFDT_ARMHF)

# Debian's Xen programs in dom0 and the libraries they need: their list is
# generated from what tests/deps.sh fetched (the file names are the
# archive's), then follows dom0's own list.
DOM0_XEN_PROGRAMS := $(addprefix /usr/lib/xen-4.17/bin/,xl xenconsole xenconsoled xen-init-dom0)
DOM0_XEN_UTILS_LIST := $(BUILD)/dom0/xen-utils.list
$(DOM0_XEN_UTILS_LIST): configs/dom0/xen-utils-list.sh configs/dom0/elf-closure.sh configs/dom0/initramfs.list $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@configs/dom0/xen-utils-list.sh $(CACHE)/xen-utils configs/dom0/initramfs.list $(DOM0_XEN_PROGRAMS) >$@.tmp
	@mv $@.tmp $@

$(DOM0_INITRAMFS): configs/dom0/initramfs.list $(DOM0_XEN_UTILS_LIST) configs/dom0/init configs/dom0/profile \
  configs/dom0/xenstore-checks configs/dom0/xl-checks $(MKINITRAMFS) $(DOM0_SELFTEST) $(LIBXC_SELFTEST) \
  $(XENSTORED_ARMHF) $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@kmods=$$(ls -d $(CACHE)/kernel/lib/modules/*/kernel | head -1); \
	  cat configs/dom0/initramfs.list $(DOM0_XEN_UTILS_LIST) >$(BUILD)/dom0/initramfs.list; \
	  $(MKINITRAMFS) $(BUILD)/dom0/initramfs.list $(@:.gz=) SRC=$(CURDIR) CACHE=$(CURDIR)/$(CACHE) \
	    BUILD=$(CURDIR)/$(BUILD) KMODS=$$kmods
	@gzip -9nf $(@:.gz=)
	@echo "  INITRD  $@ ($$(stat -c %s $@) bytes)"

.PHONY: dom0
dom0: $(DOM0_INITRAMFS) $(HYPERVISOR_IMG)

# make bench: the same initramfs with Debian's C xenstored and our benchmark
# client added, to measure both daemons side by side in dom0.
XEN_REFERENCE := $(CACHE)/xen-reference/.complete
XENSTORED_BENCH_ARMHF := $(BUILD)/armhf/bin/xenstored_bench
DOM0_BENCH_INITRAMFS := $(BUILD)/dom0/bench-initramfs.cpio.gz

$(XEN_REFERENCE): tests/bench/fetch_xen_reference.sh | $(DEPS_STAMP)
	@CACHE="$(CACHE)" tests/bench/fetch_xen_reference.sh

$(XENSTORED_BENCH_ARMHF): tests/bench/xenstored_bench.cpp | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  ARMCXX  $@"
	@$(CROSS)g++ $(ARMHF_CXXFLAGS) -pthread -o $@ $<

$(DOM0_BENCH_INITRAMFS): $(DOM0_INITRAMFS) tests/bench/dom0_bench.list tests/bench/xenstored-dom0-bench \
  $(XEN_REFERENCE) $(XENSTORED_BENCH_ARMHF)
	@kmods=$$(ls -d $(CACHE)/kernel/lib/modules/*/kernel | head -1); \
	  cat $(BUILD)/dom0/initramfs.list tests/bench/dom0_bench.list >$(BUILD)/dom0/bench-initramfs.list; \
	  $(MKINITRAMFS) $(BUILD)/dom0/bench-initramfs.list $(@:.gz=) SRC=$(CURDIR) CACHE=$(CURDIR)/$(CACHE) \
	    BUILD=$(CURDIR)/$(BUILD) KMODS=$$kmods
	@gzip -9nf $(@:.gz=)
	@echo "  INITRD  $@ ($$(stat -c %s $@) bytes)"

.PHONY: dom0-bench
dom0-bench: $(DOM0_BENCH_INITRAMFS) $(HYPERVISOR_IMG)
