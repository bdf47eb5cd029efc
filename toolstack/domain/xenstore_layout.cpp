#include "domain/xenstore_layout.hpp"

#include <cstdio>
#include <vector>

#include "domain/domain_devices.hpp"

namespace toolstack {
namespace {

using Perms = std::vector<std::string>;

std::string n(uint32_t domid) { return "n" + std::to_string(domid); }
std::string r(uint32_t domid) { return "r" + std::to_string(domid); }

// "mknod": an empty node with its own permissions.
void mknod(xs::Batch& xs, const std::string& path, const Perms& perms)
{
    xs.write(path, "");
    xs.set_perms(path, perms);
}

void write_console(xs::Batch& xs, const DomainSpec&, const BuiltDomain& b)
{
    const uint32_t d = b.domid, backend_domid = 0;
    const std::string p = domain_path(d);
    const std::string fe = p + "/console";
    const std::string be = domain_path(backend_domid) + "/backend/console/" + std::to_string(d) + "/0";
    const std::string libxl = "/libxl/" + std::to_string(d) + "/device/console/0";
    const Perms ro{n(backend_domid), r(d)};

    xs.remove(libxl);
    xs.write(libxl + "/frontend", fe);
    xs.write(libxl + "/backend", be);

    xs.remove(fe);
    mknod(xs, fe, ro);
    xs.write(fe + "/backend", be);
    xs.write(fe + "/backend-id", std::to_string(backend_domid));
    xs.set_perms(fe + "/backend-id", {n(d), r(backend_domid)});
    auto ro_key = [&](const char* key, const std::string& value) {
        xs.write(fe + "/" + key, value);
        xs.set_perms(fe + "/" + key, ro);
    };
    ro_key("limit", "1048576");
    ro_key("type", "xenconsoled");
    ro_key("output", "pty");
    ro_key("tty", "");
    ro_key("port", std::to_string(b.console_port));
    ro_key("ring-ref", std::to_string(b.console_gfn));

    xs.remove(be);
    mknod(xs, be, ro);
    const std::pair<const char*, std::string> backend_keys[] = {
        {"frontend", fe}, {"frontend-id", std::to_string(d)}, {"online", "1"}, {"state", "1"}, {"protocol", "vt100"}};
    for (const auto& [key, value] : backend_keys) {
        xs.write(be + "/" + key, value);
        if (std::string_view(key) != "frontend") xs.write(libxl + "/" + key, value);
    }
}

} // namespace

std::string domain_path(uint32_t domid) { return "/local/domain/" + std::to_string(domid); }
std::string vm_path(const std::string& uuid) { return "/vm/" + uuid; }

void write_domain_nodes(xs::Client& client, const DomainSpec& spec, const BuiltDomain& b)
{
    const uint32_t d = b.domid;
    const std::string p = domain_path(d), v = vm_path(spec.uuid), l = "/libxl/" + std::to_string(d);
    const Perms ro{n(0), r(d)}, none{n(0)}, rw{n(d)};
    char start_time[32];
    std::snprintf(start_time, sizeof(start_time), "%.2f", b.start_time);

    xs::in_transaction(client, [&](xs::Tx tx) {
        // One round trip for all of it.
        xs::Batch xs(client, tx);
        // §2.1, the skeleton.
        xs.remove(p);
        mknod(xs, p, ro);
        xs.remove(v);
        mknod(xs, v, ro);
        xs.remove(l);
        mknod(xs, l, none);
        mknod(xs, l + "/device", none);
        xs.write(p + "/vm", v);
        xs.write(p + "/name", spec.name);
        xs.write(v + "/name", spec.name);
        mknod(xs, p + "/cpu", ro);
        mknod(xs, p + "/memory", ro);
        mknod(xs, p + "/device", ro);
        mknod(xs, p + "/device/suspend/event-channel", rw);
        mknod(xs, p + "/control", ro);
        for (const char* key : {"shutdown", "feature-poweroff", "feature-reboot", "feature-suspend", "sysrq"})
            mknod(xs, p + "/control/" + key, rw);
        for (const char* key : {"data", "drivers", "feature", "attr", "error"}) mknod(xs, p + "/" + key, rw);
        xs.write(v + "/uuid", spec.uuid);
        xs.write(p + "/control/platform-feature-multiprocessor-suspend", "1");
        xs.write(p + "/control/platform-feature-xs_reset_watches", "1");
        xs.write(l + "/type", "pvh");

        // §2.2, after the build.
        xs.write(p + "/memory/static-max", std::to_string(spec.max_memkb));
        xs.write(p + "/memory/target", std::to_string(spec.target_memkb));
        xs.write(p + "/memory/videoram", "0");
        xs.write(p + "/domid", std::to_string(d));
        xs.write(p + "/store/port", std::to_string(b.xenstore_port));
        xs.write(p + "/store/ring-ref", std::to_string(b.xenstore_gfn));
        for (unsigned i = 0; i < spec.max_vcpus; ++i)
            xs.write(p + "/cpu/" + std::to_string(i) + "/availability", i < spec.online_vcpus ? "online" : "offline");
        xs.write(v + "/start_time", start_time);

        // §2.9, console 0.
        write_console(xs, spec, b);
        // §2.5-2.8, the disks and vifs.
        write_device_nodes(xs, spec, d);
        xs.run();
    });
}

void introduce_domain(xs::Client& xs, const BuiltDomain& b)
{
    xs.introduce(b.domid, b.xenstore_gfn, b.xenstore_port);
    xs.write(0, "/libxl/" + std::to_string(b.domid) + "/dm-version", "qemu_xen");
}

void remove_domain_nodes(xs::Client& xs, uint32_t domid)
{
    const std::string id = std::to_string(domid), p = domain_path(domid);
    xs::in_transaction(xs, [&](xs::Tx tx) {
        // Backends serving this domain, of every kind, and their empty parents.
        const std::string backends = domain_path(0) + "/backend";
        for (const std::string& kind : xs.directory(tx, backends)) {
            const std::string dir = backends + "/" + kind;
            xs.remove(tx, dir + "/" + id);
            if (xs.directory(tx, dir).empty()) xs.remove(tx, dir);
        }
        if (xs.read(tx, backends) && xs.directory(tx, backends).empty()) xs.remove(tx, backends);
        if (std::optional<std::string> vm = xs.read(tx, p + "/vm"); vm && vm->rfind("/vm/", 0) == 0 && vm->size() > 4)
            xs.remove(tx, *vm);
        xs.remove(tx, p);
        xs.remove(tx, "/libxl/" + id);
    });
}

std::optional<std::string> domain_name(xs::Client& xs, uint32_t domid)
{
    return xs.read(0, domain_path(domid) + "/name");
}

void write_domain_name(xs::Client& xs, uint32_t domid, const std::string& name)
{
    xs::in_transaction(xs, [&](xs::Tx tx) {
        xs.write(tx, domain_path(domid) + "/name", name);
        if (std::optional<std::string> vm = xs.read(tx, domain_path(domid) + "/vm")) xs.write(tx, *vm + "/name", name);
    });
}

void request_shutdown(xs::Client& xs, uint32_t domid, const char* command)
{
    xs.write(0, domain_path(domid) + "/control/shutdown", command);
}

} // namespace toolstack
