#pragma once
// The hostile fuzzer's moves (hostile_fuzz_test.cpp). Every "address" it
// makes up lies in its scratch pages, a far pool of gfns outside its RAM,
// devices or unmapped space, never in its own code and data; the calls that
// would only stop the fuzzer itself (shutdown, SCHEDOP_block, a poll without
// timeout, CPU_SUSPEND, CPU_OFF, SYSTEM_OFF/RESET) are left out.
#include "guest.hpp"
#include "xen_memory.hpp"

namespace fuzz {

// 2 MiB of scratch, 2 MiB aligned: an aligned extent of any order (up to 9)
// that starts in it stays in it. Pointers go to its first 448 pages; the
// rest is room for what a call writes past them.
constexpr unsigned kScratchPages = 512, kPointerPages = 448;
constexpr uint64_t kFarPool = 0x60000, kFarPages = 16;  // gfns of IPA 0x60000000: no RAM there
constexpr uint16_t kDomidSelf = 0x7ff0;
constexpr uint32_t kMemoryOp = 12, kMulticall = 13, kEventChannelOp = 32, kGrantTableOp = 20, kVcpuOp = 24,
                   kSchedOp = 29, kHvmOp = 34, kXenVersion = 17, kConsoleIo = 18, kPlatformOp = 7, kVmAssist = 21;

struct alignas(4096) Page {
    uint8_t bytes[4096];
};
// 2 MiB of the guest's RAM well below where its image, stacks and device
// tree are loaded (at the top of its RAM): set up by init_scratch().
inline Page* scratch = nullptr;

struct MulticallEntry {
    uint64_t op, result, args[6];
};
inline MulticallEntry multicall_list[8];

// xorshift64*: small, seeded, the same sequence on every machine.
class Rng {
public:
    explicit Rng(uint64_t seed) : state_(seed * 0x9e3779b97f4a7c15ull + 1) {}
    uint64_t next()
    {
        state_ ^= state_ >> 12;
        state_ ^= state_ << 25;
        state_ ^= state_ >> 27;
        return state_ * 0x2545f4914f6cdd1dull;
    }
    uint32_t below(uint32_t n) { return uint32_t(next() % n); }

private:
    uint64_t state_;
};

using guest::xen::va;
inline uint64_t scratch_gfn(unsigned i) { return (va(&scratch[0]) >> 12) + i; }

extern "C" char __bss_end[];
// The second 2 MiB of RAM; false if the image (or its stacks) reach down there.
inline bool init_scratch()
{
    uintptr_t at = uintptr_t(guest::platform().ram_base) + (2u << 20);
    scratch = reinterpret_cast<Page*>(at);
    uintptr_t code = reinterpret_cast<uintptr_t>(&init_scratch); // within the image's first few KiB
    return code >= at + kScratchPages * 4096 + 0x100000 || uintptr_t(__bss_end) <= at;
}

// Its own RAM outside scratch: what no made-up value may name.
inline bool names_own_memory(uint64_t v)
{
    const auto& p = guest::platform();
    uint64_t first = p.ram_base, last = p.ram_base + p.ram_size;
    uint64_t s0 = va(&scratch[0]), s1 = s0 + kScratchPages * 4096ull;
    bool as_address = v >= first && v < last && !(v >= s0 && v < s1);
    bool as_gfn = v >= first >> 12 && v < last >> 12 && !(v >= s0 >> 12 && v < s1 >> 12);
    return as_address || as_gfn;
}

inline uint32_t pointer(Rng& rng)
{
    switch (rng.below(8)) {
    case 0: return 0;
    case 1: return 0x03001000u + rng.below(0x2000);            // the vGIC
    case 2: return 0x10000000u + rng.below(0x1000000);         // nothing
    case 3: return 0xfffff000u + rng.below(0x1000);            // the top, wrapping
    case 4: return uint32_t(kFarPool << 12) + rng.below(kFarPages * 4096); // the far pool
    default: return va(&scratch[0]) + rng.below(kPointerPages * 4096);
    }
}

inline uint64_t gfn(Rng& rng)
{
    switch (rng.below(6)) {
    case 0: return rng.below(64);
    case 1: return kFarPool + rng.below(kFarPages);
    case 2: return scratch_gfn(rng.below(kScratchPages)) | (1ull << (32 + rng.below(32))); // aliases
    case 3: { uint64_t v = rng.next(); return names_own_memory(v) ? 0 : v; }
    default: return scratch_gfn(rng.below(kScratchPages));
    }
}

// A plausible word: what a hypercall's structure fields are made of.
inline uint32_t word(Rng& rng)
{
    switch (rng.below(9)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return rng.below(8);
    case 3: return rng.below(4096);
    case 4: return kDomidSelf;
    case 5: return uint32_t(gfn(rng));
    case 6: return pointer(rng);
    default: { uint32_t v = uint32_t(rng.next()); return names_own_memory(v) ? 0 : v; }
    }
}

// A store into scratch, which the fuzzer itself may have given back or
// covered with a read-only page: false if it aborted.
inline bool poke(uint32_t* p, uint32_t v)
{
    guest::expect_exception();
    asm volatile("str %1, [%0]" ::"r"(p), "r"(v) : "memory");
    return guest::last_exception().kind == guest::Exception::None;
}

// Fills what `at` points to with plausible words, if it is scratch.
inline void fill(Rng& rng, uint32_t at)
{
    uint32_t s0 = va(&scratch[0]);
    if (at < s0 || at >= s0 + kPointerPages * 4096) return;
    auto* w = reinterpret_cast<uint32_t*>(at & ~3u);
    for (unsigned i = 0; i < 16; ++i)
        if (!poke(&w[i], word(rng))) return;
}

inline long current_reservation() { return guest::xen::reservation(guest::xen::kCurrentReservation); }

struct Call {
    uint32_t op, args[5];
};

inline Call make_call(Rng& rng, bool nested);

// Builds a multicall of up to 8 entries made the same way (none nested).
inline Call make_multicall(Rng& rng)
{
    uint32_t n = rng.below(9);
    for (uint32_t i = 0; i < n; ++i) {
        Call c = make_call(rng, true);
        multicall_list[i] = MulticallEntry{c.op, 0, {c.args[0], c.args[1], c.args[2], c.args[3], c.args[4], 0}};
    }
    // Now and then a bad list: too long (refused), or nowhere with no entries.
    // Never a random count over its own list: the hypervisor would run the
    // fuzzer's own data as calls (and write their results into it).
    switch (rng.below(16)) {
    case 0: return Call{kMulticall, {va(multicall_list), 1025 + rng.below(100000), 0, 0, 0}};
    case 1: return Call{kMulticall, {pointer(rng), 0, 0, 0, 0}};
    default: return Call{kMulticall, {va(multicall_list), n, 0, 0, 0}};
    }
}

inline Call make_call(Rng& rng, bool nested)
{
    Call c{0, {word(rng), pointer(rng), word(rng), word(rng), word(rng)}};
    fill(rng, c.args[1]);
    switch (rng.below(14)) {
    case 0: c.op = kMemoryOp; c.args[0] = rng.below(8) ? rng.below(32) : word(rng); break;
    case 1: c.op = kEventChannelOp; c.args[0] = rng.below(16); break;
    case 2: c.op = kGrantTableOp; c.args[0] = rng.below(12); c.args[2] = rng.below(8) ? rng.below(4) : word(rng); break;
    case 3:
        c.op = kVcpuOp;
        c.args[0] = rng.below(16);
        c.args[1] = rng.below(4);
        c.args[2] = pointer(rng);
        fill(rng, c.args[2]);
        break;
    case 4: {
        // Yield, poll, remote shutdown (a domU's is refused), shutdown
        // codes, unknown ones (sanitised below like any sched_op).
        static const uint32_t kCmds[] = {0, 3, 4, 5, 6, 7, 8, 100};
        c.op = kSchedOp;
        c.args[0] = kCmds[rng.below(8)];
        break;
    }
    case 5: c.op = kHvmOp; c.args[0] = rng.below(4); break;
    case 6: c.op = kXenVersion; c.args[0] = rng.below(16); break;
    case 7:
        // Short writes (the fuzzer's own report must not find its console
        // budget spent), and now and then one too long (-E2BIG).
        c.op = kConsoleIo;
        c.args[0] = rng.below(3);
        c.args[1] = rng.below(32) ? rng.below(16) : 16 * 1024 + 1 + rng.below(1000);
        c.args[2] = pointer(rng);
        break;
    case 8: c.op = kPlatformOp; c.args[0] = pointer(rng); break;
    case 9: c.op = kVmAssist; break;
    case 10:
        if (!nested) return make_multicall(rng);
        c.op = kMulticall; // nested: refused in its entry
        break;
    case 11: c.op = rng.below(64); break; // whatever that is: implemented or not
    case 12: c.op = word(rng); break;
    default: c.op = kMemoryOp; c.args[0] = (rng.below(2) ? 1 : 6) | (rng.below(4) << 6); break; // balloon, continued
    }
    // Whatever chose it (a random number too): no block, no shutdown, and a
    // poll always with a timeout in the past. Its structure lives outside
    // scratch, one per multicall entry, so no other call overwrites it.
    if (c.op == kSchedOp && (c.args[0] == 1 || c.args[0] == 2)) c.args[0] = 0;
    if (c.op == kSchedOp && c.args[0] == 3) {
        static uint32_t polls[9][6];
        static unsigned next_poll = 0;
        auto* poll = polls[next_poll++ % 9];
        poll[0] = pointer(rng);
        poll[1] = 0;
        poll[2] = rng.below(5);
        poll[3] = 0;
        poll[4] = 1; // timeout: 1 ns of system time, long past
        poll[5] = 0;
        c.args[1] = va(poll);
    }
    if (c.op == kMulticall && !nested) return make_multicall(rng);
    // Structures that the hypervisor keeps addresses from: never own memory.
    if (c.op == kVcpuOp && c.args[2] >= va(&scratch[0]) && c.args[2] < va(&scratch[kPointerPages])) {
        // The runstate area / the vcpu_info frame. Where scratch is not
        // writable the call reads what is there: scratch, or nothing.
        auto* w = reinterpret_cast<uint32_t*>(c.args[2] & ~3u);
        if (!poke(&w[0], uint32_t(c.args[0] == 5 ? pointer(rng) : uint32_t(gfn(rng)))) || !poke(&w[1], 0))
            c.args[2] = 0x10000000u;
    }
    return c;
}

// Set to print each move before it is made (bootarg trace=N: from move N).
inline bool trace = false;

inline long random_hypercall(Rng& rng)
{
    Call c = make_call(rng, false);
    if (trace)
        guest::printf("fuzz: hypercall %u (%#x, %#x, %#x, %#x, %#x)\n", c.op, c.args[0], c.args[1], c.args[2],
                      c.args[3], c.args[4]);
    return guest_hypercall(c.op, c.args[0], c.args[1], c.args[2], c.args[3], c.args[4]);
}

inline void psci_call(Rng& rng)
{
    // Left out: CPU_SUSPEND, CPU_OFF, SYSTEM_OFF, SYSTEM_RESET (32 and 64 bits).
    static const uint32_t kFids[] = {0x84000000, 0x84000003, 0x84000004, 0x84000005, 0x84000006, 0x84000007,
                                     0x8400000a, 0x8400000c, 0x8400000e, 0x80000000, 0x80000001, 0xc4000003,
                                     0x86000000, 0x8400001f, 0xbf000000};
    uint32_t fid = kFids[rng.below(sizeof kFids / sizeof kFids[0])];
    if (trace) guest::printf("fuzz: psci %#x\n", fid);
    if (rng.below(2)) guest_smccc_hvc(fid, word(rng), pointer(rng), word(rng));
    else guest_smccc_smc(fid, word(rng), pointer(rng), word(rng));
}

inline void gic_access(Rng& rng)
{
    uint32_t at = guest::platform().gicd + (rng.below(0x1000) & ~3u);
    if (trace) guest::printf("fuzz: gicd %#x\n", at);
    if (rng.below(2)) {
        (void)*reinterpret_cast<volatile uint32_t*>(at);
    } else {
        // Leave the distributor on: the fuzzer itself does not care, the
        // register decoding does.
        *reinterpret_cast<volatile uint32_t*>(at) = at == guest::platform().gicd ? 1 : word(rng);
    }
}

// System registers the hypervisor traps (PMU, ACTLR, physical timer).
inline void sysreg_access(Rng& rng)
{
    uint32_t v = word(rng);
    uint32_t which = rng.below(8);
    if (trace) guest::printf("fuzz: sysreg %u (%#x)\n", which, v);
    switch (which) {
    case 0: asm volatile("mrc p15, 0, %0, c9, c12, 0" : "=r"(v)); break;  // PMCR
    case 1: asm volatile("mcr p15, 0, %0, c9, c12, 0" ::"r"(v)); break;
    case 2: asm volatile("mcr p15, 0, %0, c9, c12, 1" ::"r"(v)); break;  // PMCNTENSET
    case 3: asm volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(v)); break; // PMCCNTR
    case 4: asm volatile("mcr p15, 0, %0, c1, c0, 1" ::"r"(v)); break;   // ACTLR
    case 5: asm volatile("mcr p15, 0, %0, c14, c2, 1" ::"r"(v & 3)); break; // CNTP_CTL
    case 6: asm volatile("mcr p15, 0, %0, c14, c2, 0" ::"r"(v)); break;  // CNTP_TVAL
    default: asm volatile("mrc p15, 0, %0, c14, c2, 1" : "=r"(v)); break;
    }
}

// Loads and stores where nothing (or a device) is: aborts the guest takes.
inline void wild_access(Rng& rng)
{
    uint32_t at = pointer(rng) & ~3u;
    if (at >= va(&scratch[0]) && at < va(&scratch[kScratchPages])) at = 0x10000000u + (at & 0xfff);
    if (rng.below(2)) (void)*reinterpret_cast<volatile uint32_t*>(at);
    else *reinterpret_cast<volatile uint32_t*>(at) = word(rng);
}

// Every scratch page RAM again, the far pool empty.
inline void restore_scratch()
{
    for (unsigned i = 0; i < kScratchPages; ++i) {
        uint64_t g = scratch_gfn(i);
        guest::xen::remove_from_physmap(g);
        guest::xen::populate_pages(&g, 1);
    }
    for (unsigned i = 0; i < kFarPages; ++i) guest::xen::remove_from_physmap(kFarPool + i);
}

// Closes every port; returns how many are still open after.
inline unsigned close_all_ports()
{
    static uint32_t port;
    static struct {
        uint16_t dom, pad;
        uint32_t port, status, vcpu;
        uint32_t u[2];
    } st;
    unsigned open = 0;
    for (port = 1; port < 4096; ++port) {
        guest_hypercall(kEventChannelOp, 3, va(&port));
        st = {kDomidSelf, 0, port, 0, 0, {0, 0}};
        if (guest_hypercall(kEventChannelOp, 5, va(&st)) == 0 && st.status != 0) ++open;
    }
    return open;
}

} // namespace fuzz
