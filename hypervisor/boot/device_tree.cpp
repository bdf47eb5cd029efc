#include "boot/device_tree.hpp"

#include <cstring>

#include "boot/fdt.hpp"

namespace hv {
namespace {

class Reader {
public:
    Reader(const void* fdt, PlatformInfo& out) : fdt_(fdt), out_(out) {}
    Status run(const char*& error);

private:
    uint32_t cells(int node, const char* name, uint32_t fallback) const;
    bool read_reg(int node, unsigned index, MemRange& range) const;
    bool read_cells(const void*& p, unsigned n, uint64_t& v) const;
    bool compatible(int node, const char* c) const { return fdt_node_check_compatible(fdt_, node, c) == 0; }
    const char* string_prop(int node, const char* name) const;

    void read_memory();
    void read_reserved();
    void read_cpus();
    void read_uart();
    void read_gic();
    void read_timer();
    bool read_chosen(const char*& error);
    bool read_module(int node, BootModule& module, const char*& error);
    bool read_domain(int node, DomainSpec& spec, const char*& error);

    const void* fdt_;
    PlatformInfo& out_;
};

uint32_t Reader::cells(int node, const char* name, uint32_t fallback) const
{
    int len;
    const void* p = fdt_getprop(fdt_, node, name, &len);
    return p && len == 4 ? fdt::cell(p) : fallback;
}

bool Reader::read_cells(const void*& p, unsigned n, uint64_t& v) const
{
    if (n > 2) return false;
    v = 0;
    for (unsigned i = 0; i < n; ++i) v = (v << 32) | fdt::cell(p, i);
    p = static_cast<const char*>(p) + n * 4;
    return true;
}

// The index-th (address, size) pair of a node's reg, in its parent's cells.
bool Reader::read_reg(int node, unsigned index, MemRange& range) const
{
    int parent = fdt_parent_offset(fdt_, node);
    if (parent < 0) return false;
    uint32_t ac = cells(parent, "#address-cells", 2), sc = cells(parent, "#size-cells", 1);
    int len;
    const void* p = fdt_getprop(fdt_, node, "reg", &len);
    unsigned stride = (ac + sc) * 4;
    if (!p || stride == 0 || len < 0 || unsigned(len) < (index + 1) * stride) return false;
    p = static_cast<const char*>(p) + index * stride;
    return read_cells(p, ac, range.base) && read_cells(p, sc, range.size);
}

const char* Reader::string_prop(int node, const char* name) const
{
    int len;
    auto* s = static_cast<const char*>(fdt_getprop(fdt_, node, name, &len));
    if (!s || len <= 0 || s[len - 1] != '\0') return nullptr;
    return s;
}

void Reader::read_memory()
{
    int node = -1;
    while ((node = fdt_node_offset_by_prop_value(fdt_, node, "device_type", "memory", sizeof "memory")) >= 0) {
        MemRange r;
        for (unsigned i = 0; read_reg(node, i, r) && out_.memory_count < PlatformInfo::kMaxBanks; ++i)
            if (r.size) out_.memory[out_.memory_count++] = r;
    }
}

void Reader::read_reserved()
{
    int n = fdt_num_mem_rsv(fdt_);
    for (int i = 0; i < n && out_.reserved_count < PlatformInfo::kMaxReserved; ++i) {
        uint64_t base, size;
        if (fdt_get_mem_rsv(fdt_, i, &base, &size) == 0 && size) out_.reserved[out_.reserved_count++] = {base, size};
    }
    int rm = fdt_path_offset(fdt_, "/reserved-memory");
    if (rm < 0) return;
    for (int child = fdt_first_subnode(fdt_, rm); child >= 0; child = fdt_next_subnode(fdt_, child)) {
        MemRange r;
        if (read_reg(child, 0, r) && r.size && out_.reserved_count < PlatformInfo::kMaxReserved)
            out_.reserved[out_.reserved_count++] = r;
    }
}

void Reader::read_cpus()
{
    int cpus = fdt_path_offset(fdt_, "/cpus");
    if (cpus < 0) return;
    for (int child = fdt_first_subnode(fdt_, cpus); child >= 0; child = fdt_next_subnode(fdt_, child)) {
        const char* type = string_prop(child, "device_type");
        if (!type || std::strcmp(type, "cpu") != 0) continue;
        int len;
        const void* reg = fdt_getprop(fdt_, child, "reg", &len);
        if (!reg || len < 4 || out_.cpu_count == PlatformInfo::kMaxCpus) continue;
        out_.cpu_mpidr[out_.cpu_count++] = fdt::cell(reg, unsigned(len / 4 - 1));
    }
}

void Reader::read_uart()
{
    // /chosen/stdout-path first (a path or an alias, maybe with ":options").
    int node = -1;
    int chosen = fdt_path_offset(fdt_, "/chosen");
    if (const char* path = chosen >= 0 ? string_prop(chosen, "stdout-path") : nullptr) {
        const char* colon = std::strchr(path, ':');
        int len = colon ? int(colon - path) : int(std::strlen(path));
        if (path[0] == '/') {
            node = fdt_path_offset_namelen(fdt_, path, len);
        } else {
            const char* alias = fdt_get_alias_namelen(fdt_, path, len);
            if (alias) node = fdt_path_offset(fdt_, alias);
        }
    }
    if (node < 0) node = fdt_node_offset_by_compatible(fdt_, -1, "arm,pl011");
    if (node < 0 || !compatible(node, "arm,pl011")) return;
    if (read_reg(node, 0, out_.uart)) out_.uart_compatible = "arm,pl011";
    int len;
    const void* irq = fdt_getprop(fdt_, node, "interrupts", &len);
    if (irq && len >= 12 && fdt::cell(irq, 0) == 0) out_.uart_irq = fdt::cell(irq, 1) + 32; // an SPI
}

void Reader::read_gic()
{
    static const char* const kCompatible[] = {"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic"};
    int node = -1;
    for (const char* c : kCompatible)
        if ((node = fdt_node_offset_by_compatible(fdt_, -1, c)) >= 0) break;
    if (node < 0) return;
    read_reg(node, 0, out_.gic_dist);
    read_reg(node, 1, out_.gic_cpu);
    read_reg(node, 2, out_.gic_hyp);
    read_reg(node, 3, out_.gic_vcpu);
    int len;
    const void* irq = fdt_getprop(fdt_, node, "interrupts", &len);
    if (irq && len >= 12) // <type number flags>; type 1 = PPI
        out_.gic_maintenance_irq = fdt::cell(irq, 1) + (fdt::cell(irq, 0) == 1 ? 16 : 32);
}

void Reader::read_timer()
{
    int node = fdt_node_offset_by_compatible(fdt_, -1, "arm,armv7-timer");
    if (node < 0) return;
    int len;
    const void* irq = fdt_getprop(fdt_, node, "interrupts", &len);
    for (int i = 0; irq && i < 4 && (i + 1) * 12 <= len; ++i) out_.timer_irq[i] = fdt::cell(irq, unsigned(i * 3 + 1)) + 16;
    out_.timer_frequency = cells(node, "clock-frequency", 0);
}

bool Reader::read_module(int node, BootModule& module, const char*& error)
{
    if (!read_reg(node, 0, module.range) || module.range.size == 0) {
        error = "boot module without a usable reg";
        return false;
    }
    module.kind = compatible(node, "multiboot,kernel")    ? BootModule::Kind::Kernel
                  : compatible(node, "multiboot,ramdisk") ? BootModule::Kind::Ramdisk
                                                          : BootModule::Kind::Other;
    module.bootargs = string_prop(node, "bootargs");
    return true;
}

bool Reader::read_domain(int node, DomainSpec& spec, const char*& error)
{
    spec.name = fdt_get_name(fdt_, node, nullptr);
    int len;
    const void* mem = fdt_getprop(fdt_, node, "memory", &len);
    if (!mem || (len != 4 && len != 8)) {
        error = "xen,domain node without a memory property (KiB, 1 or 2 cells)";
        return false;
    }
    read_cells(mem, unsigned(len / 4), spec.memory_kb);
    spec.vcpus = cells(node, "cpus", 1);
    for (int child = fdt_first_subnode(fdt_, node); child >= 0; child = fdt_next_subnode(fdt_, child)) {
        if (!compatible(child, "multiboot,module")) continue;
        BootModule m;
        if (!read_module(child, m, error)) return false;
        if (m.kind == BootModule::Kind::Kernel) spec.kernel = m;
        if (m.kind == BootModule::Kind::Ramdisk) spec.ramdisk = m;
    }
    if (spec.kernel.kind != BootModule::Kind::Kernel) {
        error = "xen,domain node without a multiboot,kernel module";
        return false;
    }
    spec.bootargs = spec.kernel.bootargs;
    return true;
}

bool Reader::read_chosen(const char*& error)
{
    int chosen = fdt_path_offset(fdt_, "/chosen");
    if (chosen < 0) return true;
    out_.hypervisor_bootargs = string_prop(chosen, "xen,xen-bootargs");
    out_.dom0_bootargs = string_prop(chosen, "xen,dom0-bootargs");
    out_.chosen_bootargs = string_prop(chosen, "bootargs");
    for (int child = fdt_first_subnode(fdt_, chosen); child >= 0; child = fdt_next_subnode(fdt_, child)) {
        if (compatible(child, "xen,domain")) {
            if (out_.domain_count == PlatformInfo::kMaxDomains) {
                error = "too many xen,domain nodes";
                return false;
            }
            if (!read_domain(child, out_.domains[out_.domain_count++], error)) return false;
        } else if (compatible(child, "multiboot,module")) {
            BootModule m;
            if (!read_module(child, m, error)) return false;
            if (m.kind == BootModule::Kind::Kernel) out_.dom0_kernel = m;
            if (m.kind == BootModule::Kind::Ramdisk) out_.dom0_ramdisk = m;
        }
    }
    return true;
}

Status Reader::run(const char*& error)
{
    if (fdt_check_header(fdt_) != 0) {
        error = "no valid device tree at the boot address";
        return Status::Invalid;
    }
    read_memory();
    if (out_.memory_count == 0) {
        error = "device tree has no memory node";
        return Status::Invalid;
    }
    read_reserved();
    read_cpus();
    read_uart();
    read_gic();
    read_timer();
    return read_chosen(error) ? Status::Ok : Status::Invalid;
}

} // namespace

Status parse_device_tree(const void* fdt, PlatformInfo& out, const char*& error)
{
    out = PlatformInfo{};
    error = nullptr;
    return Reader(fdt, out).run(error);
}

} // namespace hv
