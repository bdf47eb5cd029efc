// The loaded guest's banked registers and PL1 state, read and written from
// Hyp mode (MRS/MSR banked, ARMv7 virtualization extensions).
#include "arch/guest.hpp"

#include "arch/barrier.hpp"
#include "arch/sysreg.hpp"

namespace hv::arch::guest {

#define HV_BANKED(name)                                                                             \
    case Banked::name: {                                                                            \
        if (write) asm volatile("msr " HV_BANKED_NAME_##name ", %0" ::"r"(value) : "memory");       \
        else asm volatile("mrs %0, " HV_BANKED_NAME_##name : "=r"(value));                          \
        return value;                                                                               \
    }

#define HV_BANKED_NAME_SpUsr "SP_usr"
#define HV_BANKED_NAME_SpSvc "SP_svc"
#define HV_BANKED_NAME_LrSvc "LR_svc"
#define HV_BANKED_NAME_SpsrSvc "SPSR_svc"
#define HV_BANKED_NAME_SpAbt "SP_abt"
#define HV_BANKED_NAME_LrAbt "LR_abt"
#define HV_BANKED_NAME_SpsrAbt "SPSR_abt"
#define HV_BANKED_NAME_SpUnd "SP_und"
#define HV_BANKED_NAME_LrUnd "LR_und"
#define HV_BANKED_NAME_SpsrUnd "SPSR_und"
#define HV_BANKED_NAME_SpIrq "SP_irq"
#define HV_BANKED_NAME_LrIrq "LR_irq"
#define HV_BANKED_NAME_SpsrIrq "SPSR_irq"
#define HV_BANKED_NAME_R8Fiq "R8_fiq"
#define HV_BANKED_NAME_R9Fiq "R9_fiq"
#define HV_BANKED_NAME_R10Fiq "R10_fiq"
#define HV_BANKED_NAME_R11Fiq "R11_fiq"
#define HV_BANKED_NAME_R12Fiq "R12_fiq"
#define HV_BANKED_NAME_SpFiq "SP_fiq"
#define HV_BANKED_NAME_LrFiq "LR_fiq"
#define HV_BANKED_NAME_SpsrFiq "SPSR_fiq"

namespace {
uint32_t access(Banked r, bool write, uint32_t value)
{
    switch (r) {
        HV_BANKED(SpUsr)
        HV_BANKED(SpSvc)
        HV_BANKED(LrSvc)
        HV_BANKED(SpsrSvc)
        HV_BANKED(SpAbt)
        HV_BANKED(LrAbt)
        HV_BANKED(SpsrAbt)
        HV_BANKED(SpUnd)
        HV_BANKED(LrUnd)
        HV_BANKED(SpsrUnd)
        HV_BANKED(SpIrq)
        HV_BANKED(LrIrq)
        HV_BANKED(SpsrIrq)
        HV_BANKED(R8Fiq)
        HV_BANKED(R9Fiq)
        HV_BANKED(R10Fiq)
        HV_BANKED(R11Fiq)
        HV_BANKED(R12Fiq)
        HV_BANKED(SpFiq)
        HV_BANKED(LrFiq)
        HV_BANKED(SpsrFiq)
    }
    return 0;
}
} // namespace

uint32_t read(Banked r) { return access(r, false, 0); }
void write(Banked r, uint32_t value) { access(r, true, value); }

uint32_t sctlr() { return sysreg::read_sctlr(); }
uint32_t vbar() { return sysreg::read_vbar(); }
uint32_t ttbcr() { return sysreg::read_ttbcr(); }

void set_data_fault(uint32_t far, uint32_t fsr)
{
    sysreg::write_dfar(far);
    sysreg::write_dfsr(fsr);
}

void set_prefetch_fault(uint32_t far, uint32_t fsr)
{
    sysreg::write_ifar(far);
    sysreg::write_ifsr(fsr);
}

std::optional<uint64_t> va_to_ipa(uint32_t va, bool write)
{
    // PAR is guest state: keep the guest's value around our own use of it.
    uint64_t saved = sysreg::read_par();
    if (write) sysreg::write_ats1cpw(va);
    else sysreg::write_ats1cpr(va);
    isb();
    uint64_t par = sysreg::read_par();
    sysreg::write_par(saved);
    if (par & 1) return std::nullopt;            // F: the guest's stage 1 faulted
    if (par & (1u << 11))                        // long-descriptor format
        return (par & 0x000000fffffff000ull) | (va & 0xfff);
    if (par & (1u << 1))                         // short format, supersection
        return (par & 0xff000000u) | (va & 0x00ffffffu);
    return (par & 0xfffff000u) | (va & 0xfff);
}

} // namespace hv::arch::guest
