// Entry point. The image carries Linux's zImage header, so QEMU's -kernel
// and U-Boot's bootz start it like a Linux kernel: in Hyp mode, MMU and
// D-cache off, r2 = physical address of the device tree.
//
// The image is linked at 0 as a position-independent executable and may be
// loaded anywhere: before any C++ runs we apply our own R_ARM_RELATIVE
// relocations, zero the BSS and set up the boot stack.

    .syntax unified
    .arch armv7ve
    .arm

#define CPU_STACK_SIZE 16384
#define MAX_CPUS 8

    .section .text.head, "ax"
    .global _start
_start:
    .rept 8
    mov     r0, r0
    .endr
    b       reset                       @ 0x20
    .word   0x016f2818                  @ 0x24: zImage magic
    .word   0                           @ 0x28: load address 0 = position independent
    .word   __image_end                 @ 0x2c: end of image (linked at 0: its size)
    .word   0x04030201                  @ 0x30: little-endian marker

reset:
    cpsid   aif
    mov     r10, r2                     @ keep the DTB address
    mrs     r0, cpsr
    and     r0, r0, #0x1f
    cmp     r0, #0x1a                   @ Hyp mode?
    bne     not_in_hyp

    adr     r9, _start                  @ r9 = load address (link address is 0)

    // Apply the dynamic relocations: each is {offset, info}; only
    // R_ARM_RELATIVE (23) can appear in a -pie image without symbols.
    adr     r0, .Lrel_start
    ldr     r1, [r0]
    add     r1, r1, r0                  @ r1 = runtime __rel_start
    adr     r0, .Lrel_end
    ldr     r2, [r0]
    add     r2, r2, r0                  @ r2 = runtime __rel_end
1:  cmp     r1, r2
    bhs     2f
    ldmia   r1!, {r3, r4}
    and     r4, r4, #0xff
    cmp     r4, #23
    bne     bad_relocation
    ldr     r4, [r3, r9]
    add     r4, r4, r9
    str     r4, [r3, r9]
    b       1b
2:
    // Zero the BSS.
    adr     r0, .Lbss_start
    ldr     r1, [r0]
    add     r1, r1, r0
    adr     r0, .Lbss_end
    ldr     r2, [r0]
    add     r2, r2, r0
    mov     r3, #0
3:  cmp     r1, r2
    strlo   r3, [r1], #4
    blo     3b

    adr     r0, .Lcpu_stacks
    ldr     r1, [r0]
    add     r1, r1, r0
    add     sp, r1, #CPU_STACK_SIZE     @ CPU 0: the first stack

    adr     r0, .Lvectors
    ldr     r1, [r0]
    add     r0, r1, r0
    mcr     p15, 4, r0, c12, c0, 0      @ HVBAR
    isb

    mov     r0, r10                     @ DTB
    mov     r1, r9                      @ load address
    bl      arch_boot                   @ never returns
    b       .

// Other CPUs, started by the boot CPU through the firmware's PSCI CPU_ON:
// Hyp mode, MMU off, r0 = our logical CPU number.
    .global secondary_entry
secondary_entry:
    cpsid   aif
    mov     r4, r0
    adr     r1, .Lcpu_stacks
    ldr     r2, [r1]
    add     r2, r2, r1                  @ cpu_stacks
    mov     r3, #CPU_STACK_SIZE
    add     r4, r4, #1
    mla     sp, r4, r3, r2              @ top of this CPU's stack
    sub     r4, r4, #1
    adr     r0, .Lvectors
    ldr     r1, [r0]
    add     r0, r1, r0
    mcr     p15, 4, r0, c12, c0, 0      @ HVBAR
    mcr     p15, 4, r4, c13, c0, 2      @ HTPIDR = CPU number
    isb
    mov     r0, r4
    bl      arch_secondary_boot         @ never returns
    b       .

not_in_hyp:
bad_relocation:
    wfe
    b       not_in_hyp

    .align 2
.Lrel_start:  .word __rel_start - .Lrel_start
.Lrel_end:    .word __rel_end - .Lrel_end
.Lbss_start:  .word __bss_start - .Lbss_start
.Lbss_end:    .word __bss_end - .Lbss_end
.Lvectors:    .word hyp_vectors - .Lvectors
.Lcpu_stacks: .word cpu_stacks - .Lcpu_stacks

// One Hyp stack per CPU; the boot CPU's is the first.
    .section .bss.stack, "aw", %nobits
    .align 4
    .global cpu_stacks
cpu_stacks:
    .space CPU_STACK_SIZE * MAX_CPUS
