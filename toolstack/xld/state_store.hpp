#pragma once
// The daemon's persistent state in sqlite3: each domain it owns (its
// configuration as given and as built, UUID, domid, lifecycle phase) and a
// journal of lifecycle events. Every change is one transaction, so a daemon
// killed at any point finds on restart either the old or the new row.
#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace xld {

class StateError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Where a domain is in its life, as the daemon last recorded it.
enum class Phase {
    Creating,   // row written, domain maybe created (found by its UUID handle)
    Running,    // built and unpaused (or paused by request)
    Destroying, // teardown begun
    Preserved,  // shut down and kept (on_* = preserve)
    Restarting, // the old domain is being replaced by a new one, same name and UUID
};
const char* phase_name(Phase p);

struct DomainRecord {
    std::string uuid;
    std::string name;
    std::optional<uint32_t> domid;
    Phase phase = Phase::Creating;
    std::string config;      // libxl's JSON, as built (what xl list -l shows)
    std::string source;      // the xl.cfg text as given, if any
    std::string source_file; // its path
    double created = 0;      // seconds since the epoch
};

class StateStore {
public:
    // Creates the file and its tables when absent.
    explicit StateStore(const std::string& path);
    ~StateStore();
    StateStore(const StateStore&) = delete;
    StateStore& operator=(const StateStore&) = delete;

    void insert(const DomainRecord& record); // throws StateError when the name or UUID is taken
    void set_phase(const std::string& uuid, Phase phase);
    void set_domid(const std::string& uuid, std::optional<uint32_t> domid);
    void set_name(const std::string& uuid, const std::string& name);
    void set_config(const std::string& uuid, const std::string& config);
    void remove(const std::string& uuid); // its journal stays (capped)
    // Runs `body` as one transaction: all of its changes, or none.
    void atomically(const std::function<void()>& body);

    std::vector<DomainRecord> all();
    std::optional<DomainRecord> by_uuid(const std::string& uuid);
    std::optional<DomainRecord> by_name(const std::string& name);
    std::optional<DomainRecord> by_domid(uint32_t domid);

    void log_event(const std::string& uuid, std::optional<uint32_t> domid, const std::string& event);
    std::vector<std::string> events(const std::string& uuid); // oldest first

private:
    class Statement;
    void exec(const char* sql);
    std::vector<DomainRecord> select(const char* where, const std::string& arg);

    sqlite3* db_ = nullptr;
};

} // namespace xld
