// uint32_t hypercall_clobber_check(uint32_t nr): fills r1-r11 and lr with
// known values, makes hypercall `nr` (xen_version(0, 0) arguments for 17),
// and returns a mask of the registers whose value changed (bit n = rN).
    .syntax unified
    .arch armv7-a
    .arch_extension virt
    .arm
    .text
    .global hypercall_clobber_check
hypercall_clobber_check:
    push    {r4-r11, lr}
    mov     r12, r0
    mov     r0, #0
    mov     r1, #0
    ldr     r2, =0x22222222
    ldr     r3, =0x33333333
    ldr     r4, =0x44444444
    ldr     r5, =0x55555555
    ldr     r6, =0x66666666
    ldr     r7, =0x77777777
    ldr     r8, =0x88888888
    ldr     r9, =0x99999999
    ldr     r10, =0xaaaaaaaa
    ldr     r11, =0xbbbbbbbb
    ldr     lr, =0xeeeeeeee
    hvc     #0xea1
    mov     r0, #0
    cmp     r1, #0
    orrne   r0, r0, #(1 << 1)
    ldr     r12, =0x22222222
    cmp     r2, r12
    orrne   r0, r0, #(1 << 2)
    ldr     r12, =0x33333333
    cmp     r3, r12
    orrne   r0, r0, #(1 << 3)
    ldr     r12, =0x44444444
    cmp     r4, r12
    orrne   r0, r0, #(1 << 4)
    ldr     r12, =0x55555555
    cmp     r5, r12
    orrne   r0, r0, #(1 << 5)
    ldr     r12, =0x66666666
    cmp     r6, r12
    orrne   r0, r0, #(1 << 6)
    ldr     r12, =0x77777777
    cmp     r7, r12
    orrne   r0, r0, #(1 << 7)
    ldr     r12, =0x88888888
    cmp     r8, r12
    orrne   r0, r0, #(1 << 8)
    ldr     r12, =0x99999999
    cmp     r9, r12
    orrne   r0, r0, #(1 << 9)
    ldr     r12, =0xaaaaaaaa
    cmp     r10, r12
    orrne   r0, r0, #(1 << 10)
    ldr     r12, =0xbbbbbbbb
    cmp     r11, r12
    orrne   r0, r0, #(1 << 11)
    ldr     r12, =0xeeeeeeee
    cmp     lr, r12
    orrne   r0, r0, #(1 << 14)
    pop     {r4-r11, pc}
    .ltorg
