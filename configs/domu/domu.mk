# The guest of the xl create scenario: Debian's kernel again (the one dom0
# runs), with a busybox-only initramfs.
DOMU_INITRAMFS := $(BUILD)/domu/initramfs.cpio.gz

$(DOMU_INITRAMFS): configs/domu/initramfs.list configs/domu/rcS $(MKINITRAMFS) $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@$(MKINITRAMFS) configs/domu/initramfs.list $(@:.gz=) SRC=$(CURDIR) CACHE=$(CURDIR)/$(CACHE)
	@gzip -9nf $(@:.gz=)
	@echo "  INITRD  $@ ($$(stat -c %s $@) bytes)"
