#pragma once
// The Hyp Syndrome Register (ARMv7-A B3.13.6): why the guest trapped. Field
// layouts are data here; every decoder reads them through this one type.
#include <cstdint>

namespace hv {

enum class ExceptionClass : uint32_t {
    Unknown = 0x00,
    WfiWfe = 0x01,
    Cp15Mcr = 0x03,      // MCR/MRC to CP15
    Cp15Mcrr = 0x04,     // MCRR/MRRC to CP15
    Cp14Mcr = 0x05,
    Cp14Ldc = 0x06,
    CpAccess = 0x07,     // HCPTR-trapped CP0-CP13 / Advanced SIMD / FP
    Cp10Mrc = 0x08,      // VMRS (ID group)
    Jazelle = 0x09,
    Bxj = 0x0a,
    Cp14Mcrr = 0x0c,
    Hvc = 0x12,
    Smc = 0x13,
    PrefetchAbortGuest = 0x20,
    PrefetchAbortHyp = 0x21,
    DataAbortGuest = 0x24,
    DataAbortHyp = 0x25,
};

struct Hsr {
    uint32_t raw;

    ExceptionClass ec() const { return static_cast<ExceptionClass>(raw >> 26); }
    bool il() const { return (raw >> 25) & 1; } // 32-bit instruction
    uint32_t iss() const { return raw & 0x1ffffff; }

    // Condition fields, valid for EC 0x01-0x0c.
    bool cv() const { return (raw >> 24) & 1; }
    uint32_t cond() const { return (raw >> 20) & 0xf; }

    // HVC / SMC
    uint32_t imm16() const { return raw & 0xffff; }

    // WFI/WFE: bit 0 set for WFE
    bool is_wfe() const { return raw & 1; }

    // MCR/MRC (EC 0x03, 0x05)
    struct Cp32 {
        uint32_t opc2, opc1, crn, rt, crm;
        bool read; // MRC
    };
    Cp32 cp32() const
    {
        return {(raw >> 17) & 7, (raw >> 14) & 7, (raw >> 10) & 0xf, (raw >> 5) & 0xf, (raw >> 1) & 0xf, (raw & 1) != 0};
    }
    // MCRR/MRRC (EC 0x04, 0x0c)
    struct Cp64 {
        uint32_t opc1, rt2, rt, crm;
        bool read; // MRRC
    };
    Cp64 cp64() const { return {(raw >> 16) & 0xf, (raw >> 10) & 0xf, (raw >> 5) & 0xf, (raw >> 1) & 0xf, (raw & 1) != 0}; }

    // Data abort (EC 0x24/0x25)
    bool isv() const { return (raw >> 24) & 1; }
    unsigned access_size() const { return 1u << ((raw >> 22) & 3); } // bytes
    bool sign_extend() const { return (raw >> 21) & 1; }
    unsigned srt() const { return (raw >> 16) & 0xf; }
    bool external_abort() const { return (raw >> 9) & 1; }
    bool cache_maintenance() const { return (raw >> 8) & 1; }
    bool s1ptw() const { return (raw >> 7) & 1; }
    bool write() const { return (raw >> 6) & 1; }
    uint32_t fault_status() const { return raw & 0x3f; } // DFSC / IFSC, long-descriptor format

    // Fault status codes: translation faults are 0b0001LL, access flag
    // 0b0010LL, permission 0b0011LL (LL = level).
    bool is_translation_fault() const { return (fault_status() & 0x3c) == 0x04; }
    bool is_permission_fault() const { return (fault_status() & 0x3c) == 0x0c; }
};

const char* exception_class_name(ExceptionClass ec);

} // namespace hv
