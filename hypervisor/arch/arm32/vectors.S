// Hyp vector table and the trap frame.
//
// Every exception from the guest arrives at offset 0x14 ("Hyp trap") or, for
// interrupts routed to Hyp, at 0x18/0x1c. The entry code saves the guest's
// r0-r12, LR (in Hyp mode LR is the guest's LR_usr), ELR_hyp and SPSR_hyp as a
// TrapFrame on the Hyp stack (layout in arch/trap_frame.hpp), calls C++, and
// returns to the guest from the same frame, which C++ may have changed.
// Exceptions taken in Hyp mode itself are hypervisor bugs: they are dumped.

    .syntax unified
    .arch armv7ve
    .arm

#define FRAME_SIZE 64
#define FRAME_PC 56

    .macro SAVE_FRAME
    sub     sp, sp, #FRAME_SIZE
    stmia   sp, {r0-r12, lr}
    mrs     r0, ELR_hyp
    mrs     r1, spsr
    add     r2, sp, #FRAME_PC
    stmia   r2, {r0, r1}
    .endm

    .macro HYP_FATAL kind
    SAVE_FRAME
    mov     r0, sp
    mov     r1, #\kind
    bl      hyp_exception_fatal
    b       .
    .endm

    .section .text.vectors, "ax"
    .align 5
    .global hyp_vectors
hyp_vectors:
    b       hyp_reset_entry             @ 0x00
    b       hyp_undef_entry             @ 0x04 undefined instruction in Hyp
    b       hyp_hvc_entry               @ 0x08 HVC/SVC in Hyp
    b       hyp_pabt_entry              @ 0x0c prefetch abort in Hyp
    b       hyp_dabt_entry              @ 0x10 data abort in Hyp
    b       guest_trap_entry            @ 0x14 Hyp trap: everything from the guest
    b       irq_entry                   @ 0x18
    b       fiq_entry                   @ 0x1c

hyp_reset_entry:    HYP_FATAL 0
hyp_undef_entry:    HYP_FATAL 1
hyp_hvc_entry:      HYP_FATAL 2
hyp_pabt_entry:     HYP_FATAL 3
fiq_entry:          HYP_FATAL 7

// A data abort in Hyp mode: an SError the exiting guest left pending, taken
// in synchronize_serror's window (C++ forwards it and we return into the
// window), or a hypervisor bug (C++ dumps it and stops).
hyp_dabt_entry:
    SAVE_FRAME
    mov     r0, sp
    bl      handle_hyp_data_abort
    b       return_to_guest             @ back into the window (SPSR: Hyp mode)

guest_trap_entry:
    SAVE_FRAME
    mov     r0, sp
    bl      handle_guest_trap
    b       return_to_guest

irq_entry:
    SAVE_FRAME
    mov     r0, sp
    bl      handle_irq
    // fall through

    .global return_to_guest
return_to_guest:
    add     r2, sp, #FRAME_PC
    ldmia   r2, {r0, r1}
    msr     ELR_hyp, r0
    msr     spsr_cxsf, r1
    ldmia   sp, {r0-r12, lr}
    add     sp, sp, #FRAME_SIZE
    clrex                               @ no exclusive reservation of one guest reaches the next
    eret

// void synchronize_serror(): called on every way in from a guest, once its
// registers and the trap's syndrome (HSR, HDFAR, HIFAR, HPFAR, which an
// abort taken here would overwrite) are saved. Asynchronous aborts are
// unmasked for the time of a barrier: one the guest left pending is taken
// here, inside [serror_window_start, serror_window_end], and is the
// guest's, not whoever's runs next (Xen does the same, XSA-201).
    .global synchronize_serror
    .global serror_window_start
    .global serror_window_end
synchronize_serror:
serror_window_start:
    cpsie   a
    dsb     sy
    isb
serror_window_end:
    cpsid   a
    bx      lr

// void enter_guest(const TrapFrame* frame, void* stack_top)
// Copies the frame to the top of this CPU's Hyp stack and returns into it.
    .global enter_guest
enter_guest:
    sub     sp, r1, #FRAME_SIZE
    mov     r2, sp
    ldmia   r0!, {r3-r10}
    stmia   r2!, {r3-r10}
    ldmia   r0!, {r3-r10}
    stmia   r2!, {r3-r10}
    b       return_to_guest
