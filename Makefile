# Entry point for everything: `make run` (the demo) and `make test` (the
# tests). Both install what they need first (`make deps`, via apt-get).
SHELL := /bin/bash
.DEFAULT_GOAL := all

BUILD := build
CACHE := .cache
CROSS := arm-linux-gnueabihf-
JOBS ?= $(shell nproc)
# Every build rule depends on it, included ones too: define it first.
DEPS_STAMP := $(CACHE)/deps.stamp

include hypervisor/hypervisor.mk
include tests/guest/guest.mk
include xenstored/xenstored.mk
include configs/dom0/dom0.mk
include configs/domu/domu.mk
include toolstack/toolstack.mk

# ---------------------------------------------------------------- deps ---
# Debian packages for the host build, the cross build and the emulators
# (qemu-user-static runs Debian's armhf xenstored on the host, for
# tests/xenstored/host_options_test.sh).
HOST_PACKAGES := g++ cmake pkg-config libgtest-dev qemu-system-arm device-tree-compiler \
  g++-arm-linux-gnueabihf libfdt-dev libyajl-dev libxml2-dev libsqlite3-dev libboost-dev \
  cpio gzip xz-utils dpkg-dev xenstore-utils xen-utils-4.17 clang libclang-rt-14-dev python3 \
  qemu-user-static
# armhf -dev packages, unpacked into a sysroot for the dom0 userland (not
# installed: libfdt-dev cannot be co-installed for two architectures, and a
# mirror may lag behind for one of them).
ARMHF_SYSROOT_PACKAGES := libfdt-dev libfdt1 libyajl-dev libyajl2 libxml2-dev libsqlite3-dev libboost1.74-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps
deps: $(DEPS_STAMP)

# The Makefile too: a package added to the lists above must get installed.
$(DEPS_STAMP): tests/deps.sh Makefile
	@SUDO="$(SUDO)" CACHE="$(CACHE)" HOST_PACKAGES="$(HOST_PACKAGES)" \
	  ARMHF_SYSROOT_PACKAGES="$(ARMHF_SYSROOT_PACKAGES)" tests/deps.sh
	@touch $@

ARMHF_SYSROOT := $(CACHE)/armhf-sysroot
LIBFDT_ARMHF := $(ARMHF_SYSROOT)/usr/lib/arm-linux-gnueabihf/libfdt.a

# ---------------------------------------------------------------- host ---
HOST_BUILD := $(BUILD)/host
UNIT_TESTS := $(HOST_BUILD)/bin/unit_tests

.PHONY: host
host: $(DEPS_STAMP)
	@cmake -S tests -B $(HOST_BUILD)/cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DHV_OUTPUT_DIR=$(abspath $(HOST_BUILD)/bin) -DHV_CACHE_DIR=$(abspath $(CACHE)) >/dev/null
	@cmake --build $(HOST_BUILD)/cmake -j $(JOBS) -- --no-print-directory

# ----------------------------------------------------------------- all ---
.PHONY: all
all: $(DEPS_STAMP) $(HYPERVISOR_IMG) guests host dom0 dom0-xl-create $(XENSTORED_ARMHF)

# ---------------------------------------------------------------- test ---
.PHONY: test
test: all
	@tests/run_all.sh

# ----------------------------------------------------------------- run ---
# The hypervisor with Debian's kernel as dom0 and the demo guest beside it.
# On a terminal dom0 gives a shell (`poweroff -f` ends the demo); without
# one (CI, a pipe) dom0 powers off by itself after its checks.
# tests/e2e/make_run_test.sh runs it on a pseudo-terminal, as a user does.
.PHONY: run run-guest
# The demo: dom0 with our toolstack and a Debian guest to create. On a
# terminal, dom0's shell: `xl create -c /etc/xen/demo.cfg`, `xl list`,
# `xl destroy demo`; without one, the same runs by itself and powers off.
run: $(DEPS_STAMP) dom0-xl-create
	@if [ -t 0 ]; then args="console=hvc0 toolstack=ours"; \
	  echo "Booting the hypervisor and Debian's kernel as dom0 with our toolstack."; \
	  echo "At dom0#: 'xl create -c /etc/xen/demo.cfg' (Ctrl-] leaves the guest's console), 'xl list',"; \
	  echo "'xl destroy demo'; 'poweroff -f' stops."; \
	else args="console=hvc0 toolstack=ours dom0test=demo"; fi; \
	tests/qemu/boot.sh --interactive --timeout 3600 --smp 2 --ram 2048 --bootargs "console=dtuart dom0_mem=512M" \
	  --dom0 $(DOM0_KERNEL) --initrd $(DOM0_XLC_INITRAMFS) --dom0-args "$$args"

# The bare-metal demo guest, which stops by itself.
run-guest: $(DEPS_STAMP) $(HYPERVISOR_IMG) guests
	@tests/qemu/boot.sh --interactive $(BUILD)/guests/demo.img

.PHONY: clean
clean:
	rm -rf $(BUILD)

# ---------------------------------------------------------------- fuzz ---
# The hostile-guest fuzzer for a million calls (FUZZ_CALLS, FUZZ_SEED), and
# xenstored's libFuzzer run (FUZZ_SECONDS).
.PHONY: fuzz fuzz-hypervisor
fuzz: fuzz-hypervisor fuzz-xenstored
fuzz-hypervisor: $(DEPS_STAMP) $(HYPERVISOR_IMG) guests
	@tests/qemu/fuzz.sh

# --------------------------------------------------------------- bench ---
.PHONY: bench
bench: all dom0-bench
	@tests/bench/dom0_entry_bench.sh
	@tests/bench/dom0_boot.sh
	@tests/bench/xenstored_bench.sh
	@tests/bench/xenstored_dom0_bench.sh
	@tests/bench/xl_create_bench.sh
	@tests/bench/io_bench.sh
	@# The xl create scenario soaked: 1000 create/destroy cycles (35 minutes or more).
	@XLC_CYCLES=$${XLC_SOAK_CYCLES:-1000} tests/e2e/xl_create_test.sh
