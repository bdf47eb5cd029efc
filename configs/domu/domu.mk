# The guest of the xl create scenario (tests/e2e/xl_create_test.sh): Debian's
# kernel again, with a busybox-only initramfs, and the dom0 initramfs that
# carries both plus the guest configs and the checks. A variant of dom0's
# (its list, then configs/dom0/xl-create.list), so that the ordinary dom0
# boot does not unpack a second kernel.
DOMU_INITRAMFS := $(BUILD)/domu/initramfs.cpio.gz
DOM0_XLC_INITRAMFS := $(BUILD)/dom0/xl-create-initramfs.cpio.gz
DOM0_XLC_XENSTORED_LIST := $(BUILD)/dom0/xl-create-xenstored.list

$(DOMU_INITRAMFS): configs/domu/initramfs.list configs/domu/rcS $(MKINITRAMFS) $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@$(MKINITRAMFS) configs/domu/initramfs.list $(@:.gz=) SRC=$(CURDIR) CACHE=$(CURDIR)/$(CACHE)
	@gzip -9nf $(@:.gz=)
	@echo "  INITRD  $@ ($$(stat -c %s $@) bytes)"

# Debian's C xenstored (xlcxenstored=c on dom0's command line) and what it
# needs beyond dom0's list: the reference the scenario is checked against.
$(DOM0_XLC_XENSTORED_LIST): $(DOM0_INITRAMFS) configs/dom0/xl-create.list configs/dom0/xen-utils-list.sh
	@cat $(BUILD)/dom0/initramfs.list configs/dom0/xl-create.list >$@.base
	@configs/dom0/xen-utils-list.sh $(CACHE)/xen-utils $@.base /usr/lib/xen-4.17/bin/xenstored >$@.tmp
	@mv $@.tmp $@

$(DOM0_XLC_INITRAMFS): $(DOM0_INITRAMFS) $(DOM0_XLC_XENSTORED_LIST) $(DOMU_INITRAMFS) configs/dom0/xl-create.list \
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
