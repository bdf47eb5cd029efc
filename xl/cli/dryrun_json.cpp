#include "cli/dryrun_json.hpp"

#include <yajl/yajl_gen.h>

#include <cstdio>
#include <memory>

namespace xl {
namespace {

class Json {
public:
    Json() : gen_(yajl_gen_alloc(nullptr), yajl_gen_free)
    {
        yajl_gen_config(gen_.get(), yajl_gen_beautify, 1);
        yajl_gen_config(gen_.get(), yajl_gen_indent_string, "    ");
    }
    Json& key(const char* k) { return str(k); }
    Json& str(const std::string& s)
    {
        yajl_gen_string(gen_.get(), reinterpret_cast<const unsigned char*>(s.data()), s.size());
        return *this;
    }
    Json& num(long long v)
    {
        yajl_gen_integer(gen_.get(), v);
        return *this;
    }
    Json& open_map()
    {
        yajl_gen_map_open(gen_.get());
        return *this;
    }
    Json& close_map()
    {
        yajl_gen_map_close(gen_.get());
        return *this;
    }
    Json& open_array()
    {
        yajl_gen_array_open(gen_.get());
        return *this;
    }
    Json& close_array()
    {
        yajl_gen_array_close(gen_.get());
        return *this;
    }
    Json& empty_map(const char* k) { return key(k).open_map().close_map(); }
    // libxl writes defbools as the strings "True"/"False".
    Json& defbool(const char* k, bool v) { return key(k).str(v ? "True" : "False"); }
    std::string text()
    {
        const unsigned char* buf;
        size_t len;
        yajl_gen_get_buf(gen_.get(), &buf, &len);
        return std::string(reinterpret_cast<const char*>(buf), len);
    }

private:
    std::unique_ptr<struct yajl_gen_t, void (*)(yajl_gen)> gen_;
};

} // namespace

std::string dryrun_json(const cfg::DomainConfig& c)
{
    Json j;
    j.open_map();
    j.key("c_info").open_map();
    j.key("type").str(c.type);
    j.key("name").str(c.name);
    j.key("uuid").str(c.uuid);
    j.defbool("run_hotplug_scripts", true);
    j.close_map();

    j.key("b_info").open_map();
    j.key("max_vcpus").num(c.maxvcpus);
    j.key("avail_vcpus").open_array();
    for (unsigned i = 0; i < c.vcpus; ++i) j.num(i);
    j.close_array();
    j.key("max_memkb").num(static_cast<long long>(c.maxmem_mb * 1024));
    j.key("target_memkb").num(static_cast<long long>(c.memory_mb * 1024));
    j.empty_map("sched_params");
    j.defbool("claim_mode", true);
    if (!c.kernel.empty()) j.key("kernel").str(c.kernel);
    if (!c.cmdline.empty()) j.key("cmdline").str(c.cmdline);
    if (!c.ramdisk.empty()) j.key("ramdisk").str(c.ramdisk);
    if (!c.device_tree.empty()) j.key("device_tree").str(c.device_tree);
    if (c.type == "hvm") {
        j.key("type.hvm").open_map();
        j.empty_map("vga");
        j.key("vnc").open_map();
        if (c.vnc) j.defbool("enable", *c.vnc);
        j.close_map();
        j.key("sdl").open_map();
        if (c.sdl) j.defbool("enable", *c.sdl);
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
    if (c.tee != "none") j.key("tee").str(c.tee);
    j.close_map();
    j.empty_map("arch_x86");
    j.close_map();

    if (!c.disks.empty()) {
        j.key("disks").open_array();
        for (const auto& d : c.disks) {
            j.open_map();
            if (d.backend != "0") j.key("backend_domname").str(d.backend);
            if (!d.target.empty()) j.key("pdev_path").str(d.target);
            j.key("vdev").str(d.vdev);
            j.key("format").str(d.format);
            if (!d.script.empty()) j.key("script").str(d.script);
            if (d.cdrom) j.key("is_cdrom").num(1);
            j.key("readwrite").num(d.readonly ? 0 : 1);
            j.close_map();
        }
        j.close_array();
    }
    if (!c.vifs.empty()) {
        j.key("nics").open_array();
        for (const auto& v : c.vifs) {
            j.open_map();
            if (v.backend != "0") j.key("backend_domname").str(v.backend);
            j.key("devid").num(*v.devid);
            if (v.mtu) j.key("mtu").num(*v.mtu);
            if (!v.model.empty()) j.key("model").str(v.model);
            if (v.mac) {
                char mac[18];
                std::snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", (*v.mac)[0], (*v.mac)[1], (*v.mac)[2],
                              (*v.mac)[3], (*v.mac)[4], (*v.mac)[5]);
                j.key("mac").str(mac);
            }
            if (!v.ip.empty()) j.key("ip").str(v.ip);
            if (!v.bridge.empty()) j.key("bridge").str(v.bridge);
            if (!v.vifname.empty()) j.key("ifname").str(v.vifname);
            if (!v.script.empty()) j.key("script").str(v.script);
            j.close_map();
        }
        j.close_array();
    }
    if (c.on_poweroff != cfg::Action::Destroy) j.key("on_poweroff").str(cfg::action_name(c.on_poweroff));
    j.key("on_reboot").str(cfg::action_name(c.on_reboot));
    if (c.on_watchdog != cfg::Action::Destroy) j.key("on_watchdog").str(cfg::action_name(c.on_watchdog));
    if (c.on_crash != cfg::Action::Destroy) j.key("on_crash").str(cfg::action_name(c.on_crash));
    j.key("on_soft_reset").str(cfg::action_name(c.on_soft_reset));
    j.close_map();
    return j.text();
}

} // namespace xl
