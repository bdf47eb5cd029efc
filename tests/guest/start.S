// Start-up code of the bare-metal test guests. They are position-
// independent zImages: a hypervisor (or QEMU directly) loads them anywhere
// in RAM and enters them like Linux (r2 = device tree). We relocate, set up
// stacks for every exception mode of this CPU, and hand exceptions to C++.

    .syntax unified
    .arch armv7-a
    .arch_extension virt
    .arch_extension sec
    .arm

#define STACKS_PER_CPU 0x8000

    .section .text.head, "ax"
    .global _start
_start:
    .rept 8
    mov     r0, r0
    .endr
    b       reset
    .word   0x016f2818                  @ zImage magic
    .word   0                           @ position independent
    .word   __image_end                 @ end address = size
    .word   0x04030201

reset:
    cpsid   aif
    mov     r10, r2                     @ device tree
    adr     r9, _start                  @ load address (linked at 0)
    adr     r0, .Lrel
    ldm     r0, {r1, r2}
    add     r1, r1, r0
    add     r2, r2, r0
1:  cmp     r1, r2
    bhs     2f
    ldmia   r1!, {r3, r4}
    ldr     r4, [r3, r9]
    add     r4, r4, r9
    str     r4, [r3, r9]
    b       1b
2:  adr     r0, .Lbss
    ldm     r0, {r1, r2}
    add     r1, r1, r0
    add     r2, r2, r0
    mov     r3, #0
3:  cmp     r1, r2
    strlo   r3, [r1], #4
    blo     3b
    mov     r0, #0
    bl      setup_cpu
    adr     r0, .Ldtb
    ldr     r1, [r0]
    str     r10, [r1, r0]
    bl      guest_main
4:  b       4b

// PSCI CPU_ON entry of the other vCPUs: r0 = context id = CPU number.
    .global guest_secondary_entry
guest_secondary_entry:
    cpsid   aif
    mov     r4, r0
    bl      setup_cpu
    mov     r0, r4
    bl      guest_secondary_main
5:  b       5b

// setup_cpu(cpu): stacks of this CPU for IRQ, ABT, UND and SVC, and VBAR.
// Returns in SVC mode with its stack set.
setup_cpu:
    adr     r1, .Lstacks
    ldr     r2, [r1]
    add     r2, r2, r1                  @ __stacks
    mov     r3, #STACKS_PER_CPU
    mla     r2, r0, r3, r2              @ this CPU's block
    add     r3, r2, #0x1000
    cps     #0x12                       @ IRQ
    mov     sp, r3
    add     r3, r3, #0x1000
    cps     #0x17                       @ Abort
    mov     sp, r3
    add     r3, r3, #0x1000
    cps     #0x1b                       @ Undefined
    mov     sp, r3
    add     r3, r2, #STACKS_PER_CPU
    cps     #0x13                       @ Supervisor
    mov     sp, r3
    adr     r1, guest_vectors
    mcr     p15, 0, r1, c12, c0, 0      @ VBAR
    isb
    bx      lr

    .align 2
.Lrel:      .word __rel_start - .Lrel, __rel_end - .Lrel
.Lbss:      .word __bss_start - .Lbss, __bss_end - .Lbss
.Lstacks:   .word __stacks - .Lstacks
.Ldtb:      .word guest_boot_dtb - .Ldtb

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
// Restartable: a continuation returns to the HVC itself with r0-r4 and r12
// rewritten (after any interrupt), so nothing else may be live across it.
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
