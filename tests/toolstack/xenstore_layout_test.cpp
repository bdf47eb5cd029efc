// The domain's xenstore nodes as libxl writes them, checked against the
// reference tree that Xen 4.17's toolstack left (spec/reference), on our
// real xenstored.
#include <gtest/gtest.h>

#include <map>

#include "domain/xenstore_layout.hpp"
#include "xenstored_fixture.hpp"

namespace toolstack {
namespace {

DomainSpec guest_spec()
{
    DomainSpec spec;
    spec.name = "guest";
    spec.uuid = "f6d75077-6a54-46ab-8a62-651f1a37321c";
    spec.max_memkb = spec.target_memkb = 131072;
    spec.kernel = "/root/zImage";
    return spec;
}

BuiltDomain guest_built() { return {1, 2, 1, 0x39000, 0x39001, 1795348640.93}; }

// path -> "value (perms)", as xenstore-ls -fp prints them.
std::map<std::string, std::string> dump(xs::Client& xs, const std::string& root)
{
    std::map<std::string, std::string> out;
    std::vector<std::string> todo{root};
    while (!todo.empty()) {
        std::string path = todo.back();
        todo.pop_back();
        auto value = xs.read(0, path);
        if (!value) continue;
        std::string perms;
        for (const std::string& p : xs.get_perms(0, path)) perms += (perms.empty() ? "" : ",") + p;
        out[path] = *value + " (" + perms + ")";
        for (const std::string& child : xs.directory(0, path)) todo.push_back((path == "/" ? "" : path) + "/" + child);
    }
    return out;
}

TEST(XenstoreLayout, DomainNodesMatchXensReferenceTree)
{
    test::PrivateXenstored daemon;
    xs::Client xs(daemon.socket());
    write_domain_nodes(xs, guest_spec(), guest_built());
    auto tree = dump(xs, "/local/domain/1");
    // Lines of spec/reference/xenstore-tree-with-guest.txt (devices other
    // than the console left out: no disk or network here).
    const std::map<std::string, std::string> expected_subset = {
        {"/local/domain/1", " (n0,r1)"},
        {"/local/domain/1/vm", "/vm/f6d75077-6a54-46ab-8a62-651f1a37321c (n0,r1)"},
        {"/local/domain/1/name", "guest (n0,r1)"},
        {"/local/domain/1/cpu/0/availability", "online (n0,r1)"},
        {"/local/domain/1/memory/static-max", "131072 (n0,r1)"},
        {"/local/domain/1/memory/target", "131072 (n0,r1)"},
        {"/local/domain/1/memory/videoram", "0 (n0,r1)"},
        {"/local/domain/1/device/suspend/event-channel", " (n1)"},
        {"/local/domain/1/control/shutdown", " (n1)"},
        {"/local/domain/1/control/sysrq", " (n1)"},
        {"/local/domain/1/control/platform-feature-multiprocessor-suspend", "1 (n0,r1)"},
        {"/local/domain/1/control/platform-feature-xs_reset_watches", "1 (n0,r1)"},
        {"/local/domain/1/data", " (n1)"},
        {"/local/domain/1/error", " (n1)"},
        {"/local/domain/1/domid", "1 (n0,r1)"},
        {"/local/domain/1/store/port", "1 (n0,r1)"},
        {"/local/domain/1/store/ring-ref", "233473 (n0,r1)"},
        {"/local/domain/1/console/backend", "/local/domain/0/backend/console/1/0 (n0,r1)"},
        {"/local/domain/1/console/backend-id", "0 (n1,r0)"},
        {"/local/domain/1/console/limit", "1048576 (n0,r1)"},
        {"/local/domain/1/console/type", "xenconsoled (n0,r1)"},
        {"/local/domain/1/console/output", "pty (n0,r1)"},
        {"/local/domain/1/console/tty", " (n0,r1)"},
        {"/local/domain/1/console/port", "2 (n0,r1)"},
        {"/local/domain/1/console/ring-ref", "233472 (n0,r1)"},
    };
    for (const auto& [path, line] : expected_subset) EXPECT_EQ(tree[path], line) << path;

    auto vm = dump(xs, "/vm/f6d75077-6a54-46ab-8a62-651f1a37321c");
    EXPECT_EQ(vm["/vm/f6d75077-6a54-46ab-8a62-651f1a37321c/name"], "guest (n0,r1)");
    EXPECT_EQ(vm["/vm/f6d75077-6a54-46ab-8a62-651f1a37321c/start_time"], "1795348640.93 (n0,r1)");
    auto backend = dump(xs, "/local/domain/0/backend/console/1/0");
    EXPECT_EQ(backend["/local/domain/0/backend/console/1/0"], " (n0,r1)");
    EXPECT_EQ(backend["/local/domain/0/backend/console/1/0/frontend-id"], "1 (n0,r1)");
    EXPECT_EQ(backend["/local/domain/0/backend/console/1/0/protocol"], "vt100 (n0,r1)");
    auto libxl = dump(xs, "/libxl/1");
    EXPECT_EQ(libxl["/libxl/1"], " (n0)");
    EXPECT_EQ(libxl["/libxl/1/type"], "pvh (n0)");
    EXPECT_EQ(libxl["/libxl/1/device/console/0/state"], "1 (n0)");
}

TEST(XenstoreLayout, RemovalLeavesNothingOfTheDomain)
{
    test::PrivateXenstored daemon;
    xs::Client xs(daemon.socket());
    auto before = dump(xs, "/");
    write_domain_nodes(xs, guest_spec(), guest_built());
    remove_domain_nodes(xs, 1);
    auto after = dump(xs, "/");
    // /vm, /libxl and /local/domain/0/backend stay as parents, empty.
    for (const auto& [path, line] : after) {
        if (!before.count(path)) {
            EXPECT_EQ(line.substr(0, 1), " ") << path << " = " << line;
        }
    }
    EXPECT_FALSE(xs.read(0, "/local/domain/1"));
    EXPECT_FALSE(xs.read(0, "/vm/f6d75077-6a54-46ab-8a62-651f1a37321c"));
    EXPECT_FALSE(xs.read(0, "/libxl/1"));
    EXPECT_FALSE(xs.read(0, "/local/domain/0/backend/console"));
}

} // namespace
} // namespace toolstack
