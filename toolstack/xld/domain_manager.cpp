#include "xld/domain_manager.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <random>

#include "domain/domain_builder.hpp"
#include "domain/domain_devices.hpp"
#include "domain/xenstore_layout.hpp"
#include "error.hpp"

namespace xld {
namespace {

double now_seconds()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool all_digits(const std::string& s)
{
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

// The shutdown reasons of getdomaininfo (SHUTDOWN_*).
enum Reason : unsigned { Poweroff = 0, Reboot = 1, Suspend = 2, Crash = 3, Watchdog = 4, SoftReset = 5 };

const char* reason_name(unsigned reason)
{
    static const char* const kNames[] = {"poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset"};
    return reason < 6 ? kNames[reason] : "unknown";
}

std::string what_of(const std::exception& e) { return e.what(); }

} // namespace

DomainManager::DomainManager(xc::Xc& xc, xs::Client& xs, StateStore& state, Log log)
    : xc_(xc), xs_(xs), state_(state), log_(std::move(log))
{
    if (const char* at = std::getenv("XLD_CRASH_AT")) crash_at_ = at;
}

void DomainManager::crash_point(const char* step)
{
    if (!crash_at_.empty() && crash_at_ == step) {
        log_(std::string("crash point ") + step + ": killing myself");
        ::kill(::getpid(), SIGKILL);
    }
}

std::optional<std::string> DomainManager::name_of(uint32_t domid)
{
    if (domid == 0) return std::string("Domain-0");
    return toolstack::domain_name(xs_, domid);
}

std::optional<xen::xen_domctl_getdomaininfo> DomainManager::info_of(uint32_t domid)
{
    try {
        return xc_.domain_info(domid);
    } catch (const xc::HypercallError& e) {
        if (e.error_number() == ESRCH) return std::nullopt;
        throw;
    }
}

bool DomainManager::exists(uint32_t domid) { return info_of(domid).has_value(); }

std::vector<std::optional<std::string>> DomainManager::names_of(const std::vector<xen::xen_domctl_getdomaininfo>& infos)
{
    std::vector<std::string> paths;
    for (const auto& info : infos)
        if (info.domain != 0) paths.push_back(toolstack::domain_path(info.domain) + "/name");
    std::vector<std::optional<std::string>> read = xs_.read_many(0, paths), names;
    size_t next = 0;
    for (const auto& info : infos) names.push_back(info.domain == 0 ? std::optional<std::string>("Domain-0") : read[next++]);
    return names;
}

std::optional<uint32_t> DomainManager::domid_named(const std::string& name)
{
    const auto infos = xc_.domain_info_list(0, 1024);
    const auto names = names_of(infos);
    for (size_t i = 0; i < infos.size(); ++i)
        if (names[i] == name) return infos[i].domain;
    return std::nullopt;
}

std::optional<DomainRecord> DomainManager::record_for(uint32_t domid)
{
    // A stale row's domid may have been reused by a domain not ours.
    std::optional<DomainRecord> record = state_.by_domid(domid);
    if (record) {
        auto info = info_of(domid);
        if (info && toolstack::uuid_text(info->handle) != record->uuid) record.reset();
    }
    return record;
}

std::string DomainManager::uuid_of(uint32_t domid) { return toolstack::uuid_text(xc_.domain_info(domid).handle); }

std::string DomainManager::name(uint32_t domid) { return name_of(domid).value_or(""); }

bool DomainManager::ended(uint32_t domid, const std::string& uuid)
{
    auto info = info_of(domid);
    return !info || toolstack::uuid_text(info->handle) != uuid || (info->flags & (xen::DOMINF_shutdown | xen::DOMINF_dying));
}

json::Value DomainManager::events(const std::string& domain)
{
    std::optional<DomainRecord> record = state_.by_name(domain);
    if (!record) record = state_.by_uuid(domain);
    if (!record) throw ApiError("no domain \"" + domain + "\" in the daemon's state", kErrorNotFound);
    json::Value out = json::Value::array();
    for (const std::string& e : state_.events(record->uuid)) out.push(json::Value::string(e));
    return out;
}

uint32_t DomainManager::resolve(const std::string& domain)
{
    if (all_digits(domain)) {
        unsigned long id = std::strtoul(domain.c_str(), nullptr, 10);
        if (id < 0x7FF0 && exists(uint32_t(id))) return uint32_t(id);
        throw ApiError("Domain '" + domain + "' does not exist.", kErrorDomainNotFound);
    }
    if (auto domid = domid_named(domain)) return *domid;
    throw ApiError(domain + " is an invalid domain identifier (rc=-6)", kErrorInval);
}

uint32_t DomainManager::build(const DomainRecord& record, bool paused)
{
    toolstack::DomainSpec spec = toolstack::domain_spec_from(json::parse(record.config));
    toolstack::BuildOptions options;
    options.paused = paused;
    // Each step's time since the start, for the log: where a create spends it.
    const auto start = std::chrono::steady_clock::now();
    std::string timeline;
    auto elapsed_ms = [&] {
        return std::to_string(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
    };
    options.on_step = [&](const char* step) {
        timeline += std::string(timeline.empty() ? "" : ", ") + step + " " + elapsed_ms() + " ms";
        crash_point(step);
    };
    toolstack::BuiltDomain built = toolstack::create_domain(xc_, xs_, spec, options);
    log_("built " + spec.name + " as domain " + std::to_string(built.domid) + ": " + timeline + ", unpaused " +
         elapsed_ms() + " ms");
    return built.domid;
}

uint32_t DomainManager::create(const CreateRequest& request)
{
    const auto start = std::chrono::steady_clock::now();
    toolstack::DomainSpec spec;
    // A vif without a MAC gets one now, kept in the stored configuration so
    // that a reboot and `xl list -l` show the same (libxl does the same).
    json::Value config = request.config;
    try {
        toolstack::assign_macs(config, toolstack::random_mac_bytes);
        spec = toolstack::domain_spec_from(config);
    } catch (const std::exception& e) {
        throw ApiError("invalid domain configuration: " + what_of(e), kErrorInval);
    }
    // Names are unique among all domains, ours or not (libxl scans xenstore).
    if (state_.by_name(spec.name) || taken_name(spec.name))
        throw ApiError("Domain with name \"" + spec.name + "\" already exists.", kErrorInval);
    for (const auto& info : xc_.domain_info_list(0, 1024)) {
        if (toolstack::uuid_text(info.handle) == spec.uuid)
            throw ApiError("a domain with UUID " + spec.uuid + " already exists (domain " + std::to_string(info.domain) + ")",
                           kErrorInval);
    }
    if (state_.by_uuid(spec.uuid)) throw ApiError("a domain with UUID " + spec.uuid + " already exists", kErrorInval);

    DomainRecord record;
    record.uuid = spec.uuid;
    record.name = spec.name;
    record.phase = Phase::Creating;
    record.config = json::write(config, true);
    record.source = request.source;
    record.source_file = request.source_file;
    record.created = now_seconds();
    state_.insert(record);
    state_.log_event(record.uuid, std::nullopt, "create");
    crash_point("create-recorded");

    uint32_t domid;
    try {
        domid = build(record, request.paused);
    } catch (const std::exception& e) {
        state_.log_event(record.uuid, std::nullopt, "create failed: " + what_of(e));
        state_.remove(record.uuid);
        log_("create " + spec.name + " failed: " + what_of(e));
        throw ApiError(what_of(e), kErrorFail);
    }
    state_.atomically([&] {
        state_.set_domid(record.uuid, domid);
        state_.set_phase(record.uuid, Phase::Running);
        state_.log_event(record.uuid, domid, request.paused ? "created paused" : "created");
    });
    log_("created " + spec.name + " as domain " + std::to_string(domid) + " in " +
         std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count()) +
         " ms");
    crash_point("create-done");
    return domid;
}

void DomainManager::destroy(uint32_t domid)
{
    if (domid == 0) throw ApiError("Not destroying domain 0", kErrorInval);
    std::optional<DomainRecord> record = record_for(domid);
    if (record) {
        state_.atomically([&] {
            state_.set_phase(record->uuid, Phase::Destroying);
            state_.log_event(record->uuid, domid, "destroy");
        });
        crash_point("destroy-recorded");
        finish_destroy(*record);
        return;
    }
    // Not ours (created by another toolstack): torn down all the same.
    toolstack::destroy_domain(xc_, xs_, domid);
    log_("destroyed domain " + std::to_string(domid) + " (not created by this daemon)");
}

void DomainManager::finish_destroy(const DomainRecord& record)
{
    // The domain is found by its UUID: a domid alone may have been reused.
    if (auto info = toolstack::find_by_uuid(xc_, record.uuid))
        toolstack::destroy_domain(xc_, xs_, info->domain, [this](const char* step) { crash_point(step); });
    else if (record.domid && !exists(*record.domid))
        remove_leftovers(*record.domid);
    crash_point("destroy-done");
    state_.log_event(record.uuid, record.domid, "destroyed");
    state_.remove(record.uuid);
    log_("destroyed " + record.name);
}

void DomainManager::remove_leftovers(uint32_t domid)
{
    // A domain gone without our teardown (a crash of this daemon half-way):
    // its loop devices and vifs are undone from what xenstore still says.
    if (std::string error = toolstack::release_devices(xs_, domid, 0); !error.empty())
        log_("domain " + std::to_string(domid) + ": devices: " + error);
    toolstack::remove_domain_nodes(xs_, domid);
}

void DomainManager::forget(const DomainRecord& record, const char* event)
{
    if (record.domid && !exists(*record.domid)) remove_leftovers(*record.domid);
    state_.log_event(record.uuid, record.domid, event);
    state_.remove(record.uuid);
    log_(record.name + ": " + event);
}

void DomainManager::shutdown(uint32_t domid, bool reboot)
{
    if (!exists(domid)) throw ApiError("Domain " + std::to_string(domid) + " does not exist.", kErrorDomainNotFound);
    try {
        toolstack::request_shutdown(xs_, domid, reboot ? "reboot" : "poweroff");
    } catch (const std::exception& e) {
        throw ApiError(what_of(e), kErrorFail);
    }
    if (auto record = record_for(domid)) state_.log_event(record->uuid, domid, reboot ? "reboot requested" : "shutdown requested");
}

void DomainManager::pause(uint32_t domid)
{
    try {
        xc_.pause_domain(domid);
    } catch (const xc::HypercallError& e) {
        throw ApiError(what_of(e), kErrorFail);
    }
}

void DomainManager::unpause(uint32_t domid)
{
    try {
        xc_.unpause_domain(domid);
    } catch (const xc::HypercallError& e) {
        throw ApiError(what_of(e), kErrorFail);
    }
}

void DomainManager::rename(uint32_t domid, const std::string& name)
{
    if (!toolstack::valid_domain_name(name)) throw ApiError("invalid domain name \"" + name + "\"", kErrorInval);
    if (name_of(domid) != name && taken_name(name))
        throw ApiError("Domain with name \"" + name + "\" already exists.", kErrorInval);
    std::optional<DomainRecord> record = record_for(domid);
    if (record && state_.by_name(name)) throw ApiError("Domain with name \"" + name + "\" already exists.", kErrorInval);
    toolstack::write_domain_name(xs_, domid, name);
    if (record) {
        json::Value config = json::parse(record->config);
        if (json::Value* c_info = config.get("c_info")) c_info->set("name", json::Value::string(name));
        state_.set_config(record->uuid, json::write(config, true));
        state_.set_name(record->uuid, name);
        state_.log_event(record->uuid, domid, "renamed to " + name);
    }
}

std::string DomainManager::console_tty(uint32_t domid, const std::string& type)
{
    std::string path = toolstack::domain_path(domid) + (type == "vuart" ? "/vuart/0/tty" : "/console/tty");
    std::optional<std::string> tty = xs_.read(0, path);
    if (!tty || tty->empty()) throw ApiError("no console for domain " + std::to_string(domid) + " (" + path + ")", kErrorFail);
    return *tty;
}

json::Value DomainManager::list(bool with_config, bool with_start_time)
{
    // One hypercall, one xenstore round trip and one query, whatever the
    // number of domains: xl list is the command run most.
    json::Value out = json::Value::array();
    const auto infos = xc_.domain_info_list(0, 1024);
    const auto names = names_of(infos);
    std::vector<DomainRecord> records = state_.all();
    for (size_t i = 0; i < infos.size(); ++i) {
        const auto& info = infos[i];
        json::Value d = json::Value::object();
        d.set("domid", json::Value::integer(info.domain));
        const std::string uuid = toolstack::uuid_text(info.handle);
        d.set("name", json::Value::string(names[i].value_or("")));
        d.set("uuid", json::Value::string(uuid));
        d.set("flags", json::Value::integer(info.flags));
        d.set("tot_pages", json::Value::integer(int64_t(info.tot_pages)));
        d.set("max_pages", json::Value::integer(int64_t(info.max_pages)));
        d.set("outstanding_pages", json::Value::integer(int64_t(info.outstanding_pages)));
        d.set("cpu_time_ns", json::Value::integer(int64_t(info.cpu_time)));
        d.set("online_vcpus", json::Value::integer(info.nr_online_vcpus));
        d.set("max_vcpu_id", json::Value::integer(info.max_vcpu_id));
        d.set("ssidref", json::Value::integer(info.ssidref));
        d.set("cpupool", json::Value::integer(info.cpupool));
        // Ours, and still that domain (a stale row's domid may be reused).
        auto it = std::find_if(records.begin(), records.end(),
                               [&](const DomainRecord& r) { return r.domid == info.domain && r.uuid == uuid; });
        const DomainRecord* record = it == records.end() ? nullptr : &*it;
        if (record) d.set("phase", json::Value::string(phase_name(record->phase)));
        if (with_start_time && info.domain != 0) {
            if (auto vm = xs_.read(0, toolstack::domain_path(info.domain) + "/vm"))
                if (auto start = xs_.read(0, *vm + "/start_time")) d.set("start_time", json::Value::string(*start));
        }
        if (with_config && record) d.set("config", json::parse(record->config));
        out.push(std::move(d));
    }
    return out;
}

void DomainManager::recover()
{
    // First a rename-restart cut short after its records: the kept domain
    // still carries the original UUID and name; it gets its own before the
    // restart below looks for the original.
    for (const DomainRecord& kept : state_.all()) {
        if (kept.phase != Phase::Preserved || !kept.domid || toolstack::find_by_uuid(xc_, kept.uuid)) continue;
        try {
            std::string handle = uuid_of(*kept.domid);
            std::optional<DomainRecord> original = state_.by_uuid(handle);
            if (!original || original->phase != Phase::Restarting) continue;
            uint8_t bytes[16];
            toolstack::parse_uuid(kept.uuid, bytes);
            xc_.set_domain_handle(*kept.domid, bytes);
            toolstack::write_domain_name(xs_, *kept.domid, kept.name);
            log_("recovering " + kept.name + ": finishing its rename");
        } catch (const std::exception& e) {
            log_("recovering " + kept.name + ": " + what_of(e));
        }
    }
    for (const DomainRecord& record : state_.all()) {
        try {
            switch (record.phase) {
            case Phase::Creating:
                // The create was cut short: its client got no answer. Undo it.
                log_("recovering " + record.name + ": undoing an interrupted create");
                state_.set_phase(record.uuid, Phase::Destroying);
                finish_destroy(record);
                break;
            case Phase::Destroying: log_("recovering " + record.name + ": finishing its destroy"); finish_destroy(record); break;
            case Phase::Restarting: restart(record); break;
            case Phase::Running:
            case Phase::Preserved: {
                auto info = toolstack::find_by_uuid(xc_, record.uuid);
                if (!info) {
                    forget(record, "gone while the daemon was not running");
                } else if (record.domid != info->domain) {
                    state_.set_domid(record.uuid, info->domain);
                }
                break;
            }
            }
        } catch (const std::exception& e) {
            log_("recovering " + record.name + ": " + what_of(e));
        }
    }
    reconcile();
}

void DomainManager::reconcile()
{
    std::vector<DomainRecord> records;
    try {
        records = state_.all();
    } catch (const std::exception& e) {
        log_(std::string("reconcile: ") + e.what());
        return;
    }
    for (const DomainRecord& record : records) {
        if (record.phase != Phase::Running && record.phase != Phase::Preserved) continue;
        if (!record.domid) continue;
        try {
            std::optional<xen::xen_domctl_getdomaininfo> info = info_of(*record.domid);
            if (!info || toolstack::uuid_text(info->handle) != record.uuid) {
                forget(record, "gone");
                continue;
            }
            if (info->flags & xen::DOMINF_dying) continue; // its end comes with the next @releaseDomain
            if ((info->flags & xen::DOMINF_shutdown) && record.phase == Phase::Running)
                on_shutdown(record, (info->flags >> xen::DOMINF_shutdownshift) & xen::DOMINF_shutdownmask);
        } catch (const std::exception& e) {
            log_(record.name + ": " + what_of(e));
        }
    }
}

void DomainManager::on_shutdown(const DomainRecord& record, unsigned reason)
{
    toolstack::DomainSpec spec = toolstack::domain_spec_from(json::parse(record.config));
    toolstack::ShutdownAction action;
    switch (reason) {
    case Poweroff: action = spec.on_poweroff; break;
    case Reboot: action = spec.on_reboot; break;
    case Crash: action = spec.on_crash; break;
    case Watchdog: action = spec.on_watchdog; break;
    case Suspend: return; // a save in progress: not ours to act on
    default: action = toolstack::ShutdownAction::Destroy; break;
    }
    state_.log_event(record.uuid, record.domid,
                     std::string("shutdown (") + reason_name(reason) + "): " + toolstack::action_name(action));
    log_(record.name + " shut down (" + reason_name(reason) + "): " + toolstack::action_name(action));
    using A = toolstack::ShutdownAction;
    switch (action) {
    case A::CoredumpDestroy: log_(record.name + ": no core dumps on this host; destroying"); [[fallthrough]];
    case A::Destroy: destroy(*record.domid); break;
    case A::CoredumpRestart: log_(record.name + ": no core dumps on this host; restarting"); [[fallthrough]];
    case A::SoftReset:
    case A::Restart:
        state_.set_phase(record.uuid, Phase::Restarting);
        restart(record);
        break;
    case A::RestartRename: preserve(record, true); break;
    case A::Preserve: preserve(record, false); break;
    }
}

void DomainManager::restart(const DomainRecord& record)
{
    // The old domain goes first: the new one takes its name and UUID.
    if (auto info = toolstack::find_by_uuid(xc_, record.uuid))
        toolstack::destroy_domain(xc_, xs_, info->domain);
    state_.set_domid(record.uuid, std::nullopt);
    crash_point("restart-destroyed");
    try {
        uint32_t domid = build(record, false);
        state_.set_domid(record.uuid, domid);
        state_.set_phase(record.uuid, Phase::Running);
        state_.log_event(record.uuid, domid, "restarted");
        log_("restarted " + record.name + " as domain " + std::to_string(domid));
    } catch (const std::exception& e) {
        state_.log_event(record.uuid, std::nullopt, "restart failed: " + what_of(e));
        state_.remove(record.uuid);
        log_("restarting " + record.name + " failed: " + what_of(e));
    }
}

void DomainManager::preserve(const DomainRecord& record, bool then_restart)
{
    if (!then_restart) {
        state_.set_phase(record.uuid, Phase::Preserved);
        return;
    }
    // xl's rename-restart: the old domain is kept under a new name (xl's
    // UTC suffix) and UUID; a new one starts with the original ones.
    char suffix[32];
    std::time_t now = std::time(nullptr);
    std::strftime(suffix, sizeof(suffix), "-%Y%m%dT%H%MZ", std::gmtime(&now));
    std::string kept_name = record.name + suffix;
    for (int n = 2; state_.by_name(kept_name) || taken_name(kept_name); ++n)
        kept_name = record.name + suffix + "-" + std::to_string(n);
    uint8_t handle[16];
    std::random_device random;
    for (auto& b : handle) b = uint8_t(random());
    handle[6] = uint8_t((handle[6] & 0x0f) | 0x40);
    handle[8] = uint8_t((handle[8] & 0x3f) | 0x80);
    DomainRecord kept = record;
    kept.uuid = toolstack::uuid_text(handle);
    kept.name = kept_name;
    kept.phase = Phase::Preserved;
    json::Value config = json::parse(record.config);
    if (json::Value* c_info = config.get("c_info")) {
        c_info->set("name", json::Value::string(kept.name));
        c_info->set("uuid", json::Value::string(kept.uuid));
    }
    kept.config = json::write(config, true);
    // Recorded first, in one transaction: a restart after a kill finds the
    // original row restarting and the kept one preserved (if the handle was
    // not switched yet, the kept row's domain is not found and is dropped,
    // and the restart replaces the old domain).
    state_.atomically([&] {
        state_.insert(kept);
        state_.set_phase(record.uuid, Phase::Restarting);
        state_.set_domid(record.uuid, std::nullopt);
        state_.log_event(kept.uuid, kept.domid, "preserved as " + kept.name);
    });
    crash_point("rename-recorded");
    xc_.set_domain_handle(*record.domid, handle);
    toolstack::write_domain_name(xs_, *record.domid, kept.name);
    restart(state_.by_uuid(record.uuid).value());
}

bool DomainManager::taken_name(const std::string& name) { return domid_named(name).has_value(); }

} // namespace xld
