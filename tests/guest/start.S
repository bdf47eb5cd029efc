// Start-up code of the bare-metal test guests: a zImage header (so the
// hypervisor loads them as it loads Linux), stacks for the exception modes,
// a vector table that hands every exception to C++.

    .syntax unified
    .arch armv7-a
    .arch_extension virt
    .arch_extension sec
    .arm

    .section .text.head, "ax"
    .global _start
_start:
    .rept 8
    mov     r0, r0
    .endr
    b       reset
    .word   0x016f2818                  @ zImage magic
    .word   _start                      @ load address
    .word   __image_end                 @ end address
    .word   0x04030201

reset:
    cpsid   aif
    cps     #0x1b                       @ Undefined
    ldr     sp, =__stack_und
    cps     #0x17                       @ Abort
    ldr     sp, =__stack_abt
    cps     #0x12                       @ IRQ
    ldr     sp, =__stack_irq
    cps     #0x13                       @ Supervisor
    ldr     sp, =__stack_svc
    ldr     r0, =guest_vectors
    mcr     p15, 0, r0, c12, c0, 0      @ VBAR
    isb
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b
    bl      guest_main
2:  b       2b

// Each exception: save the caller-saved registers, ask C++ where to resume
// (it may also report and power off), return there with the saved CPSR.
    .macro EXCEPTION kind
    push    {r0-r3, r12, lr}
    mov     r0, #\kind
    mov     r1, lr
    mrs     r2, spsr
    bl      guest_on_exception
    str     r0, [sp, #20]
    pop     {r0-r3, r12, lr}
    movs    pc, lr
    .endm

    .align 5
    .global guest_vectors
guest_vectors:
    b       reset
    b       undef_entry
    b       svc_entry
    b       pabt_entry
    b       dabt_entry
    b       .
    b       irq_entry
    b       fiq_entry

undef_entry:    EXCEPTION 1
svc_entry:      EXCEPTION 2
pabt_entry:     EXCEPTION 3
dabt_entry:     EXCEPTION 4
irq_entry:      EXCEPTION 6
fiq_entry:      EXCEPTION 7

// long hypercall(nr, a0, a1, a2, a3, a4): HVC #0xEA1, number in r12.
    .global guest_hypercall
guest_hypercall:
    push    {r4, lr}
    mov     r12, r0
    mov     r0, r1
    mov     r1, r2
    mov     r2, r3
    ldr     r3, [sp, #8]
    ldr     r4, [sp, #12]
    hvc     #0xea1
    pop     {r4, pc}

// uint32_t smccc_hvc(fid, a1, a2, a3) / smccc_smc(...)
    .global guest_smccc_hvc
guest_smccc_hvc:
    hvc     #0
    bx      lr

    .global guest_smccc_smc
guest_smccc_smc:
    smc     #0
    bx      lr
