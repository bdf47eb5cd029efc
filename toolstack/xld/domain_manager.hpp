#pragma once
// The daemon's core: it owns the lifecycle of the domains it created. It
// creates them through libxc and the domain layer, records each step in the
// state store before and after it happens, reconciles its records with the
// hypervisor (at start-up and on every @releaseDomain), and carries out
// on_poweroff / on_reboot / on_crash / on_watchdog. Single-threaded: the
// event loop calls it.
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "device/device_nodes.hpp"
#include "domain/domain_spec.hpp"
#include "json/json.hpp"
#include "xc.hpp"
#include "xenstore/client.hpp"
#include "xld/state_store.hpp"

namespace xld {

// A request that cannot be carried out: the message for the user and
// libxl's error code (xl prints "(rc=N)" and exits with it where xl does).
class ApiError : public std::runtime_error {
public:
    ApiError(std::string message, int rc) : std::runtime_error(std::move(message)), rc_(rc) {}
    int rc() const { return rc_; }

private:
    int rc_;
};

// libxl's error codes.
inline constexpr int kErrorFail = -3, kErrorInval = -6, kErrorTimedOut = -9, kErrorDeviceExists = -17,
                     kErrorNotFound = -21, kErrorDomainNotFound = -21, kErrorDeviceNotFound = -23;

using Log = std::function<void(const std::string&)>;

struct CreateRequest {
    json::Value config;       // libxl's JSON
    std::string source;       // the xl.cfg text
    std::string source_file;  // its path
    bool paused = false;
};

class DomainManager {
public:
    DomainManager(xc::Xc& xc, xs::Client& xs, StateStore& state, Log log);

    // Start-up: finishes or undoes whatever a killed daemon left half done.
    void recover();
    // @releaseDomain fired: a domain shut down or died.
    void reconcile();

    uint32_t create(const CreateRequest& request);
    void destroy(uint32_t domid);
    void shutdown(uint32_t domid, bool reboot);
    void pause(uint32_t domid);
    void unpause(uint32_t domid);
    void rename(uint32_t domid, const std::string& name);

    // A domain argument as xl takes it: all digits is a domid, else a name.
    uint32_t resolve(const std::string& domain);
    bool exists(uint32_t domid);
    std::string uuid_of(uint32_t domid);
    std::string name(uint32_t domid);
    // True once domain `domid` with this UUID has shut down or is gone.
    bool ended(uint32_t domid, const std::string& uuid);
    // The lifecycle journal of one of our domains (by name or UUID).
    json::Value events(const std::string& domain);
    // Every domain: getdomaininfo with names; `with_config` adds the JSON,
    // `with_start_time` /vm/UUID/start_time (xl uptime).
    json::Value list(bool with_config, bool with_start_time = false);
    // The host and the hypervisor, for xl info; its console, for xl dmesg.
    json::Value host_info();
    std::string dmesg(bool clear);
    // Keys for the hypervisor's debug handler (xl debug-keys).
    void debug_keys(const std::string& keys);
    // vCPUs: each one's state and affinity (every domain's, or one's); the
    // affinity of one (or every, nullopt) vCPU; how many are online.
    json::Value vcpu_list(std::optional<uint32_t> domid);
    void vcpu_pin(uint32_t domid, std::optional<uint32_t> vcpu, std::optional<uint64_t> hard, std::optional<uint64_t> soft);
    void vcpu_set(uint32_t domid, uint32_t count);
    // Memory: the balloon target (within static-max) and the hard maximum.
    void set_memory(uint32_t domid, uint64_t target_kib);
    void set_max_memory(uint32_t domid, uint64_t max_kib);
    // The pty of a domain's console (console/tty, vuart/0/tty).
    std::string console_tty(uint32_t domid, const std::string& type);

    // PV devices of a running domain (xl block-/network-attach, -detach,
    // -list). `device` is libxl's JSON of one disk or nic (a nic without
    // devid or MAC gets them); the device as attached is returned. `which`
    // is a vdev or devid, for a nic also a MAC. Our domains' stored
    // configuration follows, so that `xl list -l` and a reboot agree.
    json::Value attach_device(uint32_t domid, toolstack::DeviceKind kind, json::Value device);
    void detach_device(uint32_t domid, toolstack::DeviceKind kind, const std::string& which, bool force);
    json::Value list_devices(uint32_t domid, toolstack::DeviceKind kind);

    // Test hooks: the daemon kills itself (SIGKILL) when it reaches this step
    // of a create or destroy ("XLD_CRASH_AT" in the environment).
    void crash_point(const char* step);

private:
    std::optional<std::string> name_of(uint32_t domid);
    // Each domain's name (nullopt: none in the store), in one round trip.
    std::vector<std::optional<std::string>> names_of(const std::vector<xen::xen_domctl_getdomaininfo>& infos);
    // getdomaininfo; nullopt when there is no such domain (ESRCH).
    std::optional<xen::xen_domctl_getdomaininfo> info_of(uint32_t domid);
    // The domain with this name in the store, ours or not.
    std::optional<uint32_t> domid_named(const std::string& name);
    std::optional<DomainRecord> record_for(uint32_t domid); // ours, and still that domain
    bool taken_name(const std::string& name);
    void remove_leftovers(uint32_t domid);
    void forget(const DomainRecord& record, const char* event);
    void finish_destroy(const DomainRecord& record);
    void on_shutdown(const DomainRecord& record, unsigned reason);
    void restart(const DomainRecord& record);
    void preserve(const DomainRecord& record, bool renamed);
    uint32_t build(const DomainRecord& record, bool paused);
    // A domain that can take a device now: exists, not dom0, not dying.
    void check_running(uint32_t domid);
    // Our record's `disks`/`nics` rewritten by `edit` (no record: nothing).
    void edit_devices(uint32_t domid, const char* list, const std::function<void(json::Value& list)>& edit);

    xc::Xc& xc_;
    xs::Client& xs_;
    StateStore& state_;
    Log log_;
    std::string crash_at_;
};

} // namespace xld
