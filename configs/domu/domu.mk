# The guest of the xl create scenario (tests/e2e/xl_create_test.sh): Debian's
# kernel again, with a busybox-only initramfs, and the dom0 initramfs that
# carries both plus the guest configs and the checks. A variant of dom0's
# (its list, then configs/dom0/xl-create.list), so that the ordinary dom0
# boot does not unpack a second kernel.
DOMU_INITRAMFS := $(BUILD)/domu/initramfs.cpio.gz
DOM0_XLC_INITRAMFS := $(BUILD)/dom0/xl-create-initramfs.cpio.gz
DOM0_XLC_XENSTORED_LIST := $(BUILD)/dom0/xl-create-xenstored.list
# The PV disk and network scenario's guest: the same, with blkfront,
# netfront, ext4 and its checks (configs/domu/io-initramfs.list).
DOMU_IO_INITRAMFS := $(BUILD)/domu/io-initramfs.cpio.gz

$(DOMU_INITRAMFS): configs/domu/initramfs.list configs/domu/rcS $(MKINITRAMFS) $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@$(MKINITRAMFS) configs/domu/initramfs.list $(@:.gz=) SRC=$(CURDIR) CACHE=$(CURDIR)/$(CACHE)
	@gzip -9nf $(@:.gz=)
	@echo "  INITRD  $@ ($$(stat -c %s $@) bytes)"

# The io scenario's hostile guest plays blkfront and netfront itself.
HOSTILE_FRONTEND := $(BUILD)/armhf/bin/hostile-frontend
$(HOSTILE_FRONTEND): tests/e2e/domu/hostile_frontend.cpp libxc/linux_ioctls.hpp xenstored/wire.hpp \
  hypervisor/include/public/grant_table.hpp hypervisor/include/public/xen.hpp | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  ARMCXX  $@"
	@$(CROSS)g++ $(ARMHF_CXXFLAGS) -Ihypervisor -Ilibxc -Ixenstored -o $@ $<

$(DOMU_IO_INITRAMFS): configs/domu/initramfs.list configs/domu/io-initramfs.list configs/domu/rcS configs/domu/io-test \
  $(HOSTILE_FRONTEND) $(MKINITRAMFS) $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@kmods=$$(ls -d $(CACHE)/kernel/lib/modules/*/kernel | head -1); \
	  cat configs/domu/initramfs.list configs/domu/io-initramfs.list >$(BUILD)/domu/io-initramfs.list; \
	  $(MKINITRAMFS) $(BUILD)/domu/io-initramfs.list $(@:.gz=) SRC=$(CURDIR) CACHE=$(CURDIR)/$(CACHE) \
	    BUILD=$(CURDIR)/$(BUILD) KMODS=$$kmods
	@gzip -9nf $(@:.gz=)
	@echo "  INITRD  $@ ($$(stat -c %s $@) bytes)"

# Debian's C xenstored (xlcxenstored=c on dom0's command line) and what it
# needs beyond dom0's list: the reference the scenario is checked against.
$(DOM0_XLC_XENSTORED_LIST): $(DOM0_INITRAMFS) configs/dom0/xl-create.list configs/dom0/xen-utils-list.sh
	@cat $(BUILD)/dom0/initramfs.list configs/dom0/xl-create.list >$@.base
	@configs/dom0/xen-utils-list.sh $(CACHE)/xen-utils $@.base /usr/lib/xen-4.17/bin/xenstored >$@.tmp
	@mv $@.tmp $@

$(DOM0_XLC_INITRAMFS): $(DOM0_INITRAMFS) $(DOM0_XLC_XENSTORED_LIST) $(DOMU_INITRAMFS) $(DOMU_IO_INITRAMFS) configs/dom0/xl-create.list \
  configs/dom0/io-checks configs/domu/io-writer.cfg configs/domu/io-reader.cfg configs/domu/io-hotplug.cfg \
  configs/domu/io-hostile.cfg configs/domu/io-bench.cfg configs/dom0/io-bench \
  configs/dom0/xl-create-checks configs/dom0/toolstack-checks configs/dom0/xl-bench configs/domu/guest.cfg configs/domu/guest2.cfg configs/domu/demo.cfg configs/dom0/demo \
  configs/domu/crash.cfg $(GUEST_BUILD)/crash.img $(DOM0_KERNEL) \
  $(PTYRUN)
	@kmods=$$(ls -d $(CACHE)/kernel/lib/modules/*/kernel | head -1); \
	  cat $(DOM0_XLC_XENSTORED_LIST).base $(DOM0_XLC_XENSTORED_LIST) >$(BUILD)/dom0/xl-create-initramfs.list; \
	  $(MKINITRAMFS) $(BUILD)/dom0/xl-create-initramfs.list $(@:.gz=) SRC=$(CURDIR) CACHE=$(CURDIR)/$(CACHE) \
	    BUILD=$(CURDIR)/$(BUILD) KMODS=$$kmods
	@gzip -9nf $(@:.gz=)
	@echo "  INITRD  $@ ($$(stat -c %s $@) bytes)"

.PHONY: dom0-xl-create
dom0-xl-create: $(DOM0_XLC_INITRAMFS) $(HYPERVISOR_IMG)
