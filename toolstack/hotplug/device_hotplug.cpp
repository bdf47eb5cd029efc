#include "hotplug/device_hotplug.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>

#include "hotplug/hotplug_error.hpp"
#include "hotplug/hotplug_script.hpp"
#include "hotplug/loop_device.hpp"
#include "hotplug/net_link.hpp"
#include "xenstore/wait.hpp"

namespace toolstack {
namespace {

std::string read_or(xs::Client& xs, const std::string& path, const std::string& fallback = "")
{
    return xs.read(0, path).value_or(fallback);
}

std::string xenbus_path(const DeviceId& id)
{
    return std::string("backend/") + kind_name(id.kind) + "/" + std::to_string(id.domid) + "/" + std::to_string(id.devid);
}

// As the kernel names a loop device's backing file: the real path, with
// " (deleted)" once the file is gone.
bool same_file(std::string loop_file, const std::string& target)
{
    const std::string deleted = " (deleted)";
    if (loop_file.size() > deleted.size() && loop_file.compare(loop_file.size() - deleted.size(), deleted.size(), deleted) == 0)
        loop_file.resize(loop_file.size() - deleted.size());
    if (loop_file == target) return true;
    char real[PATH_MAX];
    return ::realpath(target.c_str(), real) && loop_file == real;
}

std::string vif_name(const DeviceId& id) { return "vif" + std::to_string(id.domid) + "." + std::to_string(id.devid); }

std::string device_number(dev_t device)
{
    char text[32];
    std::snprintf(text, sizeof text, "%x:%x", major(device), minor(device));
    return text;
}

// Xen's block script refuses a disk that another domain has, unless both
// only read it.
void check_sharing(xs::Client& xs, const DeviceId& id, const std::string& target, bool write)
{
    const std::string root = "/local/domain/0/backend/vbd";
    for (const std::string& domain : xs.directory(0, root))
        for (const std::string& dev : xs.directory(0, root + "/" + domain)) {
            if (domain == std::to_string(id.domid) && dev == std::to_string(id.devid)) continue;
            const std::string other = root + "/" + domain + "/" + dev;
            if (read_or(xs, other + "/params") != target) continue;
            bool other_writes = read_or(xs, other + "/mode").find('w') != std::string::npos;
            if (write || other_writes)
                throw HotplugError("disk " + target + " is already in use by domain " + domain +
                                   (other_writes ? " for writing" : ""));
        }
}

void plug_disk(xs::Client& xs, const DeviceId& id)
{
    const std::string be = backend_path(id);
    const std::string target = read_or(xs, be + "/params");
    const bool write = read_or(xs, be + "/mode").find('w') != std::string::npos;
    check_sharing(xs, id, target, write);
    struct stat st {};
    if (target.empty() || ::stat(target.c_str(), &st) != 0)
        throw HotplugError("disk " + target + " does not exist");
    std::string path = target;
    dev_t device;
    if (S_ISBLK(st.st_mode)) {
        device = st.st_rdev;
    } else if (S_ISREG(st.st_mode)) {
        LoopDevice loop = attach_loop(target, !write, [&](const std::string& node) { xs.write(0, be + "/node", node); });
        path = loop.path;
        device = loop.device;
    } else {
        throw HotplugError("disk " + target + " is neither a block device nor a regular file");
    }
    xs::in_transaction(xs, [&](xs::Tx tx) {
        xs.write(tx, be + "/physical-device", device_number(device));
        xs.write(tx, be + "/physical-device-path", path);
        xs.write(tx, be + "/hotplug-status", "connected");
    });
}

// netback makes vifD.N when it probes the back-end; libxl waits for the
// back-end's InitWait, then runs the script.
void wait_for_vif(xs::Client& xs, const DeviceId& id, int timeout_ms)
{
    const std::string state = backend_path(id) + "/state";
    auto ready = [&] {
        return std::atoi(read_or(xs, state, "0").c_str()) >= int(XenbusState::InitWait) && interface_exists(vif_name(id));
    };
    // The interface may appear without a store event: look again soon.
    if (!xs::wait_until(xs, {state}, "hotplug-" + xenbus_path(id), timeout_ms, ready, 20))
        throw HotplugError(vif_name(id) + ": netback did not set the device up (back-end state " + read_or(xs, state, "absent") +
                           "; is xen-netback loaded?)");
}

void plug_vif(xs::Client& xs, const DeviceId& id, int timeout_ms)
{
    const std::string be = backend_path(id);
    wait_for_vif(xs, id, timeout_ms);
    std::string name = vif_name(id);
    const std::string bridge = read_or(xs, be + "/bridge", "xenbr0");
    if (!is_bridge(bridge)) throw HotplugError("bridge " + bridge + " does not exist (create it, e.g. with brctl addbr)");
    if (std::string wanted = read_or(xs, be + "/vifname"); !wanted.empty() && wanted != name) {
        rename_interface(name, wanted);
        name = wanted;
    }
    set_interface_mtu(name, interface_mtu(bridge));
    set_interface_up(name);
    add_to_bridge(bridge, name);
    xs.write(0, be + "/hotplug-status", "connected");
}

} // namespace

void plug_device(xs::Client& xs, const DeviceId& id, int timeout_ms)
{
    const std::string be = backend_path(id);
    const std::string script = read_or(xs, be + "/script");
    const bool ours = script == (id.kind == DeviceKind::Vbd ? kDefaultBlockScript : kDefaultVifScript);
    try {
        if (!ours) {
            if (id.kind == DeviceKind::Vif) wait_for_vif(xs, id, timeout_ms);
            ScriptRun run{script, id.kind == DeviceKind::Vbd ? "add" : "online", kind_name(id.kind), xenbus_path(id), {}};
            if (id.kind == DeviceKind::Vif) run.extra_env = {{"vif", vif_name(id)}, {"netdev", read_or(xs, be + "/gatewaydev")}};
            run_hotplug_script(run);
        } else if (id.kind == DeviceKind::Vbd) {
            plug_disk(xs, id);
        } else {
            plug_vif(xs, id, timeout_ms);
        }
    } catch (const std::exception& e) {
        const bool busy = std::string(e.what()).find("already in use") != std::string::npos;
        try {
            xs::in_transaction(xs, [&](xs::Tx tx) {
                xs.write(tx, be + "/hotplug-status", busy ? "busy" : "error");
                xs.write(tx, be + "/hotplug-error", e.what());
            });
        } catch (...) {
        }
        throw HotplugError(std::string(kind_name(id.kind)) + " " + std::to_string(id.devid) + ": " + e.what());
    }
}

std::string unplug_device(xs::Client& xs, const DeviceId& id)
{
    const std::string be = backend_path(id);
    const std::string script = read_or(xs, be + "/script");
    try {
        if (id.kind == DeviceKind::Vbd) {
            if (!script.empty() && script != kDefaultBlockScript) {
                run_hotplug_script({script, "remove", "vbd", xenbus_path(id), {}});
            } else if (std::string node = read_or(xs, be + "/node"); node.rfind("/dev/loop", 0) == 0) {
                // Only the loop device this disk was bound to, if it still is.
                std::string file = loop_backing_file(node);
                if (file.empty() || same_file(file, read_or(xs, be + "/params"))) detach_loop(node);
                // Once let go, the number may be another disk's: a second
                // unplug (a retried detach, the destroy) must not act on it.
                xs.remove(0, be + "/node");
            }
        } else {
            std::string name = read_or(xs, be + "/vifname", vif_name(id));
            if (!script.empty() && script != kDefaultVifScript) {
                run_hotplug_script({script, "offline", "vif", xenbus_path(id), {{"vif", name}, {"netdev", read_or(xs, be + "/gatewaydev")}}});
            } else if (interface_exists(name)) {
                remove_from_bridge(read_or(xs, be + "/bridge", "xenbr0"), name);
            }
        }
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

} // namespace toolstack
