#include "arch/vcpu_context.hpp"

#include "arch/barrier.hpp"
#include "arch/cpu.hpp"
#include "arch/sysreg.hpp"
#include "include/public/xen.hpp"

extern "C" {
void vfp_save(hv::arch::VfpState* s);
void vfp_load(const hv::arch::VfpState* s);
[[noreturn]] void enter_guest(const hv::TrapFrame* frame, void* stack_top);
extern char cpu_stacks[];
}

namespace hv::arch {
namespace {

using namespace sysreg;

// HCR bits
constexpr uint32_t kHcrVm = 1u << 0, kHcrSwio = 1u << 1, kHcrPtw = 1u << 2, kHcrFmo = 1u << 3, kHcrImo = 1u << 4,
                   kHcrAmo = 1u << 5, kHcrFb = 1u << 9, kHcrBsuInner = 1u << 10, kHcrTwi = 1u << 13,
                   kHcrTwe = 1u << 14, kHcrTsc = 1u << 19, kHcrTidcp = 1u << 20, kHcrTac = 1u << 21,
                   kHcrVa = 1u << 8;
constexpr uint32_t kActlrSmp = 1u << 6;
constexpr unsigned kCpuStackSize = 16384; // as head.S

// ID_PFR0.State3: the CPU implements ThumbEE (the Cortex-A15 does), whose
// two registers a guest uses without trapping: they go with the vCPU.
bool has_thumbee() { return (read_id_pfr0() >> 12) & 0xf; }

} // namespace

void vcpu_context_init(VcpuContext& ctx, unsigned vcpu_id, uint8_t vmid, uint64_t stage2_root, uint64_t cntvoff)
{
    ctx = VcpuContext{};
    ctx.sctlr = xen::SCTLR_GUEST_INIT;
    ctx.actlr = read_actlr() | kActlrSmp;
    ctx.cntvoff = cntvoff;
    ctx.hcr = kHcrVm | kHcrSwio | kHcrPtw | kHcrFmo | kHcrImo | kHcrAmo | kHcrFb | kHcrBsuInner | kHcrTwi | kHcrTwe |
              kHcrTsc | kHcrTidcp | kHcrTac;
    ctx.vmpidr = 0x80000000u | (vcpu_id & 0xf) | ((vcpu_id >> 4) << 8);
    ctx.vpidr = read_midr();
    ctx.vttbr = (stage2_root & 0x000000fffffffffeull) | (uint64_t(vmid) << 48);
}

void vcpu_context_save(VcpuContext& c)
{
    for (unsigned i = 0; i < 21; ++i) c.banked[i] = guest::read(static_cast<guest::Banked>(i));
    c.sctlr = read_sctlr();
    c.cpacr = read_cpacr();
    c.ttbcr = read_ttbcr();
    c.dacr = read_dacr();
    c.dfsr = read_dfsr();
    c.ifsr = read_ifsr();
    c.adfsr = read_adfsr();
    c.aifsr = read_aifsr();
    c.dfar = read_dfar();
    c.ifar = read_ifar();
    c.mair0 = read_mair0();
    c.mair1 = read_mair1();
    c.amair0 = read_amair0();
    c.amair1 = read_amair1();
    c.vbar = read_vbar();
    c.fcseidr = read_fcseidr();
    c.contextidr = read_contextidr();
    c.tpidrurw = read_tpidrurw();
    c.tpidruro = read_tpidruro();
    c.tpidrprw = read_tpidrprw();
    c.csselr = read_csselr();
    c.cntkctl = read_cntkctl();
    c.cntv_ctl = read_cntv_ctl();
    c.ttbr0 = read_ttbr0();
    c.ttbr1 = read_ttbr1();
    c.par = read_par();
    c.cntv_cval = read_cntv_cval();
    if (has_thumbee()) {
        c.teecr = read_teecr();
        c.teehbr = read_teehbr();
    }
    vfp_save(&c.vfp);
    // A virtual abort still pending goes with the vCPU (the CPU clears VA
    // once the guest has taken it).
    c.hcr = (c.hcr & ~kHcrVa) | (read_hcr() & kHcrVa);
    // The virtual timer must not fire for a guest that is not on this CPU.
    write_cntv_ctl(0);
    isb();
}

void set_virtual_abort(VcpuContext& c)
{
    c.hcr |= kHcrVa;
    write_hcr(read_hcr() | kHcrVa);
    isb();
}

void vcpu_context_load(const VcpuContext& c)
{
    write_hcr(c.hcr);
    write_vttbr(c.vttbr);
    write_vmpidr(c.vmpidr);
    write_vpidr(c.vpidr);
    write_cntvoff(c.cntvoff);
    isb();
    for (unsigned i = 0; i < 21; ++i) guest::write(static_cast<guest::Banked>(i), c.banked[i]);
    write_cpacr(c.cpacr);
    write_ttbcr(c.ttbcr);
    write_dacr(c.dacr);
    write_dfsr(c.dfsr);
    write_ifsr(c.ifsr);
    write_adfsr(c.adfsr);
    write_aifsr(c.aifsr);
    write_dfar(c.dfar);
    write_ifar(c.ifar);
    write_mair0(c.mair0);
    write_mair1(c.mair1);
    write_amair0(c.amair0);
    write_amair1(c.amair1);
    write_vbar(c.vbar);
    write_fcseidr(c.fcseidr);
    write_contextidr(c.contextidr);
    write_tpidrurw(c.tpidrurw);
    write_tpidruro(c.tpidruro);
    write_tpidrprw(c.tpidrprw);
    write_csselr(c.csselr);
    write_cntkctl(c.cntkctl);
    write_ttbr0(c.ttbr0);
    write_ttbr1(c.ttbr1);
    write_par(c.par);
    write_cntv_cval(c.cntv_cval);
    write_cntv_ctl(c.cntv_ctl);
    if (has_thumbee()) {
        write_teecr(c.teecr);
        write_teehbr(c.teehbr);
    }
    vfp_load(&c.vfp);
    isb();
    write_sctlr(c.sctlr); // last: the rest of the translation state is in place
    isb();
}

void enter_guest(const TrapFrame& frame)
{
    ::enter_guest(&frame, cpu_stacks + (cpu_index() + 1) * kCpuStackSize);
}

} // namespace hv::arch
