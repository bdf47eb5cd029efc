#include "xld/state_store.hpp"

#include <chrono>
#include <iterator>

namespace xld {

// One prepared statement, finalized when it goes out of scope.
class StateStore::Statement {
public:
    Statement(sqlite3* db, const char* sql) : db_(db)
    {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
            throw StateError(std::string("state: ") + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement& bind(int index, const std::string& text)
    {
        sqlite3_bind_text(stmt_, index, text.c_str(), int(text.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int index, std::optional<int64_t> value)
    {
        if (value)
            sqlite3_bind_int64(stmt_, index, *value);
        else
            sqlite3_bind_null(stmt_, index);
        return *this;
    }
    Statement& bind_double(int index, double value)
    {
        sqlite3_bind_double(stmt_, index, value);
        return *this;
    }
    // True while there is a row.
    bool step()
    {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw StateError(std::string("state: ") + sqlite3_errmsg(db_));
    }
    std::string text(int column)
    {
        const unsigned char* t = sqlite3_column_text(stmt_, column);
        return t ? reinterpret_cast<const char*>(t) : "";
    }
    std::optional<int64_t> integer(int column)
    {
        if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
        return sqlite3_column_int64(stmt_, column);
    }
    double real(int column) { return sqlite3_column_double(stmt_, column); }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

namespace {

const char* const kPhases[] = {"creating", "running", "destroying", "preserved", "restarting"};

Phase phase_from(const std::string& name)
{
    for (unsigned i = 0; i < std::size(kPhases); ++i)
        if (name == kPhases[i]) return Phase(i);
    return Phase::Creating; // an unknown phase is resolved as an interrupted create
}

} // namespace

const char* phase_name(Phase p) { return kPhases[unsigned(p)]; }

StateStore::StateStore(const std::string& path)
{
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw StateError("state: cannot open " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, 2000);
    // One daemon per state (xld locks it): sqlite keeps its lock and page
    // cache from one statement to the next instead of checking the file
    // each time (xl list reads the table on every call), and WAL's index
    // lives in memory. Set before WAL is first entered.
    exec("PRAGMA locking_mode=EXCLUSIVE");
    // WAL: a process killed mid-write leaves the last committed state.
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    exec("CREATE TABLE IF NOT EXISTS domains ("
         " uuid TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, domid INTEGER, phase TEXT NOT NULL,"
         " config TEXT NOT NULL, source TEXT NOT NULL DEFAULT '', source_file TEXT NOT NULL DEFAULT '',"
         " created REAL NOT NULL)");
    exec("CREATE TABLE IF NOT EXISTS events ("
         " id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, uuid TEXT NOT NULL, domid INTEGER,"
         " event TEXT NOT NULL)");
}

StateStore::~StateStore() { sqlite3_close(db_); }

void StateStore::exec(const char* sql)
{
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : "error";
        sqlite3_free(error);
        throw StateError("state: " + message);
    }
}

void StateStore::insert(const DomainRecord& r)
{
    Statement s(db_, "INSERT INTO domains (uuid, name, domid, phase, config, source, source_file, created)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    s.bind(1, r.uuid).bind(2, r.name).bind(3, r.domid ? std::optional<int64_t>(*r.domid) : std::nullopt);
    s.bind(4, std::string(phase_name(r.phase))).bind(5, r.config).bind(6, r.source).bind(7, r.source_file);
    s.bind_double(8, r.created);
    s.step();
}

void StateStore::set_phase(const std::string& uuid, Phase phase)
{
    Statement(db_, "UPDATE domains SET phase = ?1 WHERE uuid = ?2").bind(1, std::string(phase_name(phase))).bind(2, uuid).step();
}

void StateStore::set_domid(const std::string& uuid, std::optional<uint32_t> domid)
{
    Statement(db_, "UPDATE domains SET domid = ?1 WHERE uuid = ?2")
        .bind(1, domid ? std::optional<int64_t>(*domid) : std::nullopt)
        .bind(2, uuid)
        .step();
}

void StateStore::set_name(const std::string& uuid, const std::string& name)
{
    Statement(db_, "UPDATE domains SET name = ?1 WHERE uuid = ?2").bind(1, name).bind(2, uuid).step();
}

void StateStore::set_config(const std::string& uuid, const std::string& config)
{
    Statement(db_, "UPDATE domains SET config = ?1 WHERE uuid = ?2").bind(1, config).bind(2, uuid).step();
}

void StateStore::remove(const std::string& uuid)
{
    Statement(db_, "DELETE FROM domains WHERE uuid = ?1").bind(1, uuid).step();
}

void StateStore::atomically(const std::function<void()>& body)
{
    if (!sqlite3_get_autocommit(db_)) { // already inside one
        body();
        return;
    }
    exec("BEGIN IMMEDIATE");
    try {
        body();
    } catch (...) {
        exec("ROLLBACK");
        throw;
    }
    exec("COMMIT");
}

std::vector<DomainRecord> StateStore::select(const char* where, const std::string& arg)
{
    std::string sql = "SELECT uuid, name, domid, phase, config, source, source_file, created FROM domains";
    if (where) sql.append(" WHERE ").append(where);
    sql.append(" ORDER BY created");
    Statement s(db_, sql.c_str());
    if (where) s.bind(1, arg);
    std::vector<DomainRecord> out;
    while (s.step()) {
        DomainRecord r;
        r.uuid = s.text(0);
        r.name = s.text(1);
        if (auto d = s.integer(2)) r.domid = uint32_t(*d);
        r.phase = phase_from(s.text(3));
        r.config = s.text(4);
        r.source = s.text(5);
        r.source_file = s.text(6);
        r.created = s.real(7);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<DomainRecord> StateStore::all() { return select(nullptr, ""); }

std::optional<DomainRecord> StateStore::by_uuid(const std::string& uuid)
{
    auto rows = select("uuid = ?1", uuid);
    return rows.empty() ? std::nullopt : std::optional(rows.front());
}

std::optional<DomainRecord> StateStore::by_name(const std::string& name)
{
    auto rows = select("name = ?1", name);
    return rows.empty() ? std::nullopt : std::optional(rows.front());
}

std::optional<DomainRecord> StateStore::by_domid(uint32_t domid)
{
    auto rows = select("domid = ?1", std::to_string(domid));
    return rows.empty() ? std::nullopt : std::optional(rows.front());
}

void StateStore::log_event(const std::string& uuid, std::optional<uint32_t> domid, const std::string& event)
{
    double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    Statement s(db_, "INSERT INTO events (at, uuid, domid, event) VALUES (?1, ?2, ?3, ?4)");
    s.bind_double(1, now).bind(2, uuid).bind(3, domid ? std::optional<int64_t>(*domid) : std::nullopt).bind(4, event);
    s.step();
    // A guest that reboots in a loop must not grow dom0's disk: the last
    // 256 events of each domain are kept, and the last 16384 of all (the
    // journal outlives its domains).
    Statement(db_, "DELETE FROM events WHERE uuid = ?1 AND id <= (SELECT id FROM events WHERE uuid = ?1"
                   " ORDER BY id DESC LIMIT 1 OFFSET 256)")
        .bind(1, uuid)
        .step();
    Statement(db_, "DELETE FROM events WHERE id <= (SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET 16384)").step();
}

std::vector<std::string> StateStore::events(const std::string& uuid)
{
    Statement s(db_, "SELECT event FROM events WHERE uuid = ?1 ORDER BY id");
    s.bind(1, uuid);
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
}

} // namespace xld
