// The host's fake architecture: simulated machine memory, a counter,
// guest state and firmware calls for the unit tests.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "arch/cpu.hpp"
#include "arch/firmware.hpp"
#include "arch/guest.hpp"
#include "arch/timer.hpp"
#include "arch/tlb.hpp"
#include "arch/vcpu_context.hpp"
#include "core/list_registers.hpp"

namespace hv::arch {
namespace host {
namespace {

unsigned char* ram()
{
    // 2 MiB aligned, so block mappings of it stay aligned.
    static unsigned char* base = [] {
        void* p = std::aligned_alloc(2u << 20, kRamSize);
        if (!p) std::abort();
        return static_cast<unsigned char*>(p);
    }();
    return base;
}

uint64_t pinned_counter = 0;

} // namespace

void* ram_pointer(uint64_t pa)
{
    if (pa < kRamBase || pa >= kRamBase + kRamSize) {
        std::fprintf(stderr, "fake arch: machine address %#llx outside the simulated RAM\n",
                     static_cast<unsigned long long>(pa));
        std::abort();
    }
    return ram() + (pa - kRamBase);
}

uint64_t ram_address(const void* p)
{
    auto* b = static_cast<const unsigned char*>(p);
    if (b < ram() || b >= ram() + kRamSize) std::abort();
    return kRamBase + uint64_t(b - ram());
}

void set_counter(uint64_t value) { pinned_counter = value; }

TimerState& timers()
{
    static TimerState state;
    return state;
}

unsigned& guest_tlb_flushes()
{
    static unsigned n = 0;
    return n;
}

bool& interrupt_pending_flag()
{
    static bool pending = false;
    return pending;
}

uint64_t& cleaned_bytes()
{
    static uint64_t n = 0;
    return n;
}

uint64_t& zeroed_and_cleaned_bytes()
{
    static uint64_t n = 0;
    return n;
}

namespace {
FlushObserver flush_observer = nullptr;
void* flush_observer_context = nullptr;
} // namespace

void set_flush_observer(FlushObserver observer, void* context)
{
    flush_observer = observer;
    flush_observer_context = context;
}

void notify_flush_observer()
{
    if (flush_observer) flush_observer(flush_observer_context);
}

uint64_t& last_flushed_vttbr()
{
    static uint64_t vttbr = 0;
    return vttbr;
}

} // namespace host

void zero_and_clean(uint64_t pa, uint64_t size)
{
    std::memset(host::ram_pointer(pa), 0, size);
    (void)host::ram_pointer(pa + size - 1);
    host::zeroed_and_cleaned_bytes() += size;
    host::cleaned_bytes() += size;
}

uint64_t counter()
{
    if (host::pinned_counter) return host::pinned_counter;
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                  std::chrono::steady_clock::now().time_since_epoch())
                  .count();
    return static_cast<uint64_t>(ns) / 16; // 62.5 MHz
}

void halt_cpu() { std::abort(); }

namespace firmware {
uint32_t smc(uint32_t, uint32_t, uint32_t, uint32_t) { return 0xffffffffu; }
void system_off() { std::abort(); }
void system_reset() { std::abort(); }
} // namespace firmware

namespace guest {
FakeState& fake()
{
    static FakeState state;
    return state;
}
void reset_fake() { fake() = FakeState{}; }
uint32_t read(Banked r) { return fake().banked[static_cast<unsigned>(r)]; }
void write(Banked r, uint32_t value) { fake().banked[static_cast<unsigned>(r)] = value; }
uint32_t sctlr() { return fake().sctlr; }
uint32_t vbar() { return fake().vbar; }
uint32_t ttbcr() { return fake().ttbcr; }
void set_data_fault(uint32_t far, uint32_t fsr)
{
    fake().dfar = far;
    fake().dfsr = fsr;
}
void set_prefetch_fault(uint32_t far, uint32_t fsr)
{
    fake().ifar = far;
    fake().ifsr = fsr;
}
std::optional<uint64_t> va_to_ipa(uint32_t va, bool write)
{
    if (fake().translate) return fake().translate(va, write);
    return va;
}
} // namespace guest

void vcpu_context_init(VcpuContext& ctx, unsigned vcpu_id, uint8_t vmid, uint64_t stage2_root, uint64_t cntvoff)
{
    ctx = VcpuContext{};
    ctx.sctlr = 0x00c50078;
    ctx.actlr = 1u << 6;
    ctx.vmpidr = 0x80000000u | vcpu_id;
    ctx.vttbr = stage2_root | (uint64_t(vmid) << 48);
    ctx.cntvoff = cntvoff;
}
void vcpu_context_save(VcpuContext&) {}
void vcpu_context_load(const VcpuContext&) {}
void enter_guest(const TrapFrame&) { std::abort(); }

} // namespace hv::arch

namespace hv {
namespace {
// A list-register file for the host: four registers, as QEMU's GIC-400.
class FakeListRegisters final : public ListRegisters {
public:
    unsigned count() const override { return 4; }
    uint32_t read(unsigned i) const override { return regs_[i]; }
    void write(unsigned i, uint32_t value) override { regs_[i] = value; }
    void set_underflow_interrupt(bool) override {}

private:
    uint32_t regs_[4] = {};
};
} // namespace

ListRegisters& hardware_list_registers()
{
    static FakeListRegisters lrs;
    return lrs;
}

} // namespace hv

#include "drivers/gicv2_list_registers.hpp"

namespace hv {
// The host has no GICH: a vCPU's virtual interface state stays in memory.
void save_virtual_interface(VgicCpu&) {}
void restore_virtual_interface(const VgicCpu&) {}
} // namespace hv
