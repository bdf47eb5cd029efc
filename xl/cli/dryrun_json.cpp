// xl create -n: the domain configuration as libxl's JSON (libxl_domain_config
// through yajl): fields in libxl's order, only those that differ from
// libxl's defaults, defbools as "True"/"False".
#include "cli/dryrun_json.hpp"

#include <cstdio>

#include "cli/json_writer.hpp"

namespace xl {
namespace {

void optional_bool(Json& j, const char* key, const std::optional<bool>& v)
{
    if (v) j.defbool(key, *v);
}

void c_info(Json& j, const cfg::DomainConfig& c)
{
    j.key("c_info").open_map();
    j.key("type").str(c.type);
    if (c.ssid_label) j.key("ssid_label").str(*c.ssid_label);
    j.key("name").str(c.name);
    j.key("uuid").str(c.uuid);
    if (c.pool) j.key("pool_name").str(*c.pool);
    j.defbool("run_hotplug_scripts", true);
    optional_bool(j, "driver_domain", c.driver_domain);
    if (c.passthrough && *c.passthrough != "default") j.key("passthrough").str(*c.passthrough);
    optional_bool(j, "xend_suspend_evtchn_compat", c.xend_suspend_evtchn_compat);
    j.close_map();
}

void bitmaps(Json& j, const char* key, const std::vector<cfg::CpuBitmap>& maps)
{
    if (maps.empty()) return;
    j.key(key).open_array();
    for (const auto& m : maps) {
        j.open_array();
        for (unsigned cpu : m.set_bits()) j.num(cpu);
        j.close_array();
    }
    j.close_array();
}

void b_info(Json& j, const cfg::DomainConfig& c)
{
    j.key("b_info").open_map();
    if (c.maxvcpus || c.vcpus) j.key("max_vcpus").num(c.maxvcpus ? *c.maxvcpus : *c.vcpus);
    if (c.vcpus) {
        j.key("avail_vcpus").open_array();
        for (unsigned i = 0; i < *c.vcpus; ++i) j.num(i);
        j.close_array();
    }
    bitmaps(j, "vcpu_hard_affinity", c.hard_affinity);
    bitmaps(j, "vcpu_soft_affinity", c.soft_affinity);
    optional_bool(j, "numa_placement", c.numa_placement);
    if (c.maxmem_mb || c.memory_mb)
        j.key("max_memkb").num(static_cast<long long>((c.maxmem_mb ? *c.maxmem_mb : *c.memory_mb) * 1024));
    if (c.memory_mb) j.key("target_memkb").num(static_cast<long long>(*c.memory_mb * 1024));
    if (c.shadow_memory_mb) j.key("shadow_memkb").num(static_cast<long long>(*c.shadow_memory_mb * 1024));
    if (c.exec_ssid_label) j.key("exec_ssid_label").str(*c.exec_ssid_label);
    if (c.max_grant_frames) j.key("max_grant_frames").num(*c.max_grant_frames);
    if (c.max_maptrack_frames) j.key("max_maptrack_frames").num(*c.max_maptrack_frames);
    if (c.max_grant_version) j.key("max_grant_version").num(*c.max_grant_version);
    j.key("sched_params").open_map();
    if (c.cpu_weight) j.key("weight").num(*c.cpu_weight);
    if (c.cap) j.key("cap").num(*c.cap);
    j.close_map();
    if (!c.irqs.empty()) {
        j.key("irqs").open_array();
        for (uint32_t irq : c.irqs) j.num(irq);
        j.close_array();
    }
    if (!c.iomem.empty()) {
        j.key("iomem").open_array();
        for (const auto& r : c.iomem) {
            j.open_map().key("start").num(static_cast<long long>(r.start)).key("number").num(static_cast<long long>(r.number));
            if (r.gfn) j.key("gfn").num(static_cast<long long>(*r.gfn));
            j.close_map();
        }
        j.close_array();
    }
    j.defbool("claim_mode", true);
    if (c.max_event_channels) j.key("event_channels").num(*c.max_event_channels);
    if (!c.kernel.empty()) j.key("kernel").str(c.kernel);
    if (!c.cmdline.empty()) j.key("cmdline").str(c.cmdline);
    if (!c.ramdisk.empty()) j.key("ramdisk").str(c.ramdisk);
    if (!c.device_tree.empty()) j.key("device_tree").str(c.device_tree);
    optional_bool(j, "acpi", c.acpi);
    if (c.tee != "none") j.key("tee").str(c.tee);
    if (c.type == "hvm") {
        j.key("type.hvm").open_map();
        j.empty_map("vga");
        j.key("vnc").open_map();
        optional_bool(j, "enable", c.vnc);
        j.close_map();
        j.key("sdl").open_map();
        optional_bool(j, "enable", c.sdl);
        j.close_map();
        j.empty_map("spice");
        j.empty_map("rdm");
        j.close_map();
    } else {
        j.empty_map("type.pvh");
    }
    j.key("arch_arm").open_map();
    if (c.gic_version != "default") j.key("gic_version").str(c.gic_version);
    if (c.vuart) j.key("vuart").str("sbsa_uart");
    j.close_map();
    j.empty_map("arch_x86");
    optional_bool(j, "vpmu", c.vpmu);
    j.close_map();
}

void disk(Json& j, const cfg::DiskSpec& d)
{
    j.open_map();
    if (d.backend != "0") j.key("backend_domname").str(d.backend);
    j.key("pdev_path").str(d.target);
    j.key("vdev").str(d.vdev);
    if (!d.backendtype.empty()) j.key("backend").str(d.backendtype);
    j.key("format").str(d.format);
    if (!d.script.empty()) j.key("script").str(d.script);
    if (d.cdrom) j.key("removable").num(1);
    if (!d.readonly) j.key("readwrite").num(1);
    if (d.cdrom) j.key("is_cdrom").num(1);
    if (d.direct_io_safe) j.key("direct_io_safe").boolean(true);
    optional_bool(j, "discard_enable", d.discard);
    j.close_map();
}

void nic(Json& j, const cfg::VifSpec& v)
{
    j.open_map();
    if (v.backend != "0") j.key("backend_domname").str(v.backend);
    if (v.devid) j.key("devid").num(*v.devid);
    if (v.mtu) j.key("mtu").num(*v.mtu);
    if (!v.model.empty()) j.key("model").str(v.model);
    if (v.mac) {
        char mac[18];
        std::snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", (*v.mac)[0], (*v.mac)[1], (*v.mac)[2], (*v.mac)[3],
                      (*v.mac)[4], (*v.mac)[5]);
        j.key("mac").str(mac);
    }
    if (!v.ip.empty()) j.key("ip").str(v.ip);
    if (!v.bridge.empty()) j.key("bridge").str(v.bridge);
    if (!v.vifname.empty()) j.key("ifname").str(v.vifname);
    if (!v.script.empty()) j.key("script").str(v.script);
    if (!v.type.empty()) j.key("nictype").str(v.type == "ioemu" ? "vif_ioemu" : "vif");
    if (v.rate_bytes_per_interval) {
        j.key("rate_bytes_per_interval").num(static_cast<long long>(*v.rate_bytes_per_interval));
        j.key("rate_interval_usecs").num(v.rate_interval_us);
    }
    if (!v.gatewaydev.empty()) j.key("gatewaydev").str(v.gatewaydev);
    j.close_map();
}

void disks(Json& j, const std::vector<cfg::DiskSpec>& disks)
{
    if (disks.empty()) return;
    j.key("disks").open_array();
    for (const auto& d : disks) disk(j, d);
    j.close_array();
}

void nics(Json& j, const std::vector<cfg::VifSpec>& vifs)
{
    if (vifs.empty()) return;
    j.key("nics").open_array();
    for (const auto& v : vifs) nic(j, v);
    j.close_array();
}

void channels(Json& j, const std::vector<cfg::ChannelSpec>& channels)
{
    if (channels.empty()) return;
    j.key("channels").open_array();
    for (size_t i = 0; i < channels.size(); ++i) {
        const auto& ch = channels[i];
        j.open_map();
        if (ch.backend) j.key("backend_domname").str(*ch.backend);
        j.key("devid").num(static_cast<long long>(i));
        j.key("name").str(ch.name);
        if (ch.connection == "socket") j.key("connection.socket").open_map().key("path").str(ch.path).close_map();
        else j.empty_map("connection.pty");
        j.close_map();
    }
    j.close_array();
}

} // namespace

std::string dryrun_json(const cfg::DomainConfig& c)
{
    Json j;
    j.open_map();
    c_info(j, c);
    b_info(j, c);
    disks(j, c.disks);
    nics(j, c.vifs);
    if (!c.dtdevs.empty()) {
        j.key("dtdevs").open_array();
        for (const auto& path : c.dtdevs) j.open_map().key("path").str(path).close_map();
        j.close_array();
    }
    channels(j, c.channels);
    // Actions are printed when they are not "destroy", libxl's zero value.
    struct {
        const char* key;
        cfg::Action action;
    } actions[] = {{"on_poweroff", c.on_poweroff}, {"on_reboot", c.on_reboot}, {"on_watchdog", c.on_watchdog},
                   {"on_crash", c.on_crash}, {"on_soft_reset", c.on_soft_reset}};
    for (const auto& a : actions)
        if (a.action != cfg::Action::Destroy) j.key(a.key).str(cfg::action_name(a.action));
    j.close_map();
    return j.text();
}

std::string disk_json(const cfg::DiskSpec& d)
{
    Json j;
    disk(j, d);
    return j.text();
}

std::string nic_json(const cfg::VifSpec& v)
{
    Json j;
    nic(j, v);
    return j.text();
}

} // namespace xl
