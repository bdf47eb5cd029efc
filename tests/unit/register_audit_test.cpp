// Every register a guest at PL1 or PL0 on a Cortex-A15 can reach, and what
// the hypervisor does about it (issue 11, finding 8). One domain must never
// read another's register values and no guest may reach a register that
// affects the host: each register is switched per vCPU, trapped with a
// defined behaviour, virtualised, shared but harmless, or not reachable.
//
// Sources: ARM DDI 0406C (ARMv7-A with the Virtualization Extensions and
// LPAE): B1.14 for the traps, B4.1 for the registers; ARM DDI 0438 (the
// Cortex-A15 TRM): chapter 4 for the CP15 registers it implements, chapter
// 10 for debug, 12 for trace. An encoding not listed is UNDEFINED on the
// A15 or lies in one of the ranges below.
//
// The tests hold the list against the code: switched registers against
// vcpu_context.cpp, vectors.S, vfp.S, guest.cpp and the GICH save/restore;
// the trap configuration parsed from boot.cpp and vcpu_context.cpp against
// the ARMv7 trap rules; trapped registers against the handlers themselves.
// Known gaps are listed as such, each with a DISABLED_ test that fails
// until the gap is closed (--gtest_also_run_disabled_tests runs them).
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <vector>

#include "core/cp15_registers.hpp"
#include "core/hsr.hpp"
#include "core/psr.hpp"
#include "core/traps.hpp"
#include "register_audit.hpp"
#include "test_support.hpp"

namespace hv {
namespace {

using namespace audit;
using enum Disposition;
using enum Access;

// clang-format off
constexpr Register kRegisters[] = {
    // Core registers: the trap frame (vectors.S) and the banked registers (guest.cpp).
    {"R0-R12", core(), RW, Switched, "stmia sp, {r0-r12, lr}|ldmia sp, {r0-r12, lr}", "trap frame; Hyp mode sees the User r8-r12"},
    {"LR_usr", core(), RW, Switched, "stmia sp, {r0-r12, lr}|ldmia sp, {r0-r12, lr}", "trap frame; Hyp mode's LR is LR_usr"},
    {"PC", core(), RW, Switched, "mrs r0, ELR_hyp|msr ELR_hyp, r0", "ELR_hyp in the trap frame"},
    {"CPSR", core(), RW, Switched, "mrs r1, spsr|msr spsr_cxsf, r1", "SPSR_hyp in the trap frame: flags, GE, IT, E, mode, masks"},
    {"local exclusive monitor", pe_state(), RW, Harmless, nullptr, "cleared (CLREX) on every way into a guest: return_to_guest"},
    {"SP_usr", banked(), RW, Switched, "SpUsr", "MRS/MSR banked"},
    {"SP_svc", banked(), RW, Switched, "SpSvc", "MRS/MSR banked"},
    {"LR_svc", banked(), RW, Switched, "LrSvc", "MRS/MSR banked"},
    {"SPSR_svc", banked(), RW, Switched, "SpsrSvc", "MRS/MSR banked"},
    {"SP_abt", banked(), RW, Switched, "SpAbt", "MRS/MSR banked"},
    {"LR_abt", banked(), RW, Switched, "LrAbt", "MRS/MSR banked"},
    {"SPSR_abt", banked(), RW, Switched, "SpsrAbt", "MRS/MSR banked"},
    {"SP_und", banked(), RW, Switched, "SpUnd", "MRS/MSR banked"},
    {"LR_und", banked(), RW, Switched, "LrUnd", "MRS/MSR banked"},
    {"SPSR_und", banked(), RW, Switched, "SpsrUnd", "MRS/MSR banked"},
    {"SP_irq", banked(), RW, Switched, "SpIrq", "MRS/MSR banked"},
    {"LR_irq", banked(), RW, Switched, "LrIrq", "MRS/MSR banked"},
    {"SPSR_irq", banked(), RW, Switched, "SpsrIrq", "MRS/MSR banked"},
    {"R8_fiq", banked(), RW, Switched, "R8Fiq", "MRS/MSR banked"},
    {"R9_fiq", banked(), RW, Switched, "R9Fiq", "MRS/MSR banked"},
    {"R10_fiq", banked(), RW, Switched, "R10Fiq", "MRS/MSR banked"},
    {"R11_fiq", banked(), RW, Switched, "R11Fiq", "MRS/MSR banked"},
    {"R12_fiq", banked(), RW, Switched, "R12Fiq", "MRS/MSR banked"},
    {"SP_fiq", banked(), RW, Switched, "SpFiq", "MRS/MSR banked"},
    {"LR_fiq", banked(), RW, Switched, "LrFiq", "MRS/MSR banked"},
    {"SPSR_fiq", banked(), RW, Switched, "SpsrFiq", "MRS/MSR banked"},
    {"SP_mon, LR_mon, SPSR_mon", banked(), None, Inaccessible, nullptr, "Monitor mode is Secure: no Non-secure access"},
    {"SP_hyp, ELR_hyp, SPSR_hyp", banked(), None, Inaccessible, nullptr, "Hyp mode only; the guest's PC and CPSR are the trap frame"},

    // VFP and Advanced SIMD (vfp.S), HCPTR.TCP10/TCP11 clear.
    {"D0-D15", vfp(kDataRegs), RW, Switched, "vstmia r0!, {d0-d15}|vldmia r0!, {d0-d15}", "register file"},
    {"D16-D31", vfp(kDataRegs), RW, Switched, "vstmiaeq r0!, {d16-d31}|vldmiaeq r0!, {d16-d31}", "the A15 has 32 (MVFR0.A_SIMD = 2)"},
    {"FPSCR", vfp(1), RW, Switched, "vmrs r2, fpscr|vmsr fpscr, r2", "status and control, PL0 too"},
    {"FPEXC", vfp(8), RW, Switched, "vmrs r1, fpexc|vmsr fpexc, r1", "the guest's EN is loaded last"},
    {"FPSID", vfp(0), R, Shared, nullptr, "VFP identification, HCR.TID0 clear"},
    {"MVFR0", vfp(7), R, Shared, nullptr, "media and VFP features, HCR.TID3 clear"},
    {"MVFR1", vfp(6), R, Shared, nullptr, "media and VFP features, HCR.TID3 clear"},
    {"FPINST, FPINST2", vfp(9), None, Inaccessible, nullptr, "no trapped FP exceptions on the A15 (VFPv4): UNDEFINED"},

    // CP15 c0: identification.
    {"MIDR", p15(0, 0, 0, 0), R, Virtualised, "vpidr", "reads return VPIDR"},
    {"CTR", p15(0, 0, 0, 1), R, Shared, nullptr, "cache geometry, HCR.TID2 clear"},
    {"TCMTR", p15(0, 0, 0, 2), R, Shared, nullptr, "no TCM: reads 0, HCR.TID1 clear"},
    {"TLBTR", p15(0, 0, 0, 3), R, Shared, nullptr, "TLB type, HCR.TID1 clear"},
    {"MIDR alias (opc2 4)", p15(0, 0, 0, 4), R, Shared, nullptr, "MIDR's value, which is also every VPIDR"},
    {"MPIDR", p15(0, 0, 0, 5), R, Virtualised, "vmpidr", "reads return VMPIDR: the vCPU's id"},
    {"REVIDR", p15(0, 0, 0, 6), R, Shared, nullptr, "revision, HCR.TID1 clear"},
    {"MIDR alias (opc2 7)", p15(0, 0, 0, 7), R, Shared, nullptr, "MIDR's value, which is also every VPIDR"},
    {"ID_PFR0", p15(0, 0, 1, 0), R, Shared, nullptr, "feature ID, HCR.TID3 clear"},
    {"ID_PFR1", p15(0, 0, 1, 1), R, Shared, nullptr, "feature ID, HCR.TID3 clear"},
    {"ID_DFR0", p15(0, 0, 1, 2), R, Shared, nullptr, "feature ID, HCR.TID3 clear"},
    {"ID_AFR0", p15(0, 0, 1, 3), R, Shared, nullptr, "feature ID, HCR.TID3 clear"},
    {"ID_MMFR0", p15(0, 0, 1, 4), R, Shared, nullptr, "feature ID, HCR.TID3 clear"},
    {"ID_MMFR1", p15(0, 0, 1, 5), R, Shared, nullptr, "feature ID, HCR.TID3 clear"},
    {"ID_MMFR2", p15(0, 0, 1, 6), R, Shared, nullptr, "feature ID, HCR.TID3 clear"},
    {"ID_MMFR3", p15(0, 0, 1, 7), R, Shared, nullptr, "feature ID, HCR.TID3 clear"},
    {"ID_ISAR0", p15(0, 0, 2, 0), R, Shared, nullptr, "feature ID, HCR.TID3 clear"},
    {"ID_ISAR1", p15(0, 0, 2, 1), R, Shared, nullptr, "feature ID, HCR.TID3 clear"},
    {"ID_ISAR2", p15(0, 0, 2, 2), R, Shared, nullptr, "feature ID, HCR.TID3 clear"},
    {"ID_ISAR3", p15(0, 0, 2, 3), R, Shared, nullptr, "feature ID, HCR.TID3 clear"},
    {"ID_ISAR4", p15(0, 0, 2, 4), R, Shared, nullptr, "feature ID, HCR.TID3 clear"},
    {"ID_ISAR5", p15(0, 0, 2, 5), R, Shared, nullptr, "feature ID, HCR.TID3 clear"},
    {"CCSIDR", p15(1, 0, 0, 0), R, Shared, nullptr, "geometry of the cache CSSELR (switched) selects"},
    {"CLIDR", p15(1, 0, 0, 1), R, Shared, nullptr, "cache levels, HCR.TID2 clear"},
    {"AIDR", p15(1, 0, 0, 7), R, Shared, nullptr, "auxiliary ID, HCR.TID1 clear"},
    {"CSSELR", p15(2, 0, 0, 0), RW, Switched, "csselr", "cache size selection"},
    {"VPIDR", p15(4, 0, 0, 0), None, Inaccessible, nullptr, "Hyp only"},
    {"VMPIDR", p15(4, 0, 0, 5), None, Inaccessible, nullptr, "Hyp only"},

    // c1: system control.
    {"SCTLR", p15(0, 1, 0, 0), RW, Switched, "sctlr", "system control, loaded last"},
    {"ACTLR", p15(0, 1, 0, 1), RW, Trapped, nullptr, "HCR.TAC: the host's value, writes ignored (SMP, coherency)"},
    {"CPACR", p15(0, 1, 0, 2), RW, Switched, "cpacr", "coprocessor access"},
    {"SCR", p15(0, 1, 1, 0), None, Inaccessible, nullptr, "Secure only: UNDEFINED in Non-secure"},
    {"SDER", p15(0, 1, 1, 1), None, Inaccessible, nullptr, "Secure only: UNDEFINED in Non-secure"},
    {"NSACR", p15(0, 1, 1, 2), R, Shared, nullptr, "read-only in Non-secure, set once by Secure firmware"},
    {"HSCTLR", p15(4, 1, 0, 0), None, Inaccessible, nullptr, "Hyp only"},
    {"HACTLR", p15(4, 1, 0, 1), None, Inaccessible, nullptr, "Hyp only"},
    {"HCR", p15(4, 1, 1, 0), None, Inaccessible, nullptr, "Hyp only"},
    {"HDCR", p15(4, 1, 1, 1), None, Inaccessible, nullptr, "Hyp only"},
    {"HCPTR", p15(4, 1, 1, 2), None, Inaccessible, nullptr, "Hyp only"},
    {"HSTR", p15(4, 1, 1, 3), None, Inaccessible, nullptr, "Hyp only"},
    {"HACR", p15(4, 1, 1, 7), None, Inaccessible, nullptr, "Hyp only"},

    // c2, c3: translation tables and domains.
    {"TTBR0", p15(0, 2, 0, 0), RW, Switched, "ttbr0", "32-bit view of the 64-bit TTBR0"},
    {"TTBR1", p15(0, 2, 0, 1), RW, Switched, "ttbr1", "32-bit view of the 64-bit TTBR1"},
    {"TTBCR", p15(0, 2, 0, 2), RW, Switched, "ttbcr", "translation control"},
    {"HTCR", p15(4, 2, 0, 2), None, Inaccessible, nullptr, "Hyp only"},
    {"VTCR", p15(4, 2, 1, 2), None, Inaccessible, nullptr, "Hyp only"},
    {"TTBR0 (64-bit)", p15x64(0, 2), RW, Switched, "ttbr0", "LPAE translation table base"},
    {"TTBR1 (64-bit)", p15x64(1, 2), RW, Switched, "ttbr1", "LPAE translation table base"},
    {"HTTBR", p15x64(4, 2), None, Inaccessible, nullptr, "Hyp only"},
    {"VTTBR", p15x64(6, 2), None, Inaccessible, nullptr, "Hyp only"},
    {"DACR", p15(0, 3, 0, 0), RW, Switched, "dacr", "domain access"},

    // c5, c6: faults.
    {"DFSR", p15(0, 5, 0, 0), RW, Switched, "dfsr", "data fault status"},
    {"IFSR", p15(0, 5, 0, 1), RW, Switched, "ifsr", "instruction fault status"},
    {"ADFSR", p15(0, 5, 1, 0), RW, Switched, "adfsr", "auxiliary fault status"},
    {"AIFSR", p15(0, 5, 1, 1), RW, Switched, "aifsr", "auxiliary fault status"},
    {"HADFSR", p15(4, 5, 1, 0), None, Inaccessible, nullptr, "Hyp only"},
    {"HAIFSR", p15(4, 5, 1, 1), None, Inaccessible, nullptr, "Hyp only"},
    {"HSR", p15(4, 5, 2, 0), None, Inaccessible, nullptr, "Hyp only"},
    {"DFAR", p15(0, 6, 0, 0), RW, Switched, "dfar", "data fault address"},
    {"IFAR", p15(0, 6, 0, 2), RW, Switched, "ifar", "instruction fault address"},
    {"HDFAR", p15(4, 6, 0, 0), None, Inaccessible, nullptr, "Hyp only"},
    {"HIFAR", p15(4, 6, 0, 2), None, Inaccessible, nullptr, "Hyp only"},
    {"HPFAR", p15(4, 6, 0, 4), None, Inaccessible, nullptr, "Hyp only"},

    // c7: cache maintenance, address translation, barriers, PAR.
    {"ICIALLUIS", p15(0, 7, 1, 0), W, Harmless, nullptr, "instruction caches are never dirty: costs refetches only"},
    {"BPIALLIS", p15(0, 7, 1, 6), W, Harmless, nullptr, "branch predictors hold no architectural state"},
    {"PAR", p15(0, 7, 4, 0), RW, Switched, "par", "32-bit view of the 64-bit PAR"},
    {"ICIALLU", p15(0, 7, 5, 0), W, Harmless, nullptr, "instruction caches are never dirty: costs refetches only"},
    {"ICIMVAU", p15(0, 7, 5, 1), W, Harmless, nullptr, "by VA, through the guest's stage 1 and 2"},
    {"CP15ISB", p15(0, 7, 5, 4), W, Harmless, nullptr, "barrier"},
    {"BPIALL", p15(0, 7, 5, 6), W, Harmless, nullptr, "branch predictors hold no architectural state"},
    {"BPIMVA", p15(0, 7, 5, 7), W, Harmless, nullptr, "branch predictors hold no architectural state"},
    {"DCIMVAC", p15(0, 7, 6, 1), W, Harmless, nullptr, "by VA via stage 2: only pages the guest may write anyway"},
    {"DCISW", p15(0, 7, 6, 2), W, Harmless, nullptr, "HCR.SWIO: done as DCCISW, no dirty line is dropped"},
    {"ATS1CPR", p15(0, 7, 8, 0), W, Harmless, nullptr, "the guest's own stage 1; result in its PAR"},
    {"ATS1CPW", p15(0, 7, 8, 1), W, Harmless, nullptr, "the guest's own stage 1; result in its PAR"},
    {"ATS1CUR", p15(0, 7, 8, 2), W, Harmless, nullptr, "the guest's own stage 1; result in its PAR"},
    {"ATS1CUW", p15(0, 7, 8, 3), W, Harmless, nullptr, "the guest's own stage 1; result in its PAR"},
    {"ATS12NSOPR", p15(0, 7, 8, 4), None, Inaccessible, nullptr, "Secure PL1 and Hyp only: UNDEFINED here"},
    {"ATS12NSOPW", p15(0, 7, 8, 5), None, Inaccessible, nullptr, "Secure PL1 and Hyp only: UNDEFINED here"},
    {"ATS12NSOUR", p15(0, 7, 8, 6), None, Inaccessible, nullptr, "Secure PL1 and Hyp only: UNDEFINED here"},
    {"ATS12NSOUW", p15(0, 7, 8, 7), None, Inaccessible, nullptr, "Secure PL1 and Hyp only: UNDEFINED here"},
    {"DCCMVAC", p15(0, 7, 10, 1), W, Harmless, nullptr, "clean by VA: writes back, loses nothing"},
    {"DCCSW", p15(0, 7, 10, 2), W, Harmless, nullptr, "HCR.TSW clear: writes back any line, loses none"},
    {"CP15DSB", p15(0, 7, 10, 4), W, Harmless, nullptr, "barrier"},
    {"CP15DMB", p15(0, 7, 10, 5), W, Harmless, nullptr, "barrier"},
    {"DCCMVAU", p15(0, 7, 11, 1), W, Harmless, nullptr, "clean by VA: writes back, loses nothing"},
    {"DCCIMVAC", p15(0, 7, 14, 1), W, Harmless, nullptr, "clean and invalidate by VA: loses nothing"},
    {"DCCISW", p15(0, 7, 14, 2), W, Harmless, nullptr, "HCR.TSW clear: any line written back first, none lost"},
    {"ATS1HR", p15(4, 7, 8, 0), None, Inaccessible, nullptr, "Hyp only"},
    {"ATS1HW", p15(4, 7, 8, 1), None, Inaccessible, nullptr, "Hyp only"},
    {"PAR (64-bit)", p15x64(0, 7), RW, Switched, "par", "LPAE translation result"},

    // c8: TLB maintenance. From Non-secure PL1 it acts on the current VMID only.
    {"TLBIALLIS", p15(0, 8, 3, 0), W, Harmless, nullptr, "current VMID only"},
    {"TLBIMVAIS", p15(0, 8, 3, 1), W, Harmless, nullptr, "current VMID only"},
    {"TLBIASIDIS", p15(0, 8, 3, 2), W, Harmless, nullptr, "current VMID only"},
    {"TLBIMVAAIS", p15(0, 8, 3, 3), W, Harmless, nullptr, "current VMID only"},
    {"ITLBIALL", p15(0, 8, 5, 0), W, Harmless, nullptr, "current VMID only"},
    {"ITLBIMVA", p15(0, 8, 5, 1), W, Harmless, nullptr, "current VMID only"},
    {"ITLBIASID", p15(0, 8, 5, 2), W, Harmless, nullptr, "current VMID only"},
    {"DTLBIALL", p15(0, 8, 6, 0), W, Harmless, nullptr, "current VMID only"},
    {"DTLBIMVA", p15(0, 8, 6, 1), W, Harmless, nullptr, "current VMID only"},
    {"DTLBIASID", p15(0, 8, 6, 2), W, Harmless, nullptr, "current VMID only"},
    {"TLBIALL", p15(0, 8, 7, 0), W, Harmless, nullptr, "current VMID only"},
    {"TLBIMVA", p15(0, 8, 7, 1), W, Harmless, nullptr, "current VMID only"},
    {"TLBIASID", p15(0, 8, 7, 2), W, Harmless, nullptr, "current VMID only"},
    {"TLBIMVAA", p15(0, 8, 7, 3), W, Harmless, nullptr, "current VMID only"},
    {"TLBIALLHIS", p15(4, 8, 3, 0), None, Inaccessible, nullptr, "Hyp only"},
    {"TLBIMVAHIS", p15(4, 8, 3, 1), None, Inaccessible, nullptr, "Hyp only"},
    {"TLBIALLNSNHIS", p15(4, 8, 3, 4), None, Inaccessible, nullptr, "Hyp only"},
    {"TLBIALLH", p15(4, 8, 7, 0), None, Inaccessible, nullptr, "Hyp only"},
    {"TLBIMVAH", p15(4, 8, 7, 1), None, Inaccessible, nullptr, "Hyp only"},
    {"TLBIALLNSNH", p15(4, 8, 7, 4), None, Inaccessible, nullptr, "Hyp only"},

    // c9: performance monitors (HDCR.TPM, TPMCR) and the A15's L2 control (HCR.TIDCP).
    {"PMCR", p15(0, 9, 12, 0), RW, Trapped, nullptr, "HDCR.TPM/TPMCR: reads 0 (no counters)"},
    {"PMCNTENSET", p15(0, 9, 12, 1), RW, Trapped, nullptr, "HDCR.TPM: RAZ/WI"},
    {"PMCNTENCLR", p15(0, 9, 12, 2), RW, Trapped, nullptr, "HDCR.TPM: RAZ/WI"},
    {"PMOVSR", p15(0, 9, 12, 3), RW, Trapped, nullptr, "HDCR.TPM: RAZ/WI"},
    {"PMSWINC", p15(0, 9, 12, 4), W, Trapped, nullptr, "HDCR.TPM: writes ignored"},
    {"PMSELR", p15(0, 9, 12, 5), RW, Trapped, nullptr, "HDCR.TPM: RAZ/WI"},
    {"PMCEID0", p15(0, 9, 12, 6), R, Trapped, nullptr, "HDCR.TPM: reads 0"},
    {"PMCEID1", p15(0, 9, 12, 7), R, Trapped, nullptr, "HDCR.TPM: reads 0"},
    {"PMCCNTR", p15(0, 9, 13, 0), RW, Trapped, nullptr, "HDCR.TPM: RAZ/WI, no cycle count of anyone"},
    {"PMXEVTYPER", p15(0, 9, 13, 1), RW, Trapped, nullptr, "HDCR.TPM: RAZ/WI"},
    {"PMXEVCNTR", p15(0, 9, 13, 2), RW, Trapped, nullptr, "HDCR.TPM: RAZ/WI"},
    {"PMUSERENR", p15(0, 9, 14, 0), RW, Trapped, nullptr, "HDCR.TPM: RAZ/WI, so PL0 never gets the PMU"},
    {"PMINTENSET", p15(0, 9, 14, 1), RW, Trapped, nullptr, "HDCR.TPM: RAZ/WI"},
    {"PMINTENCLR", p15(0, 9, 14, 2), RW, Trapped, nullptr, "HDCR.TPM: RAZ/WI"},
    {"PMOVSSET", p15(0, 9, 14, 3), RW, Trapped, nullptr, "HDCR.TPM: RAZ/WI"},
    {"L2CTLR", p15(1, 9, 0, 2), RW, TrappedUndefined, nullptr, "HCR.TIDCP; L2 configuration (RO/WI in Non-secure)"},
    {"L2ECTLR", p15(1, 9, 0, 3), RW, TrappedUndefined, nullptr, "HCR.TIDCP; L2 error and retention control"},

    // c10: memory attributes.
    {"PRRR/MAIR0", p15(0, 10, 2, 0), RW, Switched, "mair0", "memory attributes"},
    {"NMRR/MAIR1", p15(0, 10, 2, 1), RW, Switched, "mair1", "memory attributes"},
    {"AMAIR0", p15(0, 10, 3, 0), RW, Switched, "amair0", "auxiliary memory attributes"},
    {"AMAIR1", p15(0, 10, 3, 1), RW, Switched, "amair1", "auxiliary memory attributes"},
    {"HMAIR0", p15(4, 10, 2, 0), None, Inaccessible, nullptr, "Hyp only"},
    {"HMAIR1", p15(4, 10, 2, 1), None, Inaccessible, nullptr, "Hyp only"},
    {"HAMAIR0", p15(4, 10, 3, 0), None, Inaccessible, nullptr, "Hyp only"},
    {"HAMAIR1", p15(4, 10, 3, 1), None, Inaccessible, nullptr, "Hyp only"},

    // c12: vectors and interrupt status.
    {"VBAR", p15(0, 12, 0, 0), RW, Switched, "vbar", "vector base"},
    {"MVBAR", p15(0, 12, 0, 1), None, Inaccessible, nullptr, "Secure only: UNDEFINED in Non-secure"},
    {"ISR", p15(0, 12, 1, 0), R, Virtualised, "hcr", "HCR.IMO/FMO/AMO: shows the vCPU's HCR.VI/VF/VA"},
    {"HVBAR", p15(4, 12, 0, 0), None, Inaccessible, nullptr, "Hyp only"},

    // c13: process and thread ids.
    {"FCSEIDR", p15(0, 13, 0, 0), RW, Switched, "fcseidr", "RAZ/WI on the A15 (no FCSE), switched anyway"},
    {"CONTEXTIDR", p15(0, 13, 0, 1), RW, Switched, "contextidr", "ASID and process id"},
    {"TPIDRURW", p15(0, 13, 0, 2), RW, Switched, "tpidrurw", "thread id, PL0 read/write"},
    {"TPIDRURO", p15(0, 13, 0, 3), RW, Switched, "tpidruro", "thread id, PL0 read-only"},
    {"TPIDRPRW", p15(0, 13, 0, 4), RW, Switched, "tpidrprw", "thread id, PL1 only"},
    {"HTPIDR", p15(4, 13, 0, 2), None, Inaccessible, nullptr, "Hyp only"},

    // c14: generic timer.
    {"CNTFRQ", p15(0, 14, 0, 0), R, Shared, nullptr, "set once by firmware; writable only above Non-secure PL1"},
    {"CNTKCTL", p15(0, 14, 1, 0), RW, Switched, "cntkctl", "PL0 timer access and event stream"},
    {"CNTP_TVAL", p15(0, 14, 2, 0), RW, Trapped, nullptr, "CNTHCTL.PL1PCEN clear: emulated physical timer"},
    {"CNTP_CTL", p15(0, 14, 2, 1), RW, Trapped, nullptr, "CNTHCTL.PL1PCEN clear: emulated physical timer"},
    {"CNTV_TVAL", p15(0, 14, 3, 0), RW, Switched, "cntv_cval", "a view of CNTV_CVAL - CNTVCT, both per vCPU"},
    {"CNTV_CTL", p15(0, 14, 3, 1), RW, Switched, "cntv_ctl", "virtual timer control, off while descheduled"},
    {"CNTHCTL", p15(4, 14, 1, 0), None, Inaccessible, nullptr, "Hyp only"},
    {"CNTHP_TVAL", p15(4, 14, 2, 0), None, Inaccessible, nullptr, "Hyp only"},
    {"CNTHP_CTL", p15(4, 14, 2, 1), None, Inaccessible, nullptr, "Hyp only"},
    {"CNTPCT", p15x64(0, 14), R, Shared, nullptr, "CNTHCTL.PL1PCTEN: the system count, the same for all"},
    {"CNTVCT", p15x64(1, 14), R, Virtualised, "cntvoff", "CNTPCT - CNTVOFF, the offset per vCPU"},
    {"CNTP_CVAL", p15x64(2, 14), RW, Trapped, nullptr, "CNTHCTL.PL1PCEN clear: emulated physical timer"},
    {"CNTV_CVAL", p15x64(3, 14), RW, Switched, "cntv_cval", "virtual timer compare value"},
    {"CNTVOFF", p15x64(4, 14), None, Inaccessible, nullptr, "Hyp only"},
    {"CNTHP_CVAL", p15x64(6, 14), None, Inaccessible, nullptr, "Hyp only"},

    // c15: the Cortex-A15's IMPLEMENTATION DEFINED registers (HSTR.T15).
    {"IL1DATA0", p15(0, 15, 0, 0), RW, TrappedUndefined, nullptr, "HSTR.T15; L1 instruction RAM contents"},
    {"IL1DATA1", p15(0, 15, 0, 1), RW, TrappedUndefined, nullptr, "HSTR.T15; L1 instruction RAM contents"},
    {"IL1DATA2", p15(0, 15, 0, 2), RW, TrappedUndefined, nullptr, "HSTR.T15; L1 instruction RAM contents"},
    {"IL1DATA3", p15(0, 15, 0, 3), RW, TrappedUndefined, nullptr, "HSTR.T15; L1 instruction RAM contents"},
    {"DL1DATA0", p15(0, 15, 1, 0), RW, TrappedUndefined, nullptr, "HSTR.T15; L1/L2 data and TLB RAM contents"},
    {"DL1DATA1", p15(0, 15, 1, 1), RW, TrappedUndefined, nullptr, "HSTR.T15; L1/L2 data and TLB RAM contents"},
    {"DL1DATA2", p15(0, 15, 1, 2), RW, TrappedUndefined, nullptr, "HSTR.T15; L1/L2 data and TLB RAM contents"},
    {"DL1DATA3", p15(0, 15, 1, 3), RW, TrappedUndefined, nullptr, "HSTR.T15; L1/L2 data and TLB RAM contents"},
    {"DL1DATA4", p15(0, 15, 1, 4), RW, TrappedUndefined, nullptr, "HSTR.T15; L1/L2 data and TLB RAM contents"},
    {"RAMINDEX", p15(0, 15, 4, 0), W, TrappedUndefined, nullptr, "HSTR.T15; selects the cache/TLB RAM entry to read"},
    {"L2ACTLR", p15(1, 15, 0, 0), RW, TrappedUndefined, nullptr, "HSTR.T15; L2 auxiliary control"},
    {"L2PFR", p15(1, 15, 0, 3), RW, TrappedUndefined, nullptr, "HSTR.T15; L2 prefetch control"},
    {"ACTLR2", p15(1, 15, 0, 4), RW, TrappedUndefined, nullptr, "HSTR.T15; auxiliary control 2"},
    {"CBAR", p15(4, 15, 0, 0), R, TrappedUndefined, nullptr, "HSTR.T15; peripheral (GIC) base address"},
    {"CPUMERRSR", p15x64(0, 15), RW, TrappedUndefined, nullptr, "HSTR.T15; L1 memory error syndrome"},
    {"L2MERRSR", p15x64(1, 15), RW, TrappedUndefined, nullptr, "HSTR.T15; L2 memory error syndrome"},

    // CP14 debug (HDCR.TDA, TDRA, TDOSA): a v7.1 unit with 2 breakpoints and
    // 1 watchpoint, nothing enabled (debug_registers.cpp). The A15 has 6 and 4.
    {"DBGDIDR", p14(0, 0, 0, 0), R, Trapped, nullptr, "HDCR.TDA: emulated, 2 breakpoints, 1 watchpoint"},
    {"DBGDSCRint", p14(0, 0, 1, 0), R, Trapped, nullptr, "HDCR.TDA: reads 0, debug disabled"},
    {"DBGDTRRXint", p14(0, 0, 5, 0), R, TrappedUndefined, nullptr, "HDCR.TDA; no debug comms channel"},
    {"DBGDTRTXint", p14(0, 0, 5, 0), W, TrappedUndefined, nullptr, "HDCR.TDA; no debug comms channel"},
    {"DBGWFAR", p14(0, 0, 6, 0), RW, TrappedUndefined, nullptr, "HDCR.TDA"},
    {"DBGVCR", p14(0, 0, 7, 0), RW, Trapped, nullptr, "HDCR.TDA: RAZ/WI, no vector catch"},
    {"DBGDTRRXext", p14(0, 0, 0, 2), RW, TrappedUndefined, nullptr, "HDCR.TDA"},
    {"DBGDSCRext", p14(0, 0, 2, 2), RW, Trapped, nullptr, "HDCR.TDA: RAZ/WI, MDBGen never set"},
    {"DBGDTRTXext", p14(0, 0, 3, 2), RW, TrappedUndefined, nullptr, "HDCR.TDA"},
    {"DBGBVR0", p14(0, 0, 0, 4), RW, Trapped, nullptr, "HDCR.TDA: RAZ/WI"},
    {"DBGBCR0", p14(0, 0, 0, 5), RW, Trapped, nullptr, "HDCR.TDA: RAZ/WI"},
    {"DBGBVR1", p14(0, 0, 1, 4), RW, Trapped, nullptr, "HDCR.TDA: RAZ/WI"},
    {"DBGBCR1", p14(0, 0, 1, 5), RW, Trapped, nullptr, "HDCR.TDA: RAZ/WI"},
    {"DBGBVR2", p14(0, 0, 2, 4), RW, TrappedUndefined, nullptr, "HDCR.TDA; beyond DBGDIDR's 2 breakpoints"},
    {"DBGBCR2", p14(0, 0, 2, 5), RW, TrappedUndefined, nullptr, "HDCR.TDA; beyond DBGDIDR's 2 breakpoints"},
    {"DBGBVR3", p14(0, 0, 3, 4), RW, TrappedUndefined, nullptr, "HDCR.TDA; beyond DBGDIDR's 2 breakpoints"},
    {"DBGBCR3", p14(0, 0, 3, 5), RW, TrappedUndefined, nullptr, "HDCR.TDA; beyond DBGDIDR's 2 breakpoints"},
    {"DBGBVR4", p14(0, 0, 4, 4), RW, TrappedUndefined, nullptr, "HDCR.TDA; beyond DBGDIDR's 2 breakpoints"},
    {"DBGBCR4", p14(0, 0, 4, 5), RW, TrappedUndefined, nullptr, "HDCR.TDA; beyond DBGDIDR's 2 breakpoints"},
    {"DBGBVR5", p14(0, 0, 5, 4), RW, TrappedUndefined, nullptr, "HDCR.TDA; beyond DBGDIDR's 2 breakpoints"},
    {"DBGBCR5", p14(0, 0, 5, 5), RW, TrappedUndefined, nullptr, "HDCR.TDA; beyond DBGDIDR's 2 breakpoints"},
    {"DBGWVR0", p14(0, 0, 0, 6), RW, Trapped, nullptr, "HDCR.TDA: RAZ/WI"},
    {"DBGWCR0", p14(0, 0, 0, 7), RW, Trapped, nullptr, "HDCR.TDA: RAZ/WI"},
    {"DBGWVR1", p14(0, 0, 1, 6), RW, TrappedUndefined, nullptr, "HDCR.TDA; beyond DBGDIDR's 1 watchpoint"},
    {"DBGWCR1", p14(0, 0, 1, 7), RW, TrappedUndefined, nullptr, "HDCR.TDA; beyond DBGDIDR's 1 watchpoint"},
    {"DBGWVR2", p14(0, 0, 2, 6), RW, TrappedUndefined, nullptr, "HDCR.TDA; beyond DBGDIDR's 1 watchpoint"},
    {"DBGWCR2", p14(0, 0, 2, 7), RW, TrappedUndefined, nullptr, "HDCR.TDA; beyond DBGDIDR's 1 watchpoint"},
    {"DBGWVR3", p14(0, 0, 3, 6), RW, TrappedUndefined, nullptr, "HDCR.TDA; beyond DBGDIDR's 1 watchpoint"},
    {"DBGWCR3", p14(0, 0, 3, 7), RW, TrappedUndefined, nullptr, "HDCR.TDA; beyond DBGDIDR's 1 watchpoint"},
    {"DBGDRAR", p14(0, 1, 0, 0), R, Trapped, nullptr, "HDCR.TDRA: reads 0, no memory-mapped debug"},
    {"DBGBXVR4", p14(0, 1, 4, 1), RW, TrappedUndefined, nullptr, "HDCR.TDA; VMID-matching breakpoint"},
    {"DBGBXVR5", p14(0, 1, 5, 1), RW, TrappedUndefined, nullptr, "HDCR.TDA; VMID-matching breakpoint"},
    {"DBGOSLAR", p14(0, 1, 0, 4), W, Trapped, nullptr, "HDCR.TDOSA: writes ignored"},
    {"DBGOSLSR", p14(0, 1, 1, 4), R, Trapped, nullptr, "HDCR.TDOSA: reads 0, no OS lock"},
    {"DBGOSDLR", p14(0, 1, 3, 4), RW, Trapped, nullptr, "HDCR.TDOSA: RAZ/WI"},
    {"DBGPRCR", p14(0, 1, 4, 4), RW, Trapped, nullptr, "HDCR.TDOSA: RAZ/WI, no reset or powerdown request"},
    {"DBGPRSR", p14(0, 1, 5, 4), R, TrappedUndefined, nullptr, "HDCR.TDA"},
    {"DBGDSAR", p14(0, 2, 0, 0), R, Trapped, nullptr, "HDCR.TDRA: reads 0"},
    {"DBGDEVID1", p14(0, 7, 1, 7), R, TrappedUndefined, nullptr, "HDCR.TDA"},
    {"DBGDEVID", p14(0, 7, 2, 7), R, TrappedUndefined, nullptr, "HDCR.TDA"},
    {"DBGCLAIMSET", p14(0, 7, 8, 6), RW, TrappedUndefined, nullptr, "HDCR.TDA"},
    {"DBGCLAIMCLR", p14(0, 7, 9, 6), RW, TrappedUndefined, nullptr, "HDCR.TDA"},
    {"DBGAUTHSTATUS", p14(0, 7, 14, 6), R, TrappedUndefined, nullptr, "HDCR.TDA"},
    {"DBGDRAR (64-bit)", p14x64(0, 1), R, Trapped, nullptr, "HDCR.TDRA: reads 0"},
    {"DBGDSAR (64-bit)", p14x64(0, 2), R, Trapped, nullptr, "HDCR.TDRA: reads 0"},

    // CP14 ThumbEE and Jazelle.
    {"TEECR", p14(6, 0, 0, 0), RW, Switched, "teecr", "ThumbEE configuration (ID_PFR0.State3), PL1"},
    {"TEEHBR", p14(6, 1, 0, 0), RW, Switched, "teehbr", "ThumbEE handler base, PL0 too unless TEECR.XED"},
    {"JIDR", p14(7, 0, 0, 0), R, Shared, nullptr, "trivial Jazelle: constant, HCR.TID0 clear"},
    {"JOSCR", p14(7, 1, 0, 0), RW, Shared, nullptr, "trivial Jazelle: RAZ/WI, holds nothing"},
    {"JMCR", p14(7, 2, 0, 0), RW, Shared, nullptr, "trivial Jazelle: RAZ/WI, holds nothing"},

    // Other coprocessors.
    {"CP0-CP9, CP12, CP13", coproc(), None, Inaccessible, nullptr, "none on the A15: UNDEFINED (HCPTR leaves them)"},

    // The GIC as the guest sees it: GICV at its GICC address, GICD emulated.
    {"GICV_CTLR", gicv(0x000), RW, Switched, "read_hyp(GicV2::Hyp::VMCR)|write_hyp(GicV2::Hyp::VMCR", "GICH_VMCR field"},
    {"GICV_PMR", gicv(0x004), RW, Switched, "read_hyp(GicV2::Hyp::VMCR)|write_hyp(GicV2::Hyp::VMCR", "GICH_VMCR field"},
    {"GICV_BPR", gicv(0x008), RW, Switched, "read_hyp(GicV2::Hyp::VMCR)|write_hyp(GicV2::Hyp::VMCR", "GICH_VMCR field"},
    {"GICV_IAR", gicv(0x00c), R, Switched, "read_lr(i)|write_lr(i", "from the list registers"},
    {"GICV_EOIR", gicv(0x010), W, Switched, "read_lr(i)|write_lr(i", "acts on the list registers"},
    {"GICV_RPR", gicv(0x014), R, Switched, "read_hyp(GicV2::Hyp::APR)|write_hyp(GicV2::Hyp::APR", "from the active priorities"},
    {"GICV_HPPIR", gicv(0x018), R, Switched, "read_lr(i)|write_lr(i", "from the list registers"},
    {"GICV_ABPR", gicv(0x01c), RW, Switched, "read_hyp(GicV2::Hyp::VMCR)|write_hyp(GicV2::Hyp::VMCR", "GICH_VMCR field"},
    {"GICV_AIAR", gicv(0x020), R, Switched, "read_lr(i)|write_lr(i", "from the list registers"},
    {"GICV_AEOIR", gicv(0x024), W, Switched, "read_lr(i)|write_lr(i", "acts on the list registers"},
    {"GICV_AHPPIR", gicv(0x028), R, Switched, "read_lr(i)|write_lr(i", "from the list registers"},
    {"GICV_APR0", gicv(0x0d0), RW, Switched, "read_hyp(GicV2::Hyp::APR)|write_hyp(GicV2::Hyp::APR", "GICH_APR"},
    {"GICV_IIDR", gicv(0x0fc), R, Shared, nullptr, "the GIC's identification"},
    {"GICV_DIR", gicv(0x1000), W, Switched, "read_lr(i)|write_lr(i", "acts on the list registers"},
    {"GICD_*", mmio(), RW, Trapped, nullptr, "not mapped: stage-2 faults emulated by the vGIC"},
    {"GICC_* (physical)", mmio(), None, Inaccessible, nullptr, "never mapped: GICV sits at the guest's GICC address"},
    {"GICH_*", mmio(), None, Inaccessible, nullptr, "never mapped in any stage 2"},
};

constexpr Range kRanges[] = {
    {"c0 ID, reserved", Space::Cp15, 0, 0, 1u << 0, 1u << 2, 0xc0, Shared, "RAZ, HCR.TID3 clear"},
    {"c0 ID, reserved", Space::Cp15, 0, 0, 1u << 0, 0x00f8, 0xff, Shared, "RAZ, HCR.TID3 clear"},
    {"c9 TCM, cache lockdown", Space::Cp15, 0, 7, 1u << 9, 0x01e7, 0xff, TrappedUndefined, "HCR.TIDCP (L2CTLR, L2ECTLR among them)"},
    {"c10 TLB lockdown", Space::Cp15, 0, 7, 1u << 10, 0x0113, 0xff, TrappedUndefined, "HCR.TIDCP"},
    {"c11 DMA", Space::Cp15, 0, 7, 1u << 11, 0x81ff, 0xff, TrappedUndefined, "HCR.TIDCP"},
    {"c15 IMP DEF", Space::Cp15, 0, 7, 1u << 15, 0xffff, 0xff, TrappedUndefined, "HSTR.T15 (the A15's c15 among them)"},
    {"c15 IMP DEF (64-bit)", Space::Cp15x64, 0, 15, 1u << 0, 1u << 15, 1, TrappedUndefined, "HSTR.T15"},
    {"trace (ETM/PTM)", Space::Cp14, 1, 1, 0xffff, 0xffff, 0xff, Inaccessible, "the A15's PTM has no CP14 interface: UNDEFINED"},
};
// clang-format on

// As the code sets it: HCR per vCPU (vcpu_context_init), the rest per CPU
// (init_hyp_cpu).
TrapConfig configured_traps()
{
    std::string context = source("arch/arm32/vcpu_context.cpp");
    std::map<std::string, uint32_t> hcr_bits;
    std::regex definition(R"((kHcr\w+)\s*=\s*(1u\s*<<\s*\d+))");
    for (std::sregex_iterator it(context.begin(), context.end(), definition), end; it != end; ++it)
        hcr_bits[(*it)[1]] = evaluate((*it)[2].str());
    std::string hcr = between(context, "ctx.hcr = ", ";");
    hcr = hcr.substr(std::string("ctx.hcr = ").size());

    std::string boot = source("arch/arm32/boot.cpp");
    return {evaluate(hcr, hcr_bits), evaluate(argument(boot, "write_hdcr")), evaluate(argument(boot, "write_hstr")),
            evaluate(argument(boot, "write_hcptr")), evaluate(argument(boot, "write_cnthctl"))};
}

// ----------------------------------------------------------------- tests

TEST(RegisterAudit, TheCompleteList)
{
    std::set<std::string> names;
    unsigned counts[kDispositions] = {};
    const char* format = "%-22s %-28s %-2s  %-18s  %s\n";
    std::printf(format, "register", "encoding", "", "disposition", "why");
    for (const Register& r : kRegisters) {
        EXPECT_TRUE(names.insert(r.name).second) << r.name << " listed twice";
        EXPECT_TRUE(r.reason && *r.reason) << r.name;
        EXPECT_EQ(r.code != nullptr, r.disposition == Switched || r.disposition == Virtualised) << r.name;
        EXPECT_EQ(r.access == None, r.disposition == Inaccessible) << r.name;
        ++counts[static_cast<unsigned>(r.disposition)];
        std::printf(format, r.name, encoding_text(r.encoding).c_str(), access_name(r.access),
                    disposition_name(r.disposition), r.reason);
    }
    for (const Range& r : kRanges)
        std::printf(format, r.name, range_text(r).c_str(), "", disposition_name(r.disposition), r.reason);
    std::printf("%zu registers:", std::size(kRegisters));
    for (unsigned d = 0; d < kDispositions; ++d)
        std::printf(" %u %s%s", counts[d], disposition_name(Disposition(d)), d + 1 < kDispositions ? ";" : "");
    std::printf(". And %zu ranges of encodings.\n", std::size(kRanges));
}

// Each register marked switched is saved with the vCPU and loaded with it.
TEST(RegisterAudit, SwitchedRegistersAreSavedAndLoaded)
{
    std::string context = source("arch/arm32/vcpu_context.cpp");
    std::string save = body(context, "void vcpu_context_save(VcpuContext& c)");
    std::string load = body(context, "void vcpu_context_load(const VcpuContext& c)");
    std::string vectors = source("arch/arm32/vectors.S");
    std::string save_frame = between(vectors, ".macro SAVE_FRAME", ".endm");
    std::string return_to_guest = between(vectors, "return_to_guest:", "eret");
    std::string vfp = source("arch/arm32/vfp.S");
    std::string vfp_save = between(vfp, "vfp_save:", "vfp_load:");
    std::string vfp_load = between(vfp, "vfp_load:", "");
    std::string gich = source("drivers/gicv2_list_registers.cpp");
    std::string gich_save = body(gich, "void save_virtual_interface(VgicCpu& state)");
    std::string gich_load = body(gich, "void restore_virtual_interface(const VgicCpu& state)");
    std::string banked = source("arch/arm32/guest.cpp");
    ASSERT_FALSE(save.empty() || load.empty() || save_frame.empty() || return_to_guest.empty() || vfp_save.empty() ||
                 vfp_load.empty() || gich_save.empty() || gich_load.empty());

    // The pieces vcpu_context_save/load delegate.
    EXPECT_TRUE(contains(save, "guest::read(static_cast<guest::Banked>(i))") && contains(save, "i < 21"));
    EXPECT_TRUE(contains(load, "guest::write(static_cast<guest::Banked>(i), c.banked[i])") && contains(load, "i < 21"));
    EXPECT_TRUE(contains(save, "vfp_save(&c.vfp)") && contains(load, "vfp_load(&c.vfp)"));

    unsigned banked_rows = 0;
    for (const Register& r : kRegisters) {
        if (r.disposition == Virtualised) {
            EXPECT_TRUE(contains(load, std::string("write_") + r.code + "(")) << r.name << ": write_" << r.code;
            continue;
        }
        if (r.disposition != Switched) continue;
        std::string code = r.code;
        std::string save_pattern = code.substr(0, code.find('|'));
        std::string load_pattern = code.find('|') == std::string::npos ? code : code.substr(code.find('|') + 1);
        switch (r.encoding.space) {
        case Space::Core:
            EXPECT_TRUE(contains(save_frame, save_pattern)) << r.name;
            EXPECT_TRUE(contains(return_to_guest, load_pattern)) << r.name;
            break;
        case Space::Banked:
            ++banked_rows;
            EXPECT_TRUE(contains(banked, "HV_BANKED(" + code + ")")) << r.name;
            EXPECT_TRUE(contains(banked, "HV_BANKED_NAME_" + code + " \"" + r.name + "\"")) << r.name;
            break;
        case Space::Vfp:
            EXPECT_TRUE(contains(vfp_save, save_pattern)) << r.name;
            EXPECT_TRUE(contains(vfp_load, load_pattern)) << r.name;
            break;
        case Space::Gicv:
            EXPECT_TRUE(contains(gich_save, save_pattern)) << r.name;
            EXPECT_TRUE(contains(gich_load, load_pattern)) << r.name;
            break;
        default:
            EXPECT_TRUE(contains(save, "read_" + code + "(")) << r.name << ": read_" << code << " in vcpu_context_save";
            EXPECT_TRUE(contains(load, "write_" + code + "(")) << r.name << ": write_" << code << " in vcpu_context_load";
            break;
        }
    }
    EXPECT_EQ(banked_rows, 21u) << "guest::Banked has 21 registers";
    EXPECT_EQ(static_cast<unsigned>(arch::guest::Banked::SpsrFiq), 20u);
}

// Every known gap has a DISABLED_ test below; a new one needs its own.
TEST(RegisterAudit, KnownGapsAreTheListedOnes)
{
    std::vector<std::string> gaps;
    for (const Register& r : kRegisters)
        if (r.disposition == KnownGap) gaps.push_back(r.name);
    EXPECT_EQ(gaps, std::vector<std::string>{});
}

// The local exclusive monitor is PE state a guest sets with LDREX. Left
// exclusive by one vCPU when the hypervisor preempts it between LDREX and
// STREX, it lets another vCPU's (another domain's) STREX succeed with no
// reservation of its own, and tells it that the other was mid-update. ARMv7
// (A3.4.5) asks for a CLREX or a dummy STREX at a context switch, since
// exception entry and return need not clear it; Linux does a dummy STREX on
// every exception return (Cortex-A15 erratum 830321), Xen a CLREX in
// return_from_trap. Ours was cleared only when some atomic operation's STREX
// happens to run on the way from one guest to the next. So return_to_guest,
// every way into a guest, clears it.
TEST(RegisterAudit, LocalExclusiveMonitorIsClearedBeforeEnteringAGuest)
{
    std::string return_to_guest = between(source("arch/arm32/vectors.S"), "return_to_guest:", "eret");
    ASSERT_FALSE(return_to_guest.empty());
    EXPECT_TRUE(contains(return_to_guest, "clrex") || contains(return_to_guest, "strex"))
        << "return_to_guest enters a guest with whatever exclusive monitor state was left";
}

// A vCPU leaving a CPU has all of it saved; one arriving has all of it loaded.
TEST(RegisterAudit, EveryVcpuSwitchSavesAndLoadsAllOfIt)
{
    std::string scheduler = source("core/scheduler.cpp");
    std::string out = body(scheduler, "void deschedule(Vcpu& vcpu, const TrapFrame& frame)");
    std::string in = body(scheduler, "[[noreturn]] void switch_to(Vcpu& next)");
    EXPECT_TRUE(contains(out, "vcpu.regs = frame;"));
    EXPECT_TRUE(contains(out, "arch::vcpu_context_save(vcpu.context);"));
    EXPECT_TRUE(contains(out, "save_virtual_interface(vcpu.vgic);"));
    EXPECT_TRUE(contains(in, "arch::vcpu_context_load(next.context);"));
    EXPECT_TRUE(contains(in, "restore_virtual_interface(next.vgic);"));
    EXPECT_TRUE(contains(in, "arch::enter_guest(next.regs);"));
    // GICV where the guest's GICC is, GICD emulated; GICC and GICH never mapped.
    // (domU builders, at boot and by domctl, go through core/guest_devices.cpp,
    // whose GICV base start.cpp sets from the device tree.)
    EXPECT_TRUE(contains(source("boot/start.cpp"), "set_gic_virtual_cpu_interface(Pa(platform_.gic_vcpu.base))"));
    EXPECT_TRUE(contains(source("boot/domain_builder.cpp"), "attach_guest_devices("));
    EXPECT_TRUE(contains(source("xen/domain_lifecycle.cpp"), "attach_guest_devices("));
    for (const char* builder : {"core/guest_devices.cpp", "boot/dom0_builder.cpp"}) {
        std::string text = source(builder);
        EXPECT_TRUE(contains(text, "gic_vcpu") || contains(text, "gicv_base_")) << builder;
        EXPECT_TRUE(contains(text, "vgic()")) << builder;
        EXPECT_FALSE(contains(text, "gic_hyp")) << builder;
        EXPECT_FALSE(contains(text, "Pa(p.gic_cpu.base)") || contains(text, "Pa(platform().gic_cpu.base)")) << builder;
    }
}

// The audit holds for this configuration of the traps; the trap rules of
// ARMv7 applied to it must give every register the disposition listed.
TEST(RegisterAudit, TrapConfigurationMatchesTheList)
{
    TrapConfig c = configured_traps();
    std::printf("HCR %#x, HDCR %#x, HSTR %#x, HCPTR %#x, CNTHCTL %#x\n", c.hcr, c.hdcr, c.hstr, c.hcptr, c.cnthctl);
    // VM SWIO PTW FMO IMO AMO FB BSU(inner) TWI TWE TSC TIDCP TAC: no TIDn, TSW, TPC, TPU, TTLB, TVM.
    EXPECT_EQ(c.hcr, 0x0038663fu) << "HCR changed: audit the registers again and update this list";
    EXPECT_EQ(c.hdcr, 0x00000e60u) << "HDCR changed (TDRA TDOSA TDA TPM TPMCR audited)";
    EXPECT_EQ(c.hstr, 0x00008000u) << "HSTR changed (T15 audited)";
    EXPECT_EQ(c.hcptr, 0u) << "HCPTR changed (nothing trapped audited)";
    EXPECT_EQ(c.cnthctl, 1u) << "CNTHCTL changed (PL1PCTEN audited)";

    for (const Register& r : kRegisters) {
        if (r.disposition == Inaccessible || !(is_coprocessor(r.encoding.space) || r.encoding.space == Space::Vfp))
            continue;
        bool trapped = r.disposition == Trapped || r.disposition == TrappedUndefined;
        EXPECT_EQ(traps_to_hyp(c, r.encoding), trapped) << r.name << " (" << encoding_text(r.encoding) << ")";
    }
    for (const Range& range : kRanges) {
        if (range.disposition == Inaccessible) continue;
        for_each_encoding(range, [&](const Encoding& e) {
            EXPECT_EQ(traps_to_hyp(c, e), range.disposition == TrappedUndefined) << range.name << ": " << encoding_text(e);
        });
    }
    // A register listed twice (by name and in a range) has one disposition.
    for (const Range& range : kRanges)
        for_each_encoding(range, [&](const Encoding& e) {
            for (const Register& r : kRegisters)
                if (r.encoding == e) {
                    EXPECT_EQ(r.disposition, range.disposition) << r.name << " in " << range.name;
                }
        });
}

// Every CP15 register of the trap handler's table is in the list as trapped.
TEST(RegisterAudit, TrappedCp15TableIsListed)
{
    for (const Cp15Register& t : trapped_cp15_registers()) {
        const Register* found = nullptr;
        for (const Register& r : kRegisters)
            if (r.encoding == p15(t.opc1, t.crn, t.crm, t.opc2)) found = &r;
        ASSERT_NE(found, nullptr) << t.name;
        EXPECT_STREQ(found->name, t.name);
        EXPECT_EQ(found->disposition, Trapped) << t.name;
    }
}

// ------------------------------------------- trapped registers, by the handlers

struct RegisterAuditTraps : ::testing::Test {
    test::Machine machine;
    test::TestDomain dom{machine, 7};

    // Whether the guest gets an undefined instruction for this access.
    bool undefined(const Encoding& e, bool read)
    {
        arch::guest::fake().vbar = 0xc0008000;
        TrapFrame frame{};
        frame.pc = 0xc0100000;
        frame.cpsr = psr::kSvc;
        const uint32_t always = (1u << 25) | (1u << 24) | (0xeu << 20), rt = 3, rt2 = 4;
        const uint32_t iss32 = always | (uint32_t(e.opc2) << 17) | (uint32_t(e.opc1) << 14) | (uint32_t(e.crn) << 10) |
                               (rt << 5) | (uint32_t(e.crm) << 1) | uint32_t(read);
        const uint32_t iss64 =
            always | (uint32_t(e.opc1) << 16) | (rt2 << 10) | (rt << 5) | (uint32_t(e.crm) << 1) | uint32_t(read);
        Vcpu& v = *dom->vcpu(0);
        switch (e.space) {
        case Space::Cp15: handle_cp15_access(v, frame, Hsr{(0x03u << 26) | iss32}); break;
        case Space::Cp15x64: handle_cp15_64_access(v, frame, Hsr{(0x04u << 26) | iss64}); break;
        case Space::Cp14: handle_cp14_access(v, frame, Hsr{(0x05u << 26) | iss32}); break;
        case Space::Cp14x64: handle_cp14_64_access(v, frame, Hsr{(0x0cu << 26) | iss64}); break;
        default: ADD_FAILURE() << "not a coprocessor register"; break;
        }
        bool und = psr::mode(frame.cpsr) == psr::kUnd;
        EXPECT_EQ(frame.pc, und ? 0xc0008004u : 0xc0100004u) << encoding_text(e);
        return und;
    }
};

TEST_F(RegisterAuditTraps, TrappedRegistersBehaveAsListed)
{
    for (const Register& r : kRegisters) {
        if (!is_coprocessor(r.encoding.space)) continue;
        bool readable = r.access == R || r.access == RW, writable = r.access == W || r.access == RW;
        if (r.disposition == Trapped) { // one access each: a write to the timer would arm it
            EXPECT_FALSE(undefined(r.encoding, readable)) << r.name << " must be emulated";
        }
        if (r.disposition == TrappedUndefined) {
            if (readable) {
                EXPECT_TRUE(undefined(r.encoding, true)) << r.name << " read";
            }
            if (writable) {
                EXPECT_TRUE(undefined(r.encoding, false)) << r.name << " write";
            }
        }
    }
}

// The handlers emulate exactly the registers listed as trapped: any other
// encoding that traps is an undefined instruction for the guest.
TEST_F(RegisterAuditTraps, NoOtherEncodingIsEmulated)
{
    std::vector<std::string> emulated, listed;
    auto sweep = [&](Space space, unsigned opc1s, unsigned crns, unsigned opc2s) {
        for (unsigned opc1 = 0; opc1 < opc1s; ++opc1)
            for (unsigned crn = 0; crn < crns; ++crn)
                for (unsigned crm = 0; crm < 16; ++crm)
                    for (unsigned opc2 = 0; opc2 < opc2s; ++opc2) {
                        Encoding e{space, uint8_t(opc1), uint8_t(crn), uint8_t(crm), uint8_t(opc2)};
                        // Read first; write only where reads are undefined (timer writes arm it).
                        if (!undefined(e, true) || !undefined(e, false)) emulated.push_back(encoding_text(e));
                    }
    };
    sweep(Space::Cp15, 8, 16, 8);
    sweep(Space::Cp15x64, 16, 1, 1);
    sweep(Space::Cp14, 8, 16, 8);
    sweep(Space::Cp14x64, 16, 1, 1);
    std::set<std::string> seen;
    for (const Register& r : kRegisters)
        if (r.disposition == Trapped && is_coprocessor(r.encoding.space) && seen.insert(encoding_text(r.encoding)).second)
            listed.push_back(encoding_text(r.encoding));
    std::sort(emulated.begin(), emulated.end());
    std::sort(listed.begin(), listed.end());
    EXPECT_EQ(emulated, listed);
}

} // namespace
} // namespace hv
