// The daemon's sqlite3 state: rows survive reopening, names and UUIDs are
// unique, the event journal keeps its order.
#include <gtest/gtest.h>

#include <filesystem>

#include "xld/state_store.hpp"

namespace xld {
namespace {

struct TempFile {
    std::string path = std::filesystem::temp_directory_path() / ("xld-state-" + std::to_string(::getpid()) + ".db");
    ~TempFile()
    {
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    }
};

DomainRecord record(const std::string& uuid, const std::string& name)
{
    DomainRecord r;
    r.uuid = uuid;
    r.name = name;
    r.config = "{}";
    r.created = 1.5;
    return r;
}

TEST(StateStore, RowsSurviveReopening)
{
    TempFile file;
    {
        StateStore state(file.path);
        state.insert(record("u1", "one"));
        state.set_domid("u1", 7);
        state.set_phase("u1", Phase::Running);
        state.log_event("u1", 7, "created");
        state.log_event("u1", 7, "destroy");
    }
    StateStore state(file.path);
    auto r = state.by_domid(7);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->name, "one");
    EXPECT_EQ(r->phase, Phase::Running);
    EXPECT_EQ(state.events("u1"), (std::vector<std::string>{"created", "destroy"}));
    state.remove("u1");
    EXPECT_TRUE(state.all().empty());
}

TEST(StateStore, NamesAndUuidsAreUnique)
{
    TempFile file;
    StateStore state(file.path);
    state.insert(record("u1", "one"));
    EXPECT_THROW(state.insert(record("u2", "one")), StateError);
    EXPECT_THROW(state.insert(record("u1", "two")), StateError);
    EXPECT_EQ(state.all().size(), 1u);
}

TEST(StateStore, JournalIsCappedAndOutlivesItsDomain)
{
    TempFile file;
    StateStore state(file.path);
    state.insert(record("u1", "one"));
    for (int i = 0; i < 300; ++i) state.log_event("u1", 1, "reboot " + std::to_string(i));
    auto events = state.events("u1");
    ASSERT_EQ(events.size(), 256u); // the newest 256
    EXPECT_EQ(events.back(), "reboot 299");
    state.remove("u1");
    EXPECT_EQ(state.events("u1").size(), 256u);
}

TEST(StateStore, AtomicallyIsAllOrNothing)
{
    TempFile file;
    StateStore state(file.path);
    state.insert(record("u1", "one"));
    EXPECT_THROW(state.atomically([&] {
        state.set_phase("u1", Phase::Running);
        state.insert(record("u2", "one")); // the name is taken
    }),
                 StateError);
    EXPECT_EQ(state.by_uuid("u1")->phase, Phase::Creating);
}

} // namespace
} // namespace xld
