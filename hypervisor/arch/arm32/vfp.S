// Floating-point / Advanced SIMD register file of a vCPU, saved and loaded
// from Hyp mode on every vCPU switch. FPEXC.EN must be set to reach the
// registers; the guest's own FPEXC is what gets restored last.

    .syntax unified
    .arch armv7ve
    .fpu neon-vfpv4
    .arm
    .text

// void vfp_save(VfpState* s)   layout: d[32] (256 bytes), fpscr, fpexc
    .global vfp_save
vfp_save:
    vmrs    r1, fpexc
    str     r1, [r0, #260]
    orr     r2, r1, #(1 << 30)          @ EN
    vmsr    fpexc, r2
    isb
    vmrs    r2, fpscr
    str     r2, [r0, #256]
    vstmia  r0!, {d0-d15}
    vmrs    r3, mvfr0
    and     r3, r3, #0xf
    cmp     r3, #2                      @ 32 double registers?
    vstmiaeq r0!, {d16-d31}
    bx      lr

// void vfp_load(const VfpState* s)
    .global vfp_load
vfp_load:
    vmrs    r1, fpexc
    orr     r1, r1, #(1 << 30)
    vmsr    fpexc, r1
    isb
    ldr     r2, [r0, #256]
    vmsr    fpscr, r2
    ldr     r1, [r0, #260]
    vldmia  r0!, {d0-d15}
    vmrs    r3, mvfr0
    and     r3, r3, #0xf
    cmp     r3, #2
    vldmiaeq r0!, {d16-d31}
    vmsr    fpexc, r1
    isb
    bx      lr
