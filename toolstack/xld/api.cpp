#include "xld/api.hpp"

#include "api/protocol.hpp"

namespace xld {
namespace {

const std::string& string_arg(const json::Value& request, const char* key)
{
    const json::Value* v = request.get(key);
    if (!v) throw ApiError(std::string("missing \"") + key + "\"", kErrorInval);
    return v->as_string(key);
}

uint64_t unsigned_arg(const json::Value& request, const char* key)
{
    const json::Value* v = request.get(key);
    if (!v) throw ApiError(std::string("missing \"") + key + "\"", kErrorInval);
    int64_t n = v->as_integer(key);
    if (n < 0) throw ApiError(std::string("\"") + key + "\" is negative", kErrorInval);
    return uint64_t(n);
}

bool bool_arg(const json::Value& request, const char* key)
{
    const json::Value* v = request.get(key);
    return v && v->as_bool(key);
}

toolstack::DeviceKind device_kind(const json::Value& request)
{
    const std::string& kind = string_arg(request, "kind");
    if (kind == "vbd") return toolstack::DeviceKind::Vbd;
    if (kind == "vif") return toolstack::DeviceKind::Vif;
    throw ApiError("unknown device kind \"" + kind + "\" (vbd or vif)", kErrorInval);
}

} // namespace

json::Value Api::ok()
{
    json::Value v = json::Value::object();
    v.set("ok", json::Value::boolean(true));
    return v;
}

json::Value Api::error(const std::string& message, int rc)
{
    json::Value v = json::Value::object();
    v.set("ok", json::Value::boolean(false));
    v.set("error", json::Value::string(message));
    v.set("rc", json::Value::integer(rc));
    return v;
}

std::optional<json::Value> Api::handle(const std::string& line, PendingWait& wait)
{
    try {
        json::Value request = json::parse(line);
        if (!request.is_object()) return error("a request is a JSON object", kErrorInval);
        const json::Value* version = request.get("version");
        if (!version || version->as_integer("version") != toolstack::api::kVersion)
            return error("unsupported API version (this daemon speaks version " +
                             std::to_string(toolstack::api::kVersion) + ")",
                         -2);
        std::optional<PendingWait> pending;
        json::Value reply = dispatch(string_arg(request, "op"), request, pending);
        if (pending) {
            wait = *pending;
            return std::nullopt;
        }
        return reply;
    } catch (const ApiError& e) {
        return error(e.what(), e.rc());
    } catch (const std::exception& e) {
        return error(e.what(), kErrorFail);
    }
}

json::Value Api::dispatch(const std::string& op, const json::Value& request, std::optional<PendingWait>& wait)
{
    json::Value reply = ok();
    auto domain = [&] { return manager_.resolve(string_arg(request, "domain")); };
    if (op == "version") {
        reply.set("version", json::Value::integer(toolstack::api::kVersion));
    } else if (op == "create") {
        CreateRequest create;
        const json::Value* config = request.get("config");
        if (!config) throw ApiError("missing \"config\"", kErrorInval);
        create.config = *config;
        if (const json::Value* s = request.get("source")) create.source = s->as_string("source");
        if (const json::Value* f = request.get("source_file")) create.source_file = f->as_string("source_file");
        create.paused = bool_arg(request, "paused");
        reply.set("domid", json::Value::integer(manager_.create(create)));
    } else if (op == "destroy") {
        manager_.destroy(domain());
    } else if (op == "shutdown" || op == "reboot") {
        uint32_t domid = domain();
        std::string uuid = manager_.uuid_of(domid);
        manager_.shutdown(domid, op == "reboot");
        if (bool_arg(request, "wait")) wait = PendingWait{domid, uuid};
    } else if (op == "wait") {
        // By domid and UUID (what "resolve" answered): a domain that has
        // already gone, or been replaced, has ended.
        const json::Value* uuid = request.get("uuid");
        const json::Value* domid = request.get("domid");
        if (uuid && domid) {
            int64_t id = domid->as_integer("domid");
            if (id < 0 || id >= 0x7FF0) throw ApiError("invalid domid", kErrorInval);
            wait = PendingWait{uint32_t(id), uuid->as_string("uuid")};
        } else {
            uint32_t id = domain();
            wait = PendingWait{id, manager_.uuid_of(id)};
        }
    } else if (op == "pause") {
        manager_.pause(domain());
    } else if (op == "unpause") {
        manager_.unpause(domain());
    } else if (op == "rename") {
        manager_.rename(domain(), string_arg(request, "name"));
    } else if (op == "resolve") {
        uint32_t domid = domain();
        reply.set("domid", json::Value::integer(domid));
        reply.set("name", json::Value::string(manager_.name(domid)));
        reply.set("uuid", json::Value::string(manager_.uuid_of(domid)));
    } else if (op == "info") {
        reply.set("info", manager_.host_info());
    } else if (op == "list") {
        reply.set("domains", manager_.list(bool_arg(request, "long"), bool_arg(request, "start_time")));
    } else if (op == "dmesg") {
        reply.set("text", json::Value::string(manager_.dmesg(bool_arg(request, "clear"))));
    } else if (op == "debug-keys") {
        manager_.debug_keys(string_arg(request, "keys"));
    } else if (op == "vcpu-list") {
        std::optional<uint32_t> only;
        if (request.get("domain")) only = domain();
        reply.set("vcpus", manager_.vcpu_list(only));
    } else if (op == "vcpu-pin") {
        auto mask = [&](const char* key) -> std::optional<uint64_t> {
            const json::Value* v = request.get(key);
            return v ? std::optional<uint64_t>(uint64_t(v->as_integer(key))) : std::nullopt;
        };
        std::optional<uint32_t> vcpu;
        if (const json::Value* v = request.get("vcpu")) vcpu = uint32_t(v->as_integer("vcpu"));
        manager_.vcpu_pin(domain(), vcpu, mask("hard"), mask("soft"));
    } else if (op == "vcpu-set") {
        manager_.vcpu_set(domain(), uint32_t(unsigned_arg(request, "count")));
    } else if (op == "mem-set") {
        manager_.set_memory(domain(), unsigned_arg(request, "memkb"));
    } else if (op == "mem-max") {
        manager_.set_max_memory(domain(), unsigned_arg(request, "memkb"));
    } else if (op == "console") {
        uint32_t domid = domain();
        const json::Value* type = request.get("type");
        reply.set("domid", json::Value::integer(domid));
        reply.set("tty", json::Value::string(manager_.console_tty(domid, type ? type->as_string("type") : "pv")));
    } else if (op == "device-attach") {
        const json::Value* device = request.get("device");
        if (!device) throw ApiError("missing \"device\"", kErrorInval);
        reply.set("device", manager_.attach_device(domain(), device_kind(request), *device));
    } else if (op == "device-detach") {
        manager_.detach_device(domain(), device_kind(request), string_arg(request, "device"), bool_arg(request, "force"));
    } else if (op == "device-list") {
        reply.set("devices", manager_.list_devices(domain(), device_kind(request)));
    } else if (op == "events") {
        reply.set("events", manager_.events(string_arg(request, "domain")));
    } else {
        throw ApiError("unknown operation \"" + op + "\"", kErrorInval);
    }
    return reply;
}

} // namespace xld
