#include "boot/dom0_dtb.hpp"

#include <cstring>
#include <initializer_list>

#include "boot/fdt.hpp"
#include "lib/format.hpp"

namespace hv {
namespace {

constexpr uint32_t kNewGicPhandle = 65000;

bool compatible_with_any(const void* fdt, int node, std::initializer_list<const char*> list)
{
    for (const char* c : list)
        if (fdt_node_check_compatible(fdt, node, c) == 0) return true;
    return false;
}

bool is_gic(const void* fdt, int node)
{
    return compatible_with_any(fdt, node, {"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic", "arm,cortex-a9-gic"});
}

bool is_timer(const void* fdt, int node) { return compatible_with_any(fdt, node, {"arm,armv7-timer", "arm,armv8-timer"}); }

// A node whose interrupts include a PPI (type 1 in 3-cell GIC specifiers):
// the vGIC cannot give a hardware PPI to a guest.
bool uses_ppi(const void* fdt, int node)
{
    int len;
    const void* irq = fdt_getprop(fdt, node, "interrupts", &len);
    if (!irq || len % 12) return false;
    for (int i = 0; i < len / 12; ++i)
        if (fdt::cell(irq, unsigned(i * 3)) == 1) return true;
    return false;
}

uint32_t cells_of(const void* fdt, int node, const char* name, uint32_t fallback)
{
    int len;
    const void* p = fdt_getprop(fdt, node, name, &len);
    return p && len == 4 ? fdt::cell(p) : fallback;
}

// reg's first address, read with the parent's #address-cells.
bool first_reg_base(const void* fdt, int node, uint64_t& base)
{
    int parent = fdt_parent_offset(fdt, node);
    uint32_t ac = parent >= 0 ? cells_of(fdt, parent, "#address-cells", 2) : 2;
    int len;
    const void* reg = fdt_getprop(fdt, node, "reg", &len);
    if (!reg || ac == 0 || ac > 2 || len < int(ac * 4)) return false;
    base = 0;
    for (uint32_t i = 0; i < ac; ++i) base = (base << 32) | fdt::cell(reg, i);
    return true;
}

bool should_remove(const void* fdt, int node, int depth, const Dom0DtbSpec& spec)
{
    const char* name = fdt_get_name(fdt, node, nullptr);
    if (depth == 1 && name && (std::strcmp(name, "hypervisor") == 0 || std::strcmp(name, "cpus") == 0)) return true;
    int len;
    const char* type = static_cast<const char*>(fdt_getprop(fdt, node, "device_type", &len));
    if (type && std::strcmp(type, "memory") == 0) return true;
    if (compatible_with_any(fdt, node,
                            {"multiboot,module", "xen,multiboot-module", "xen,domain", "arm,psci", "arm,psci-0.2", "arm,psci-1.0",
                             "arm,cortex-a15-pmu", "arm,cortex-a7-pmu", "arm,armv7-pmu", "arm,armv8-pmuv3",
                             "arm,cortex-a53-edac", "arm,armv7-timer-mem"}))
        return true;
    uint64_t base;
    if (spec.hypervisor_uart && first_reg_base(fdt, node, base) && base == spec.hypervisor_uart &&
        fdt_getprop(fdt, node, "compatible", nullptr))
        return true;
    return !is_timer(fdt, node) && !is_gic(fdt, node) && uses_ppi(fdt, node);
}

// Removes every node should_remove picks. Deleting shifts offsets, so the
// walk restarts after each deletion (trees are small).
int remove_nodes(void* fdt, const Dom0DtbSpec& spec)
{
    for (unsigned guard = 0; guard < 4096; ++guard) {
        // fdt_next_node counts the root as depth 1: its children are at 2.
        int depth = 0, victim = -1;
        for (int node = fdt_next_node(fdt, -1, &depth); node >= 0; node = fdt_next_node(fdt, node, &depth))
            if (depth >= 2 && should_remove(fdt, node, depth - 1, spec)) {
                victim = node;
                break;
            }
        if (victim < 0) return 0;
        if (int rc = fdt_del_node(fdt, victim); rc < 0) return rc;
    }
    return -1;
}

class Editor {
public:
    explicit Editor(void* fdt) : fdt_(fdt) {}
    bool ok() const { return rc_ >= 0; }
    int rc() const { return rc_; }
    void check(int rc)
    {
        if (rc < 0 && rc_ >= 0) rc_ = rc;
    }
    void set(int node, const char* name, const void* v, int len)
    {
        if (ok()) check(fdt_setprop(fdt_, node, name, v, len));
    }
    void set_string(int node, const char* name, const char* s) { set(node, name, s, int(std::strlen(s)) + 1); }
    void set_cells(int node, const char* name, std::initializer_list<uint32_t> cells)
    {
        unsigned char buf[64];
        unsigned n = 0;
        for (uint32_t c : cells) {
            for (unsigned b = 0; b < 4; ++b) buf[n * 4 + b] = static_cast<unsigned char>(c >> (24 - 8 * b));
            if (++n == 16) break;
        }
        set(node, name, buf, int(n * 4));
    }
    void set_u32(int node, const char* name, uint32_t v) { set_cells(node, name, {v}); }
    // An address or size in `cells` cells (1 or 2).
    void append_number(unsigned char* buf, unsigned& n, uint64_t v, uint32_t cells)
    {
        if (cells == 2) {
            put(buf, n, uint32_t(v >> 32));
        }
        put(buf, n, uint32_t(v));
    }
    static void put(unsigned char* buf, unsigned& n, uint32_t c)
    {
        for (unsigned b = 0; b < 4; ++b) buf[n * 4 + b] = static_cast<unsigned char>(c >> (24 - 8 * b));
        ++n;
    }
    void del(int node, const char* name)
    {
        if (ok()) fdt_delprop(fdt_, node, name); // absent properties are fine
    }
    int add_node(int parent, const char* name)
    {
        if (!ok()) return -1;
        int n = fdt_add_subnode(fdt_, parent, name);
        check(n);
        return n;
    }

private:
    void* fdt_;
    int rc_ = 0;
};

} // namespace

Status build_dom0_dtb(const Dom0DtbSpec& spec, void* buf, size_t capacity, size_t& size, const char*& error)
{
    if (spec.bank_count == 0 || spec.vcpus == 0 || spec.vcpus > 8) {
        error = "no memory or no vCPU for dom0";
        return Status::Invalid;
    }
    // Copy only the blocks in use: QEMU's tree declares 1 MiB of mostly free space.
    const void* host = spec.host_fdt;
    uint32_t used = 0;
    for (unsigned field : {2u, 3u}) { // off_dt_struct + size_dt_struct, off_dt_strings + size_dt_strings
        uint32_t end = fdt::cell(host, field) + fdt::cell(host, field == 2 ? 9u : 8u);
        if (end > used) used = end;
    }
    if (used > capacity || used < 40 || used > fdt::cell(host, 1)) {
        error = "the host device tree does not fit";
        return Status::NoMemory;
    }
    std::memcpy(buf, host, used);
    unsigned char size_be[4] = {uint8_t(used >> 24), uint8_t(used >> 16), uint8_t(used >> 8), uint8_t(used)};
    std::memcpy(static_cast<unsigned char*>(buf) + 4, size_be, 4); // totalsize
    if (fdt_open_into(buf, buf, int(capacity)) < 0) {
        error = "cannot open the copy of the host device tree";
        return Status::NoMemory;
    }
    // What the host's first CPU says it is, before /cpus goes.
    char cpu_compatible[64] = "arm,cortex-a15";
    int cpus = fdt_path_offset(buf, "/cpus");
    for (int c = cpus >= 0 ? fdt_first_subnode(buf, cpus) : -1; c >= 0; c = fdt_next_subnode(buf, c)) {
        int len;
        const char* compat = static_cast<const char*>(fdt_getprop(buf, c, "compatible", &len));
        if (compat && len > 0 && len < int(sizeof cpu_compatible)) {
            std::memcpy(cpu_compatible, compat, size_t(len));
            break;
        }
    }
    if (remove_nodes(buf, spec) < 0) {
        error = "cannot remove host nodes";
        return Status::Invalid;
    }
    Editor e(buf);
    int root = 0;
    uint32_t ac = cells_of(buf, root, "#address-cells", 2), sc = cells_of(buf, root, "#size-cells", 1);

    // The GIC: only GICD and GICC, no maintenance interrupt, a phandle.
    int gic = -1;
    for (const char* c : {"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic", "arm,cortex-a9-gic"})
        if ((gic = fdt_node_offset_by_compatible(buf, -1, c)) >= 0) break;
    if (gic < 0) {
        error = "the host device tree has no GICv2";
        return Status::Invalid;
    }
    {
        int parent = fdt_parent_offset(buf, gic);
        uint32_t gac = cells_of(buf, parent, "#address-cells", 2), gsc = cells_of(buf, parent, "#size-cells", 1);
        int len;
        const void* reg = fdt_getprop(buf, gic, "reg", &len);
        int two = int((gac + gsc) * 4 * 2);
        if (!reg || len < two) {
            error = "the GIC node has fewer than two reg ranges";
            return Status::Invalid;
        }
        unsigned char copy[64];
        std::memcpy(copy, reg, size_t(two));
        e.set(gic, "reg", copy, two);
        e.del(gic, "interrupts");
    }
    uint32_t gic_phandle = fdt_get_phandle(buf, gic);
    if (!gic_phandle) {
        gic_phandle = kNewGicPhandle;
        e.set_u32(gic, "phandle", gic_phandle);
        e.set_u32(gic, "linux,phandle", gic_phandle);
    }

    // The timer: secure phys, phys and virt PPIs, level-low; not the hypervisor's.
    int timer = fdt_node_offset_by_compatible(buf, -1, "arm,armv7-timer");
    if (timer >= 0) {
        int len;
        const void* irq = fdt_getprop(buf, timer, "interrupts", &len);
        if (irq && len >= 36) {
            uint32_t p0 = fdt::cell(irq, 1), p1 = fdt::cell(irq, 4), p2 = fdt::cell(irq, 7);
            e.set_cells(timer, "interrupts", {1, p0, 0xf08, 1, p1, 0xf08, 1, p2, 0xf08});
        }
    }

    // /chosen: dom0's command line and initrd only.
    int chosen = fdt_path_offset(buf, "/chosen");
    if (chosen < 0) chosen = e.add_node(root, "chosen");
    for (const char* p : {"xen,xen-bootargs", "xen,dom0-bootargs", "bootargs", "stdout-path", "linux,initrd-start",
                          "linux,initrd-end"})
        e.del(chosen, p);
    if (spec.bootargs) e.set_string(chosen, "bootargs", spec.bootargs);
    if (spec.initrd_end > spec.initrd_start) {
        e.set_cells(chosen, "linux,initrd-start", {uint32_t(spec.initrd_start >> 32), uint32_t(spec.initrd_start)});
        e.set_cells(chosen, "linux,initrd-end", {uint32_t(spec.initrd_end >> 32), uint32_t(spec.initrd_end)});
    }

    // /hypervisor
    int hyp = e.add_node(root, "hypervisor");
    static constexpr char kXen[] = "xen,xen-4.17\0xen,xen";
    e.set(hyp, "compatible", kXen, sizeof kXen);
    {
        unsigned char reg[16];
        unsigned n = 0;
        e.append_number(reg, n, spec.grant_base, ac);
        e.append_number(reg, n, spec.grant_size, sc);
        e.set(hyp, "reg", reg, int(n * 4));
    }
    e.set_cells(hyp, "interrupts", {1, spec.event_channel_ppi - 16, 0xf08});
    e.set_u32(hyp, "interrupt-parent", gic_phandle);

    // /psci over HVC
    int psci = e.add_node(root, "psci");
    static constexpr char kPsci[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
    e.set(psci, "compatible", kPsci, sizeof kPsci);
    e.set_string(psci, "method", "hvc");
    e.set_u32(psci, "cpu_off", 1);
    e.set_u32(psci, "cpu_on", 2);

    // /cpus: dom0's vCPUs (no enable-method for a 32-bit dom0, as Xen).
    int new_cpus = e.add_node(root, "cpus");
    e.set_u32(new_cpus, "#address-cells", 1);
    e.set_u32(new_cpus, "#size-cells", 0);
    // fdt_add_subnode puts a new node first: add in reverse to keep order.
    for (unsigned k = spec.vcpus; k-- > 0;) {
        char name[16];
        uint32_t aff = (k & 0xf) | ((k >> 4) << 8);
        format_to(name, sizeof name, "cpu@%x", aff);
        int cpu = e.add_node(new_cpus, name);
        e.set_string(cpu, "device_type", "cpu");
        e.set_string(cpu, "compatible", cpu_compatible);
        e.set_u32(cpu, "reg", aff);
    }

    // Dom0's RAM.
    for (unsigned b = 0; b < spec.bank_count; ++b) {
        char name[32];
        format_to(name, sizeof name, "memory@%llx", static_cast<unsigned long long>(spec.banks[b].base));
        int mem = e.add_node(root, name);
        e.set_string(mem, "device_type", "memory");
        unsigned char reg[16];
        unsigned n = 0;
        e.append_number(reg, n, spec.banks[b].base, ac);
        e.append_number(reg, n, spec.banks[b].size, sc);
        e.set(mem, "reg", reg, int(n * 4));
    }
    if (!e.ok()) {
        error = "the device tree buffer is too small";
        return Status::NoMemory;
    }
    fdt_pack(buf);
    size = fdt::cell(buf, 1);
    return Status::Ok;
}

} // namespace hv
