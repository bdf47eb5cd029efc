#pragma once
// The pieces of register_audit_test.cpp that are not the list: how a
// register and its disposition are described, the trap rules of ARMv7-A
// (DDI 0406C, B1.14) for a Non-secure PL1 access, and reading the ARM-only
// sources the host build does not compile.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>

namespace hv::audit {

enum class Space : uint8_t {
    Core,    // trap frame
    PeState, // processor state that is not a register (the local exclusive monitor)
    Banked,  // a mode's banked SP/LR/SPSR, r8-r12 of FIQ mode
    Vfp,     // VMRS/VMSR system register (its number in crn), or the D registers (kDataRegs)
    Cp15,    // MRC/MCR p15
    Cp15x64, // MRRC/MCRR p15 (opc1, crm)
    Cp14,    // MRC/MCR p14
    Cp14x64, // MRRC/MCRR p14
    Coproc,  // CP0-CP9, CP12, CP13
    Gicv,    // the GIC virtual CPU interface the guest sees at its GICC address (offset)
    Mmio,    // other GIC frames
};

struct Encoding {
    Space space;
    uint8_t opc1 = 0, crn = 0, crm = 0, opc2 = 0;
    uint16_t offset = 0;
    bool operator==(const Encoding&) const = default;
};

inline constexpr uint8_t kDataRegs = 0xff;
constexpr Encoding core() { return {Space::Core}; }
constexpr Encoding pe_state() { return {Space::PeState}; }
constexpr Encoding banked() { return {Space::Banked}; }
constexpr Encoding vfp(uint8_t reg) { return {Space::Vfp, 0, reg}; }
constexpr Encoding p15(uint8_t opc1, uint8_t crn, uint8_t crm, uint8_t opc2) { return {Space::Cp15, opc1, crn, crm, opc2}; }
constexpr Encoding p15x64(uint8_t opc1, uint8_t crm) { return {Space::Cp15x64, opc1, 0, crm}; }
constexpr Encoding p14(uint8_t opc1, uint8_t crn, uint8_t crm, uint8_t opc2) { return {Space::Cp14, opc1, crn, crm, opc2}; }
constexpr Encoding p14x64(uint8_t opc1, uint8_t crm) { return {Space::Cp14x64, opc1, 0, crm}; }
constexpr Encoding coproc() { return {Space::Coproc}; }
constexpr Encoding gicv(uint16_t offset) { return {Space::Gicv, 0, 0, 0, 0, offset}; }
constexpr Encoding mmio() { return {Space::Mmio}; }

inline bool is_coprocessor(Space s)
{
    return s == Space::Cp15 || s == Space::Cp15x64 || s == Space::Cp14 || s == Space::Cp14x64;
}

enum class Access : uint8_t { None, R, W, RW };

enum class Disposition : uint8_t {
    Switched,         // saved and loaded with the vCPU
    Trapped,          // every access traps to Hyp and is emulated
    TrappedUndefined, // every access traps to Hyp; the guest gets an undefined instruction
    Virtualised,      // reads see a value the hypervisor sets per vCPU
    Shared,           // the same on every CPU for every domain: tells nothing about another
    Harmless,         // an operation whose effect stays within what the guest may already touch
    Inaccessible,     // Hyp or Secure only, or UNDEFINED on the A15
    KnownGap,         // none of these: each has a DISABLED_ test that fails until it is closed
};
inline constexpr unsigned kDispositions = 8;

struct Register {
    const char* name;
    Encoding encoding;
    Access access;
    Disposition disposition;
    // Switched: what saves and loads it (the sysreg accessor suffix, the
    // banked register's enumerator, or "save pattern|load pattern").
    // Virtualised: the Hyp register vcpu_context_load writes.
    const char* code;
    const char* reason;
};

// Whole ranges of encodings, every one of them with one disposition.
struct Range {
    const char* name;
    Space space;
    uint8_t opc1_first, opc1_last;
    uint16_t crn_mask; // bit n: CRn = cn (64-bit: 1, there is no CRn)
    uint16_t crm_mask; // bit n: CRm = cn
    uint8_t opc2_mask; // bit n: opc2 = n
    Disposition disposition;
    const char* reason;
};

template <typename F> void for_each_encoding(const Range& r, F f)
{
    for (unsigned opc1 = r.opc1_first; opc1 <= r.opc1_last; ++opc1)
        for (unsigned crn = 0; crn < 16; ++crn)
            for (unsigned crm = 0; crm < 16; ++crm)
                for (unsigned opc2 = 0; opc2 < 8; ++opc2)
                    if (((r.crn_mask >> crn) & 1) && ((r.crm_mask >> crm) & 1) && ((r.opc2_mask >> opc2) & 1))
                        f(Encoding{r.space, uint8_t(opc1), uint8_t(crn), uint8_t(crm), uint8_t(opc2)});
}

// ------------------------------------------------------------- printing

inline const char* disposition_name(Disposition d)
{
    switch (d) {
    case Disposition::Switched: return "switched";
    case Disposition::Trapped: return "trapped: emulated";
    case Disposition::TrappedUndefined: return "trapped: undefined";
    case Disposition::Virtualised: return "virtualised";
    case Disposition::Shared: return "shared";
    case Disposition::Harmless: return "harmless";
    case Disposition::Inaccessible: return "not accessible";
    case Disposition::KnownGap: return "KNOWN GAP";
    }
    return "?";
}

inline const char* access_name(Access a)
{
    return a == Access::R ? "R" : a == Access::W ? "W" : a == Access::RW ? "RW" : "-";
}

inline std::string encoding_text(const Encoding& e)
{
    char s[48];
    switch (e.space) {
    case Space::Core: return "trap frame";
    case Space::PeState: return "LDREX/STREX/CLREX";
    case Space::Banked: return "banked";
    case Space::Vfp:
        if (e.crn == kDataRegs) return "VFP/SIMD";
        std::snprintf(s, sizeof s, "VMRS/VMSR reg %u", e.crn);
        return s;
    case Space::Cp15: std::snprintf(s, sizeof s, "p15, %u, c%u, c%u, %u", e.opc1, e.crn, e.crm, e.opc2); return s;
    case Space::Cp15x64: std::snprintf(s, sizeof s, "p15, %u, c%u (64-bit)", e.opc1, e.crm); return s;
    case Space::Cp14: std::snprintf(s, sizeof s, "p14, %u, c%u, c%u, %u", e.opc1, e.crn, e.crm, e.opc2); return s;
    case Space::Cp14x64: std::snprintf(s, sizeof s, "p14, %u, c%u (64-bit)", e.opc1, e.crm); return s;
    case Space::Coproc: return "p0-p9, p12, p13";
    case Space::Gicv: std::snprintf(s, sizeof s, "GICV + 0x%04x", e.offset); return s;
    case Space::Mmio: return "MMIO";
    }
    return "?";
}

// "0-2,5-8" for the set bits of `mask`, each with `prefix`.
inline std::string bits_text(unsigned mask, unsigned bits, const char* prefix)
{
    if (mask == (1u << bits) - 1) return "*";
    std::string out;
    for (unsigned i = 0; i < bits; ++i) {
        if (!((mask >> i) & 1)) continue;
        unsigned last = i;
        while (last + 1 < bits && ((mask >> (last + 1)) & 1)) ++last;
        if (!out.empty()) out += ",";
        out += prefix + std::to_string(i);
        if (last > i) out += std::string("-") + prefix + std::to_string(last);
        i = last;
    }
    return out;
}

inline std::string range_text(const Range& r)
{
    std::string opc1 = std::to_string(r.opc1_first);
    if (r.opc1_last != r.opc1_first) opc1 += "-" + std::to_string(r.opc1_last);
    if (r.space == Space::Cp15x64) return "p15, " + opc1 + ", " + bits_text(r.crm_mask, 16, "c") + " (64-bit)";
    return std::string(r.space == Space::Cp14 ? "p14, " : "p15, ") + opc1 + ", " + bits_text(r.crn_mask, 16, "c") +
           ", " + bits_text(r.crm_mask, 16, "c") + ", " + bits_text(r.opc2_mask, 8, "");
}

// ------------------------------------------------------- the ARM sources

inline std::string normalised(std::string_view text)
{
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

// hypervisor/<relative>, as text.
inline std::string source(const char* relative)
{
    std::ifstream in(std::string(HV_SOURCE_DIR) + "/" + relative);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_FALSE(text.str().empty()) << "cannot read hypervisor/" << relative;
    return text.str();
}

// The text from `from` to the next `to` (to the end if `to` is empty),
// whitespace normalised; empty if `from` is absent.
inline std::string between(const std::string& text, std::string_view from, std::string_view to)
{
    std::string n = normalised(text);
    size_t start = n.find(from);
    if (start == std::string::npos) return {};
    size_t end = to.empty() ? n.size() : n.find(to, start + from.size());
    return n.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// A function's body, from its signature to the brace that closes it.
inline std::string body(const std::string& text, std::string_view signature)
{
    std::string n = normalised(text);
    size_t start = n.find(signature);
    if (start == std::string::npos) return {};
    int depth = 0;
    for (size_t i = n.find('{', start); i < n.size(); ++i) {
        if (n[i] == '{') ++depth;
        if (n[i] == '}' && --depth == 0) return n.substr(start, i + 1 - start);
    }
    return {};
}

inline bool contains(const std::string& text, std::string_view pattern)
{
    return text.find(normalised(pattern)) != std::string::npos;
}

// The argument of the first `call(...)` in `text`.
inline std::string argument(const std::string& text, const std::string& call)
{
    std::string n = normalised(text);
    size_t start = n.find(call + "(");
    if (start == std::string::npos) {
        ADD_FAILURE() << call << " not found";
        return "0";
    }
    start += call.size() + 1;
    int depth = 1;
    for (size_t i = start; i < n.size(); ++i) {
        if (n[i] == '(') ++depth;
        if (n[i] == ')' && --depth == 0) return n.substr(start, i - start);
    }
    return "0";
}

// Evaluates "(1u << 11) | (1u << 10)", "kHcrVm | kHcrTac" and the like.
class Expression {
public:
    Expression(std::string_view text, const std::map<std::string, uint32_t>& names) : s_(text), names_(names) {}
    uint32_t value()
    {
        uint32_t v = any();
        skip();
        EXPECT_TRUE(ok_ && s_.empty()) << "cannot evaluate the expression at \"" << s_ << "\"";
        return v;
    }

private:
    void skip()
    {
        while (!s_.empty() && s_.front() == ' ') s_.remove_prefix(1);
    }
    bool eat(std::string_view token)
    {
        skip();
        if (!s_.starts_with(token)) return false;
        s_.remove_prefix(token.size());
        return true;
    }
    uint32_t primary()
    {
        if (eat("(")) {
            uint32_t v = any();
            ok_ &= eat(")");
            return v;
        }
        size_t n = 0;
        while (n < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[n])) || s_[n] == '_')) ++n;
        std::string token(s_.substr(0, n));
        s_.remove_prefix(n);
        if (!token.empty() && std::isdigit(static_cast<unsigned char>(token[0])))
            return static_cast<uint32_t>(std::stoul(token, nullptr, 0)); // stops at a 'u' suffix
        auto it = names_.find(token);
        ok_ &= it != names_.end();
        return it != names_.end() ? it->second : 0;
    }
    uint32_t shift()
    {
        uint32_t v = primary();
        while (eat("<<")) v <<= primary();
        return v;
    }
    uint32_t any()
    {
        uint32_t v = shift();
        while (eat("|")) v |= shift();
        return v;
    }

    std::string_view s_;
    const std::map<std::string, uint32_t>& names_;
    bool ok_ = true;
};

inline uint32_t evaluate(std::string_view text, const std::map<std::string, uint32_t>& names = {})
{
    return Expression(text, names).value();
}

// -------------------------------------------------- ARMv7 trap rules

struct TrapConfig {
    uint32_t hcr, hdcr, hstr, hcptr, cnthctl;
};

inline bool bit(uint32_t value, unsigned n) { return (value >> n) & 1; }

// Written to by the guest, these trap on HCR.TVM.
inline bool virtual_memory_control(unsigned opc1, unsigned crn, unsigned crm, unsigned opc2)
{
    static const std::set<std::tuple<unsigned, unsigned, unsigned, unsigned>> kTvm = {
        {0, 1, 0, 0},  {0, 2, 0, 0},  {0, 2, 0, 1},  {0, 2, 0, 2},  {0, 3, 0, 0},  {0, 5, 0, 0},
        {0, 5, 0, 1},  {0, 5, 1, 0},  {0, 5, 1, 1},  {0, 6, 0, 0},  {0, 6, 0, 2},  {0, 10, 2, 0},
        {0, 10, 2, 1}, {0, 10, 3, 0}, {0, 10, 3, 1}, {0, 13, 0, 1}};
    return kTvm.contains({opc1, crn, crm, opc2});
}

// Does a Non-secure PL1 access to `e` trap to Hyp mode (ARMv7-A B1.14)?
// For the coprocessor spaces and VFP; memory goes through stage 2.
inline bool traps_to_hyp(const TrapConfig& c, const Encoding& e)
{
    const unsigned o1 = e.opc1, n = e.crn, m = e.crm, o2 = e.opc2;
    switch (e.space) {
    case Space::Cp15:
        if (n != 4 && n != 14 && bit(c.hstr, n)) return true;                                   // HSTR.Tn
        if (o1 == 0 && n == 0 && m == 0 && (o2 == 2 || o2 == 3 || o2 == 6)) return bit(c.hcr, 16); // TID1
        if (o1 == 1 && n == 0 && m == 0 && o2 == 7) return bit(c.hcr, 16);                          // TID1: AIDR
        if ((o1 == 0 && n == 0 && m == 0 && o2 == 1) || (o1 == 1 && n == 0 && m == 0 && o2 <= 1) ||
            (o1 == 2 && n == 0 && m == 0 && o2 == 0))
            return bit(c.hcr, 17);                                                 // TID2
        if (o1 == 0 && n == 0 && m >= 1) return bit(c.hcr, 18);                    // TID3
        if ((n == 9 && (m <= 2 || (m >= 5 && m <= 8))) || (n == 10 && (m <= 1 || m == 4 || m == 8)) ||
            (n == 11 && (m <= 8 || m == 15)))
            return bit(c.hcr, 20);                                                 // TIDCP
        if (o1 == 0 && n == 1 && m == 0 && o2 == 1) return bit(c.hcr, 21);        // TAC
        if (o1 == 0 && n == 1 && m == 0 && o2 == 2) return bit(c.hcptr, 31);      // TCPAC
        if (o1 == 0 && n == 7 && (m == 6 || m == 10 || m == 14) && (o2 == 1 || o2 == 2))
            return bit(c.hcr, o2 == 2 ? 22 : 23);                                  // TSW, TPC
        if (o1 == 0 && n == 7 && ((m == 1 && o2 == 0) || (m == 5 && o2 <= 1) || (m == 11 && o2 == 1)))
            return bit(c.hcr, 24);                                                 // TPU
        if (o1 == 0 && n == 8 && (m == 3 || m >= 5)) return bit(c.hcr, 25);       // TTLB
        if (virtual_memory_control(o1, n, m, o2)) return bit(c.hcr, 26);          // TVM
        if (o1 == 0 && n == 9 && m >= 12 && m <= 14)
            return bit(c.hdcr, 6) || (m == 12 && o2 == 0 && bit(c.hdcr, 5));      // TPM, TPMCR
        if (o1 == 0 && n == 14 && m == 2 && o2 <= 1) return !bit(c.cnthctl, 1);   // PL1PCEN
        return false;
    case Space::Cp15x64:
        if (m != 4 && m != 14 && bit(c.hstr, m)) return true;                      // HSTR.Tn
        if (m == 2 && o1 <= 1) return bit(c.hcr, 26);                             // TVM: TTBR0/1
        if (m == 14 && o1 == 2) return !bit(c.cnthctl, 1);                        // PL1PCEN: CNTP_CVAL
        if (m == 14 && o1 == 0) return !bit(c.cnthctl, 0);                        // PL1PCTEN: CNTPCT
        return false;
    case Space::Cp14:
        if (o1 == 0) {
            if (o2 == 0 && m == 0 && (n == 1 || n == 2)) return bit(c.hdcr, 11);            // TDRA
            if (n == 1 && o2 == 4 && (m <= 1 || m == 3 || m == 4)) return bit(c.hdcr, 10); // TDOSA
            return bit(c.hdcr, 9);                                                          // TDA
        }
        if (o1 == 1) return bit(c.hcptr, 20);                                     // TTA
        if (o1 == 6) return bit(c.hstr, 16);                                      // TTEE
        if (o1 == 7) return n == 0 ? bit(c.hcr, 15) : bit(c.hstr, 17);            // TID0, TJDBX
        return false;
    case Space::Cp14x64: return o1 == 0 && (m == 1 || m == 2) && bit(c.hdcr, 11); // TDRA
    case Space::Vfp:
        if (bit(c.hcptr, 10) || bit(c.hcptr, 11)) return true;                    // TCP10, TCP11
        if (n == 0) return bit(c.hcr, 15);                                        // TID0: FPSID
        if (n == 6 || n == 7) return bit(c.hcr, 18);                              // TID3: MVFR1, MVFR0
        return false;
    default: return false;
    }
}

} // namespace hv::audit
