#include "guest_dtb.hpp"

#include <initializer_list>

#include "fdt_write.hpp"
#include "include/public/xen.hpp"

namespace guest_platform {
namespace {

// A node name "<prefix>@<unit address>", the address in lowercase hex
// without leading zeros, as printf's "%s@%llx" writes it.
class NodeName {
public:
    NodeName(const char* prefix, uint64_t address)
    {
        unsigned n = 0;
        while (prefix[n] && n < kMaxPrefix) buf_[n] = prefix[n], ++n;
        buf_[n++] = '@';
        unsigned digits = 1;
        while (digits < 16 && (address >> (4 * digits))) ++digits;
        for (unsigned i = digits; i-- > 0;) buf_[n++] = "0123456789abcdef"[(address >> (4 * i)) & 0xf];
        buf_[n] = 0;
    }
    const char* c_str() const { return buf_; }

private:
    static constexpr unsigned kMaxPrefix = 24;
    char buf_[kMaxPrefix + 1 + 16 + 1];
};

// Device-tree cells are big-endian 32-bit words.
uint32_t be32(const void* p, unsigned index)
{
    auto* b = static_cast<const unsigned char*>(p) + index * 4;
    return uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | b[3];
}

// Collects the first libfdt error; later calls become no-ops.
class Writer {
public:
    explicit Writer(void* buf) : fdt_(buf) {}
    void check(int rc)
    {
        if (rc < 0 && ok_) ok_ = false;
    }
    bool ok() const { return ok_; }
    void begin(const char* name) { if (ok_) check(fdt_begin_node(fdt_, name)); }
    void end() { if (ok_) check(fdt_end_node(fdt_)); }
    void prop(const char* name, const void* v, int len) { if (ok_) check(fdt_property(fdt_, name, v, len)); }
    void empty(const char* name) { prop(name, nullptr, 0); }
    void string(const char* name, const char* s)
    {
        int len = 0;
        while (s[len]) ++len;
        prop(name, s, len + 1);
    }
    // A string list given as "a\0b\0" with its total size.
    void strings(const char* name, const char* list, int size) { prop(name, list, size); }
    void cells(const char* name, const uint32_t* values, unsigned count)
    {
        unsigned char buf[64];
        for (unsigned i = 0; i < count && i < 16; ++i)
            for (unsigned b = 0; b < 4; ++b) buf[i * 4 + b] = static_cast<unsigned char>(values[i] >> (24 - 8 * b));
        prop(name, buf, int(count * 4));
    }
    void u32(const char* name, uint32_t v) { cells(name, &v, 1); }
    void u64(const char* name, uint64_t v)
    {
        uint32_t c[2] = {uint32_t(v >> 32), uint32_t(v)};
        cells(name, c, 2);
    }
    void* fdt() { return fdt_; }

private:
    void* fdt_;
    bool ok_ = true;
};

void reg(Writer& w, std::initializer_list<uint64_t> pairs)
{
    uint32_t c[16];
    unsigned n = 0;
    for (uint64_t v : pairs) {
        c[n++] = uint32_t(v >> 32);
        c[n++] = uint32_t(v);
    }
    w.cells("reg", c, n);
}

// <type number flags>: PPIs (type 1) declared level-low on all CPUs, as Xen.
void ppi(Writer& w, const char* name, std::initializer_list<unsigned> ppis)
{
    uint32_t c[12];
    unsigned n = 0;
    for (unsigned p : ppis) {
        c[n++] = 1;
        c[n++] = p - 16;
        c[n++] = 0xf08;
    }
    w.cells(name, c, n);
}

} // namespace

const char* dtb_result_name(DtbResult result)
{
    switch (result) {
    case DtbResult::Ok: return "ok";
    case DtbResult::Invalid: return "invalid specification";
    case DtbResult::BufferFull: return "buffer too small";
    }
    return "unknown";
}

DtbResult build_guest_dtb(const GuestDtbSpec& spec, void* buf, size_t capacity, size_t& size)
{
    if (spec.vcpus == 0 || spec.vcpus > 128 || spec.memory_banks == 0 || spec.memory_banks > 2)
        return DtbResult::Invalid;
    Writer w(buf);
    w.check(fdt_create(buf, static_cast<int>(capacity)));
    w.check(fdt_finish_reservemap(buf));
    w.begin("");
    w.string("model", "XENVM-4.17");
    static constexpr char kCompatible[] = "xen,xenvm-4.17\0xen,xenvm";
    w.strings("compatible", kCompatible, sizeof kCompatible);
    w.u32("interrupt-parent", kGuestGicPhandle);
    w.u32("#address-cells", 2);
    w.u32("#size-cells", 2);

    w.begin("chosen");
    if (spec.bootargs) w.string("bootargs", spec.bootargs);
    if (spec.initrd_end > spec.initrd_start) {
        w.u64("linux,initrd-start", spec.initrd_start);
        w.u64("linux,initrd-end", spec.initrd_end);
    }
    if (spec.rng_seed && spec.rng_seed_size) w.prop("rng-seed", spec.rng_seed, int(spec.rng_seed_size));
    w.end();

    w.begin("cpus");
    w.u32("#address-cells", 1);
    w.u32("#size-cells", 0);
    for (unsigned i = 0; i < spec.vcpus; ++i) {
        uint32_t aff = (i & 0xf) | ((i >> 4) << 8);
        w.begin(NodeName("cpu", aff).c_str());
        w.string("device_type", "cpu");
        w.string("compatible", "arm,cortex-a15");
        w.string("enable-method", "psci");
        w.u32("reg", aff);
        w.end();
    }
    w.end();

    w.begin("psci");
    static constexpr char kPsci[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
    w.strings("compatible", kPsci, sizeof kPsci);
    w.string("method", "hvc");
    w.u32("cpu_off", 1);
    w.u32("cpu_on", 2);
    w.end();

    for (unsigned i = 0; i < spec.memory_banks; ++i) {
        w.begin(NodeName("memory", spec.memory[i].base).c_str());
        w.string("device_type", "memory");
        reg(w, {spec.memory[i].base, spec.memory[i].size});
        w.end();
    }

    w.begin(NodeName("interrupt-controller", xen::GUEST_GICD_BASE).c_str());
    static constexpr char kGic[] = "arm,cortex-a15-gic\0arm,cortex-a9-gic";
    w.strings("compatible", kGic, sizeof kGic);
    w.u32("#interrupt-cells", 3);
    w.u32("#address-cells", 0);
    w.empty("interrupt-controller");
    reg(w, {xen::GUEST_GICD_BASE, xen::GUEST_GICD_SIZE, xen::GUEST_GICC_BASE, xen::GUEST_GICC_SIZE});
    w.u32("linux,phandle", kGuestGicPhandle);
    w.u32("phandle", kGuestGicPhandle);
    w.end();

    w.begin("timer");
    w.string("compatible", "arm,armv7-timer");
    ppi(w, "interrupts", {29, 30, 27});
    w.u32("interrupt-parent", kGuestGicPhandle);
    if (spec.timer_frequency) w.u32("clock-frequency", spec.timer_frequency);
    w.end();

    if (spec.vuart) {
        w.begin(NodeName("sbsa-uart", xen::GUEST_PL011_BASE).c_str());
        w.string("compatible", "arm,sbsa-uart");
        reg(w, {xen::GUEST_PL011_BASE, xen::GUEST_PL011_SIZE});
        uint32_t irq[3] = {0, xen::GUEST_VPL011_SPI - 32, 4};
        w.cells("interrupts", irq, 3);
        w.u32("interrupt-parent", kGuestGicPhandle);
        w.end();
    }

    w.begin("hypervisor");
    static constexpr char kXen[] = "xen,xen-4.17\0xen,xen";
    w.strings("compatible", kXen, sizeof kXen);
    {
        uint32_t c[12];
        unsigned n = 0;
        auto add = [&](uint64_t b, uint64_t s) {
            c[n++] = uint32_t(b >> 32), c[n++] = uint32_t(b), c[n++] = uint32_t(s >> 32), c[n++] = uint32_t(s);
        };
        add(xen::GUEST_GNTTAB_BASE, xen::GUEST_GNTTAB_SIZE);
        for (unsigned i = 0; i < spec.extended_count && i < 2; ++i) add(spec.extended[i].base, spec.extended[i].size);
        w.cells("reg", c, n);
    }
    ppi(w, "interrupts", {kGuestEventChannelPpi});
    w.u32("interrupt-parent", kGuestGicPhandle);
    w.end();

    w.end(); // root
    w.check(fdt_finish(buf));
    if (!w.ok()) return DtbResult::BufferFull;
    size = be32(buf, 1); // the header's totalsize
    return DtbResult::Ok;
}

} // namespace guest_platform
