// Stores in Thumb encodings, for the MMIO tests of erratum 766422: the
// hypervisor must find the source register in the instruction itself.
    .syntax unified
    .arch armv7-a
    .thumb

    .text
// void thumb_str16(volatile uint32_t* addr, uint32_t value): STR Rt,[Rn,#0] (16-bit)
    .global thumb_str16
    .thumb_func
thumb_str16:
    str     r1, [r0]
    bx      lr

// void thumb_strb16_r5(volatile uint8_t* addr, uint32_t value): source r5
    .global thumb_strb16_r5
    .thumb_func
thumb_strb16_r5:
    push    {r5, lr}
    mov     r5, r1
    strb    r5, [r0]
    pop     {r5, pc}

// void thumb_str32_r9(volatile uint32_t* addr, uint32_t value): STR.W with a high register
    .global thumb_str32_r9
    .thumb_func
thumb_str32_r9:
    push    {r9, lr}
    mov     r9, r1
    str.w   r9, [r0, #0]
    pop     {r9, pc}
