#pragma once
// The RAM a test guest may take over: all of it but the guest's own image
// (code, data, bss with the stacks) and the device tree it booted with, in
// whole pages. Tests that fill RAM, or give pages back to the hypervisor and
// take them again, use it rather than guess where they were loaded.
#include "guest.hpp"

extern "C" char _start[], __bss_end[];
extern "C" const void* guest_boot_dtb;

namespace guest {

class FreeRam {
public:
    struct Span {
        uint32_t begin, end;
    };
    static constexpr unsigned kMaxSpans = 3;

    FreeRam()
    {
        const Platform& p = platform();
        uint32_t ram_begin = uint32_t(p.ram_base), ram_end = uint32_t(p.ram_base + p.ram_size);
        auto dtb = reinterpret_cast<uint32_t>(guest_boot_dtb);
        const auto* header = static_cast<const uint8_t*>(guest_boot_dtb); // byte loads: MMU off
        uint32_t dtb_size = uint32_t(header[4]) << 24 | uint32_t(header[5]) << 16 | uint32_t(header[6]) << 8 | header[7];
        Span holes[2] = {{down(reinterpret_cast<uint32_t>(_start)), up(reinterpret_cast<uint32_t>(__bss_end))},
                         {down(dtb), up(dtb + dtb_size)}};
        if (holes[1].begin < holes[0].begin) {
            Span t = holes[0];
            holes[0] = holes[1];
            holes[1] = t;
        }
        uint32_t at = ram_begin;
        for (const Span& h : holes) {
            if (h.begin > at) spans_[count_++] = {at, h.begin};
            if (h.end > at) at = h.end;
        }
        if (ram_end > at) spans_[count_++] = {at, ram_end};
        for (unsigned i = 0; i < count_; ++i) pages_ += (spans_[i].end - spans_[i].begin) >> 12;
    }

    unsigned spans() const { return count_; }
    const Span& span(unsigned i) const { return spans_[i]; }
    uint32_t bytes() const { return pages_ << 12; }
    uint32_t pages() const { return pages_; }
    // The address of free page `i`, counted across the spans (i < pages()).
    uint32_t page(uint32_t i) const
    {
        for (unsigned s = 0; s < count_; ++s) {
            uint32_t n = (spans_[s].end - spans_[s].begin) >> 12;
            if (i < n) return spans_[s].begin + (i << 12);
            i -= n;
        }
        return 0;
    }

private:
    static uint32_t down(uint32_t a) { return a & ~0xfffu; }
    static uint32_t up(uint32_t a) { return (a + 0xfff) & ~0xfffu; }

    Span spans_[kMaxSpans] = {};
    unsigned count_ = 0;
    uint32_t pages_ = 0;
};

} // namespace guest
