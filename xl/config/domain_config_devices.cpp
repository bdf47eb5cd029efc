// The list keys of xl.cfg: vCPU affinity, disks, network interfaces,
// channels and passthrough (irqs, iomem, dtdev).
#include "config/config_reader.hpp"

namespace xl::cfg {
namespace {

// `cpus` / `cpus_soft`: a string applies to every vCPU, a list gives one
// entry per vCPU (extra entries ignored); either way only up to max_vcpus.
void read_cpu_affinity(ConfigReader& r, const char* key, bool hard, DomainConfig& d, const HostFacts& host)
{
    const Setting* s = r.config.setting(key);
    if (!s) return;
    unsigned max_vcpus = d.maxvcpus.value_or(d.vcpus.value_or(0));
    std::vector<std::string> items;
    bool is_list = s->value.kind == Value::Kind::List;
    if (is_list) {
        auto list = r.strings(key);
        if (!list) return;
        items = *list;
        if (items.size() > max_vcpus) items.resize(max_vcpus);
    } else {
        items.assign(max_vcpus, s->value.text);
    }
    std::vector<CpuBitmap>& maps = hard ? d.hard_affinity : d.soft_affinity;
    for (size_t i = 0; i < items.size(); ++i) {
        std::string why;
        auto map = parse_cpu_list(items[i], host.cpus, why);
        if (!map) return r.error(key, std::string("`") + key + "': " + why);
        if (map->empty())
            return r.error(key, std::string("vcpu ") + (hard ? "hard" : "soft") + " affinity map is empty (`" + key +
                                    "' = \"" + items[i] + "\" names no CPU of this host)");
        maps.push_back(*map);
    }
    // Placement on NUMA nodes is automatic unless the config pins vCPUs.
    if (is_list || !hard) d.numa_placement = false;
}

std::optional<std::vector<std::string>> entries(ConfigReader& r, const char* key)
{
    return r.config.setting(key) ? r.strings(key) : std::nullopt;
}

// Each entry of a list key parsed by `parse`; a bad one is an error naming
// its place in the list and its text.
template <class Spec>
void read_specs(ConfigReader& r, const char* key, std::optional<Spec> (*parse)(std::string_view, std::string&),
                std::vector<Spec>& out)
{
    auto list = entries(r, key);
    if (!list) return;
    for (size_t i = 0; i < list->size(); ++i) {
        std::string why;
        if (auto spec = parse((*list)[i], why)) out.push_back(*spec);
        else r.error(key, std::string(key) + " " + std::to_string(i) + " (\"" + (*list)[i] + "\"): " + why);
    }
}

} // namespace

void read_affinity(ConfigReader& r, DomainConfig& d, const HostFacts& host)
{
    read_cpu_affinity(r, "cpus", true, d, host);
    read_cpu_affinity(r, "cpus_soft", false, d, host);
}

void read_devices(ConfigReader& r, DomainConfig& d)
{
    read_specs(r, "disk", parse_disk_spec, d.disks);
    read_specs(r, "vif", parse_vif_spec, d.vifs);
    for (size_t i = 0; i < d.vifs.size(); ++i)
        if (!d.vifs[i].devid) d.vifs[i].devid = int(i); // a vif's device id is its place in the list
    read_specs(r, "channel", parse_channel, d.channels);
    if (auto irqs = entries(r, "irqs")) {
        for (const std::string& text : *irqs) {
            auto irq = to_number(text);
            // SPIs only: 32 and up, below the GIC's limit of 1020.
            if (!irq || *irq < 32 || *irq >= 1020) r.error("irqs", "`irqs': \"" + text + "\" is not an SPI number (32-1019)");
            else d.irqs.push_back(uint32_t(*irq));
        }
    }
    if (auto iomem = entries(r, "iomem")) {
        for (const std::string& text : *iomem) {
            std::string why;
            if (auto range = parse_iomem(text, why)) d.iomem.push_back(*range);
            else r.error("iomem", why);
        }
    }
    if (auto dtdevs = entries(r, "dtdev")) {
        for (const std::string& path : *dtdevs) {
            if (path.empty() || path[0] != '/') r.error("dtdev", "`dtdev': \"" + path + "\" is not a device-tree path");
            else d.dtdevs.push_back(path);
        }
    }
}

} // namespace xl::cfg
