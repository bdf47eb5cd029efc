// What the 4.17 command-line options mean inside the daemon: the watch-event
// timeout (-w), the soft memory quota (-q), keeping a gone domain's nodes
// (-K), a privileged domain besides dom0 (--priv-domid); and how the command
// line itself is read (what is fatal, what is only warned about).
#include <vector>

#include "options.hpp"
#include "test_client.hpp"

using namespace xenstored;
using namespace xenstored::test;

namespace {

struct Options417 : DaemonFixture {
    std::int64_t now = 1'000'000;
    std::vector<std::string> warnings, notices;

    void SetUp() override {
        daemon->clock_ms = [this] { return now; };
        daemon->warn = [this](std::string_view t) { warnings.emplace_back(t); };
        daemon->log = [this](std::string_view t) { notices.emplace_back(t); };
    }
    // Guest 5 with a home it owns and a watch on it.
    Client watching_guest() {
        dom0.write("/local/domain/5", "");
        dom0.chmod("/local/domain/5", {"n5"});
        auto g = guest(5);
        EXPECT_EQ(g.watch("/local/domain/5", "home"), "OK");
        g.take_events();
        return g;
    }
};

}  // namespace

TEST_F(Options417, WatchEventNotSentInTimeIsDropped) {
    auto g = watching_guest();
    dom0.write("/local/domain/5/a", "1");  // queued at `now`, due at now + 20 s
    now += 19'999;
    daemon->expire_events(g.conn());
    EXPECT_EQ(g.take_events(), std::vector<std::string>{"/local/domain/5/a|home"});

    dom0.write("/local/domain/5/b", "1");
    dom0.write("/local/domain/5/c", "1");
    now += 20'000;
    const auto before = g.conn().queued_bytes();
    daemon->expire_events(g.conn());
    EXPECT_LT(g.conn().queued_bytes(), before);
    EXPECT_EQ(g.conn().queued_bytes(), 0u);
    EXPECT_TRUE(g.take_events().empty());
    // Dropped events coalesce with nothing: the same event again is queued.
    dom0.write("/local/domain/5/b", "2");
    EXPECT_EQ(g.take_events(), std::vector<std::string>{"/local/domain/5/b|home"});
}

TEST_F(Options417, WatchEventTimeoutSparesDom0AndCanBeOff) {
    Client other{*daemon, daemon->add_socket_connection()};
    other.watch("/x", "t");
    other.take_events();
    dom0.write("/x", "1");
    now += 3'600'000;
    daemon->expire_events(other.conn());
    EXPECT_EQ(other.take_events(), std::vector<std::string>{"/x|t"});

    daemon->settings().watch_event_timeout_ms = 0;  // -w watch-event=0
    auto g = watching_guest();
    dom0.write("/local/domain/5/a", "1");
    now += 3'600'000;
    daemon->expire_events(g.conn());
    EXPECT_EQ(g.take_events(), std::vector<std::string>{"/local/domain/5/a|home"});
}

TEST(ConnectionDeadline, StartedEventIsNeverDropped) {
    Connection c(1, 5, false, true);
    const std::string first(64, 'a'), second(64, 'b');
    ASSERT_TRUE(c.send_event(first, 1 << 20, 100));
    ASSERT_TRUE(c.send_event(second, 1 << 20, 100));
    c.send_reply(std::string(32, 'r'));
    c.advance(1);  // the first is on the wire
    EXPECT_EQ(c.drop_expired_events(99), 0u);
    EXPECT_EQ(c.drop_expired_events(100), 1u);
    EXPECT_EQ(c.front(), first);
    EXPECT_EQ(c.front_offset(), 1u);
    c.advance(first.size() - 1);
    EXPECT_EQ(c.front(), std::string(32, 'r'));  // replies never expire
    c.advance(32);
    EXPECT_FALSE(c.has_output());
    EXPECT_EQ(c.queued_bytes(), 0u);
    EXPECT_TRUE(c.send_event(second, 1 << 20, 300));  // not mistaken for a pending duplicate
}

TEST_F(Options417, SoftMemoryQuotaOnlyWarnsOnceEachWay) {
    daemon->quotas().memory_soft = 1000;
    auto g = watching_guest();
    for (int i = 0; i < 10; ++i) dom0.write("/local/domain/5/n" + std::to_string(i), "x");
    ASSERT_GE(g.conn().queued_bytes(), 1000u);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("domain 5 is over its soft memory quota"), std::string::npos) << warnings[0];
    dom0.write("/local/domain/5/more", "x");
    EXPECT_EQ(warnings.size(), 1u);
    // Not refused: the guest is served as before.
    EXPECT_EQ(g.read("n1"), "x");  // the read drains its queue
    now += 10'000;
    g.read("n2");
    ASSERT_FALSE(notices.empty());
    EXPECT_NE(notices.back().find("domain 5 is under its soft memory quota again"), std::string::npos);
}

TEST_F(Options417, SoftMemoryQuotaZeroAndPrivilegedNeverWarn) {
    daemon->quotas().memory_soft = 0;
    auto g = watching_guest();
    for (int i = 0; i < 20; ++i) dom0.write("/local/domain/5/n" + std::to_string(i), "x");
    EXPECT_TRUE(warnings.empty());
    daemon->quotas().memory_soft = 1;
    Client other{*daemon, daemon->add_socket_connection()};
    other.watch("/x", "t");
    for (int i = 0; i < 20; ++i) dom0.write("/x/n" + std::to_string(i), "x");
    EXPECT_TRUE(warnings.empty());
}

TEST_F(Options417, HardMemoryQuotaZeroIsNoLimit) {
    daemon->quotas().memory = 0;
    auto g = watching_guest();
    dom0.write("/local/domain/5/a", "1");
    EXPECT_FALSE(daemon->backlogged(g.conn()));
    EXPECT_EQ(g.take_events(), std::vector<std::string>{"/local/domain/5/a|home"});
}

TEST_F(Options417, KeepOrphansHandsNodesToThePrivilegedDomain) {
    daemon->settings().keep_orphans = true;
    auto g = watching_guest();
    g.write("a", "1");
    g.write("a/b", "2");
    const auto dom0_nodes = daemon->store().nodes_owned(0);
    EXPECT_EQ(dom0.request(MsgType::Release, args({"5"})).error(), "OK");
    EXPECT_EQ(dom0.read("/local/domain/5/a/b"), "2");
    EXPECT_EQ(dom0.perms("/local/domain/5/a"), "n0,");
    EXPECT_EQ(daemon->store().nodes_owned(5), 0u);
    EXPECT_EQ(daemon->store().nodes_owned(0), dom0_nodes + 3);
    // A new domain 5 does not get them back.
    auto reborn = guest(5);
    EXPECT_EQ(reborn.read("a"), "ERR:EACCES");
}

TEST_F(Options417, WithoutKeepOrphansTheNodesGo) {
    auto g = watching_guest();
    g.write("a", "1");
    EXPECT_EQ(dom0.request(MsgType::Release, args({"5"})).error(), "OK");
    EXPECT_EQ(dom0.read("/local/domain/5"), "ERR:ENOENT");
}

TEST_F(Options417, PrivDomidIsPrivilegedAndInheritsOrphans) {
    daemon->settings().priv_domid = 7;
    daemon->settings().keep_orphans = true;
    auto priv = guest(7);
    EXPECT_EQ(priv.request(MsgType::IsDomainIntroduced, args({"7"})).payload, std::string("T\0", 2));
    auto g = watching_guest();
    g.write("a", "1");
    dom0.request(MsgType::Release, args({"5"}));
    EXPECT_EQ(dom0.perms("/local/domain/5/a"), "n7,");
    auto other = guest(8);
    EXPECT_EQ(other.request(MsgType::IsDomainIntroduced, args({"0"})).error(), "EACCES");
}

// ---- the command line -----------------------------------------------------

namespace {

struct Parsed {
    std::optional<Options> options;
    int exit_code = -1;
    std::string err;
};

Parsed parse(std::vector<std::string> words) {
    words.insert(words.begin(), "xenstored");
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    Parsed p;
    testing::internal::CaptureStderr();
    p.options = parse_options(static_cast<int>(words.size()), argv.data(), p.exit_code);
    p.err = testing::internal::GetCapturedStderr();
    return p;
}

void expect_fatal(std::vector<std::string> words) {
    auto p = parse(words);
    EXPECT_FALSE(p.options) << words.back();
    EXPECT_EQ(p.exit_code, 1) << words.back();
    EXPECT_TRUE(p.err.rfind("FATAL: ", 0) == 0 || p.err.find("\nFATAL: ") != std::string::npos) << p.err;
}

}  // namespace

TEST(CommandLine, EveryOptionOf417IsTaken) {
    auto p = parse({"-D", "-E", "50", "-F", "/tmp/pid", "-N", "-P", "-S", "4096", "-t", "3", "-A", "8", "-M", "100",
                    "-Q", "outstanding=7", "-Q", "transaction-nodes=9", "-Q", "memory=4096", "-q", "memory=1024",
                    "-w", "watch-event=5", "-T", "/tmp/trace", "-R", "-V", "-W", "11", "-K", "-Ioff",
                    "--master-domid=2", "--priv-domid", "3", "--event=9"});
    ASSERT_TRUE(p.options) << p.err;
    const auto& o = *p.options;
    EXPECT_TRUE(o.no_domain_init && o.no_fork && o.print_pid && o.no_recovery && o.verbose && o.keep_orphans &&
                o.on_disk_db);
    EXPECT_EQ(o.pid_file, "/tmp/pid");
    EXPECT_EQ(o.trace_file, "/tmp/trace");
    EXPECT_EQ(o.quotas.nodes, 50u);
    EXPECT_EQ(o.quotas.node_size, 4096u);
    EXPECT_EQ(o.quotas.transactions, 3u);
    EXPECT_EQ(o.quotas.permissions, 8u);
    EXPECT_EQ(o.quotas.path_max, 100u);
    EXPECT_EQ(o.quotas.watches, 11u);
    EXPECT_EQ(o.quotas.outstanding, 7u);
    EXPECT_EQ(o.quotas.transaction_nodes, 9u);
    EXPECT_EQ(o.quotas.memory, 4096u);
    EXPECT_EQ(o.quotas.memory_soft, 1024u);
    EXPECT_EQ(o.watch_event_timeout_s, 5u);
    EXPECT_EQ(o.master_domid, 2u);
    EXPECT_EQ(o.priv_domid, 3u);
    EXPECT_EQ(o.dom0_event, 9u);
    EXPECT_TRUE(p.err.empty()) << p.err;
}

TEST(CommandLine, LongSpellings) {
    auto p = parse({"--quota-soft=memory=10", "--timeout", "watch-event=0", "--keep-orphans", "--internal-db",
                    "--no-recovery", "--quota", "memory=0"});
    ASSERT_TRUE(p.options) << p.err;
    EXPECT_EQ(p.options->quotas.memory_soft, 10u);
    EXPECT_EQ(p.options->watch_event_timeout_s, 0u);
    EXPECT_TRUE(p.options->keep_orphans);
    EXPECT_FALSE(p.options->on_disk_db);
    EXPECT_EQ(p.options->quotas.memory, 0u);
}

TEST(CommandLine, UnknownOptionsAreOnlyWarnedAbout) {
    auto p = parse({"-Z", "--bogus", "-h", "-K", "-Q"});  // -Q without its value: warned too
    ASSERT_TRUE(p.options);
    EXPECT_TRUE(p.options->keep_orphans);
    EXPECT_NE(p.err.find("-- 'Z'"), std::string::npos) << p.err;
    EXPECT_NE(p.err.find("'--bogus'"), std::string::npos) << p.err;
    EXPECT_NE(p.err.find("-- 'Q'"), std::string::npos) << p.err;
}

TEST(CommandLine, OlderCountsAreLenient) {
    auto p = parse({"-E", "abc", "-M", "5000", "-W", "12x", "-t", "-4"});
    ASSERT_TRUE(p.options);
    EXPECT_EQ(p.options->quotas.nodes, 0u);
    EXPECT_EQ(p.options->quotas.path_max, 2048u);  // at most XENSTORE_REL_PATH_MAX
    EXPECT_EQ(p.options->quotas.watches, 12u);
    EXPECT_EQ(p.options->quotas.transactions, 0u);
}

TEST(CommandLine, QuotaValuesSaturateAtIntMaxAsOnArmhf) {
    auto p = parse({"-Q", "memory=2147483648", "-q", "memory=99999999999999999999"});
    ASSERT_TRUE(p.options) << p.err;
    EXPECT_EQ(p.options->quotas.memory, 2147483647u);
    EXPECT_EQ(p.options->quotas.memory_soft, 2147483647u);
}

TEST(CommandLine, HelpGoesToStderrAndExitsZero) {
    auto p = parse({"-H", "-Q", "nodes=1"});
    EXPECT_FALSE(p.options);
    EXPECT_EQ(p.exit_code, 0);
    EXPECT_NE(p.err.find("--keep-orphans"), std::string::npos);
    EXPECT_NE(p.err.find("--quota-soft"), std::string::npos);
}

TEST(CommandLine, WhatXenRefusesIsFatal) {
    expect_fatal({"-Q", "nodes=100"});          // not a -Q quota in 4.17
    expect_fatal({"-Q", "watches=1"});
    expect_fatal({"-Q", "memory"});             // no value
    expect_fatal({"-Q", "memory=-1"});
    expect_fatal({"-Q", "memory=12k"});
    expect_fatal({"-q", "outstanding=5"});      // soft: memory only
    expect_fatal({"-w", "watch-event"});
    expect_fatal({"-w", "foo=1"});
    expect_fatal({"-w", "watch-event=x"});
    expect_fatal({"-U"});                        // no live-update state here
    expect_fatal({"stray"});
    expect_fatal({"-I", "off"});                 // -I's value must be attached
    expect_fatal({"-e", "5"});                   // -e is unknown, 5 is then stray
    expect_fatal({"-K", "-Q", "nodes=100", "-H"});
}
