// From head.S to the generic boot sequence: the boot identity map, the Hyp
// MMU, constructors, and the per-CPU Hyp configuration.
#include "arch/barrier.hpp"
#include "arch/boot.hpp"
#include "arch/cpu.hpp"
#include "arch/firmware.hpp"
#include "arch/sysreg.hpp"
#include "boot/start.hpp"
#include "mm/lpae.hpp"

extern "C" {
extern char __image_start[];
extern char __hypervisor_end[];
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
extern unsigned long __stack_chk_guard;
[[noreturn]] void arch_boot(uint32_t dtb, uint32_t load_address);
[[noreturn]] void arch_secondary_boot(uint32_t cpu);
extern char secondary_entry[];
}

namespace hv::arch {
namespace {

using namespace sysreg;

// HSCTLR bits
constexpr uint32_t kHsctlrM = 1u << 0, kHsctlrA = 1u << 1, kHsctlrC = 1u << 2, kHsctlrI = 1u << 12,
                   kHsctlrWxn = 1u << 19, kHsctlrEe = 1u << 25, kHsctlrTe = 1u << 30;
// HTCR: 32-bit input, walks inner-shareable write-back write-allocate; bits 31 and 23 read as one.
constexpr uint32_t kHtcr = 0x80803500;
// VTCR: T0SZ = -8 (40-bit IPA), SL0 = 1 (start at level 1), walks
// inner-shareable write-back: Xen's 0x80003558 on this CPU.
constexpr uint32_t kVtcr = 0x80003558;

// The boot identity map: four 1 GiB blocks covering the 32-bit space.
alignas(4096) uint64_t boot_l1[4];
// The final Hyp table, for the other CPUs (read with their MMU still off).
uint64_t hyp_table_root;

uint64_t gib_block(unsigned index, bool normal)
{
    uint64_t e = (uint64_t(index) << 30) | lpae::kValid | lpae::kAccessFlag | lpae::kApBit6;
    if (normal) e |= (uint64_t(lpae::kHypAttrNormal) << lpae::kAttrShift) | lpae::kInnerShareable;
    else e |= (uint64_t(lpae::kHypAttrDevice) << lpae::kAttrShift) | lpae::kExecuteNever;
    return e;
}

void flush_hyp_tlb()
{
    dsb();
    isb();
    write_tlbiallh(0);
    dsb();
    isb();
}

void enable_mmu_with(uint64_t root)
{
    write_hmair0(lpae::kHmair0);
    write_hmair1(0);
    write_htcr(kHtcr);
    write_httbr(root);
    flush_hyp_tlb();
    write_iciallu(0);
    uint32_t hsctlr = read_hsctlr();
    hsctlr &= ~(kHsctlrA | kHsctlrWxn | kHsctlrEe | kHsctlrTe);
    hsctlr |= kHsctlrM | kHsctlrC | kHsctlrI;
    write_hsctlr(hsctlr);
    isb();
}

void enable_mmu(uint32_t image, uint32_t dtb)
{
    for (unsigned i = 0; i < 4; ++i) boot_l1[i] = gib_block(i, i == (image >> 30) || i == (dtb >> 30));
    enable_mmu_with(virt_to_phys(boot_l1));
}

} // namespace

void early_map_ram(uint64_t base, uint64_t size)
{
    for (uint64_t gib = base >> 30; gib < 4 && gib <= (base + size - 1) >> 30; ++gib)
        boot_l1[gib] = gib_block(static_cast<unsigned>(gib), true);
    flush_hyp_tlb();
}

void install_hyp_page_table(uint64_t root)
{
    dsb();
    write_httbr(root);
    flush_hyp_tlb();
    hyp_table_root = root;
    clean_dcache_range(&hyp_table_root, sizeof hyp_table_root);
}

bool start_cpu(unsigned index, uint32_t mpidr)
{
    uint32_t rc = firmware::smc(0x84000003, mpidr, static_cast<uint32_t>(virt_to_phys(secondary_entry)), index);
    return rc == 0;
}

uint32_t cpu_id_register() { return read_midr(); }
uint32_t vtcr_value() { return kVtcr; }

void init_hyp_cpu()
{
    // Trap CP15 c15 (implementation defined registers) for every guest.
    write_hstr(1u << 15);
    // Trap debug (TDRA, TDOSA, TDA) and the PMU (TPM, TPMCR).
    write_hdcr((1u << 11) | (1u << 10) | (1u << 9) | (1u << 6) | (1u << 5));
    // Guests may use VFP/Advanced SIMD; nothing else is trapped by HCPTR.
    write_hcptr(0);
    // PL1 may read the physical counter, not program the physical timer.
    write_cnthctl(1u << 0);
    write_vtcr(kVtcr);
    isb();
}

namespace {
// Data cache maintenance by VA, line by line over [start, start+size).
template <class Op>
void dcache_range(const void* start, uint32_t size, Op op)
{
    uint32_t ctr;
    asm volatile("mrc p15, 0, %0, c0, c0, 1" : "=r"(ctr));
    uint32_t line = 4u << ((ctr >> 16) & 0xf);
    uintptr_t p = reinterpret_cast<uintptr_t>(start) & ~uintptr_t(line - 1);
    uintptr_t end = reinterpret_cast<uintptr_t>(start) + size;
    dsb();
    for (; p < end; p += line) op(p);
    dsb();
}
} // namespace

void clean_dcache_range(const void* start, uint32_t size)
{
    dcache_range(start, size, [](uintptr_t p) { asm volatile("mcr p15, 0, %0, c7, c10, 1" ::"r"(p) : "memory"); }); // DCCMVAC
}

void clean_and_invalidate_dcache_range(const void* start, uint32_t size)
{
    dcache_range(start, size, [](uintptr_t p) { asm volatile("mcr p15, 0, %0, c7, c14, 1" ::"r"(p) : "memory"); }); // DCCIMVAC
}

} // namespace hv::arch

void arch_secondary_boot(uint32_t cpu)
{
    using namespace hv::arch;
    // MMU and caches are off here: only aligned accesses to RAM the boot
    // CPU cleaned to the point of coherency.
    enable_mmu_with(hyp_table_root);
    hv::secondary_cpu_main(cpu);
}

void arch_boot(uint32_t dtb, uint32_t load_address)
{
    using namespace hv::arch;
    // A per-boot stack canary (libfdt is built with the stack protector).
    __stack_chk_guard ^= static_cast<unsigned long>(sysreg::read_cntpct()) * 2654435761u;
    sysreg::write_htpidr(0); // the boot CPU is CPU 0
    enable_mmu(load_address, dtb);
    for (auto* ctor = __init_array_start; ctor != __init_array_end; ++ctor) (*ctor)();
    hv::start_hypervisor(reinterpret_cast<const void*>(dtb), reinterpret_cast<uintptr_t>(__image_start),
                         reinterpret_cast<uintptr_t>(__hypervisor_end));
}
