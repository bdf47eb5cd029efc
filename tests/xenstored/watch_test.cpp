// Watches: the first event, subtree matching, removal, relative paths,
// permission filtering and the special domain watches.
#include "test_client.hpp"

using namespace xenstored;
using namespace xenstored::test;

using Watches = DaemonFixture;
using V = std::vector<std::string>;

TEST_F(Watches, FiresOnRegistrationThenOnChanges) {
    EXPECT_EQ(dom0.watch("/w", "tok"), "OK");
    EXPECT_EQ(dom0.take_events(), V{"/w|tok"});
    dom0.write("/w/a/b", "1");  // creates /w, /w/a, /w/a/b
    EXPECT_EQ(dom0.take_events(), (V{"/w|tok", "/w/a|tok", "/w/a/b|tok"}));
    dom0.write("/other", "1");
    EXPECT_TRUE(dom0.take_events().empty());
    dom0.mkdir("/w/a");  // exists: nothing
    EXPECT_TRUE(dom0.take_events().empty());
    EXPECT_EQ(dom0.watch("/w", "tok"), "EEXIST");
    EXPECT_EQ(dom0.unwatch("/w", "tok"), "OK");
    EXPECT_EQ(dom0.unwatch("/w", "tok"), "ENOENT");
    dom0.write("/w/a", "2");
    EXPECT_TRUE(dom0.take_events().empty());
}

TEST_F(Watches, RemovalReportsRootUpwardsAndDescendantsExactly) {
    dom0.write("/r/a/b", "");
    dom0.watch("/r", "up");
    dom0.watch("/r/a/b", "exact");
    dom0.watch("/r/a/b/c", "below");
    dom0.take_events();
    dom0.rm("/r/a");
    auto events = dom0.take_events();
    std::sort(events.begin(), events.end());
    EXPECT_EQ(events, (V{"/r/a/b|exact", "/r/a|up"}));
}

TEST_F(Watches, RelativeWatchGetsRelativePaths) {
    EXPECT_EQ(dom0.watch("backend", "b"), "OK");
    EXPECT_EQ(dom0.take_events(), V{"backend|b"});
    dom0.write("/local/domain/0/backend/vbd", "");
    EXPECT_EQ(dom0.take_events(), (V{"backend|b", "backend/vbd|b"}));
}

TEST_F(Watches, TransactionChangesFireOnlyOnCommit) {
    dom0.watch("/t", "t");
    dom0.take_events();
    auto tx = dom0.start();
    dom0.write("/t/x", "1", tx);
    EXPECT_TRUE(dom0.take_events().empty());
    EXPECT_EQ(dom0.end(tx), "OK");
    EXPECT_EQ(dom0.take_events(), (V{"/t|t", "/t/x|t"}));
    tx = dom0.start();
    dom0.write("/t/y", "1", tx);
    dom0.end(tx, false);
    EXPECT_TRUE(dom0.take_events().empty());
}

TEST_F(Watches, EventsOnlyForReadablePaths) {
    auto g = guest(5);
    EXPECT_EQ(g.watch("/secret", "s"), "OK");
    g.take_events();
    dom0.write("/secret/key", "1");  // n0 inherited from /
    EXPECT_TRUE(g.take_events().empty());
    dom0.chmod("/secret/key", {"n0", "r5"});
    EXPECT_EQ(g.take_events(), V{"/secret/key|s"});
    // Losing access still tells (old permissions allowed reading), once.
    dom0.chmod("/secret/key", {"n0"});
    EXPECT_EQ(g.take_events(), V{"/secret/key|s"});
    dom0.write("/secret/key", "2");
    EXPECT_TRUE(g.take_events().empty());
}

TEST_F(Watches, SpecialWatchesOnlyForPrivilegedOrPermitted) {
    auto g = guest(5);
    dom0.watch("@introduceDomain", "i");
    dom0.watch("@releaseDomain", "r");
    g.watch("@releaseDomain", "gr");
    dom0.take_events();
    g.take_events();
    guest(6);
    EXPECT_EQ(dom0.take_events(), V{"@introduceDomain|i"});
    dom0.request(MsgType::Release, args({"6"}));
    EXPECT_EQ(dom0.take_events(), V{"@releaseDomain|r"});
    EXPECT_TRUE(g.take_events().empty());
    dom0.chmod("@releaseDomain", {"n0", "r5"});
    guest(7);
    dom0.request(MsgType::Release, args({"7"}));
    EXPECT_EQ(g.take_events(), V{"@releaseDomain|gr"});
}

TEST_F(Watches, ResetWatchesDropsWatchesAndTransactions) {
    dom0.watch("/x", "x");
    auto tx = dom0.start();
    EXPECT_EQ(dom0.request(MsgType::ResetWatches, args({""})).error(), "OK");
    dom0.take_events();
    dom0.write("/x", "1");
    EXPECT_TRUE(dom0.take_events().empty());
    EXPECT_EQ(dom0.end(tx), "ENOENT");
}

TEST_F(Watches, IdenticalPendingEventsCoalesce) {
    auto g = guest(5);
    dom0.write("/local/domain/5/c", "");
    dom0.chmod("/local/domain/5/c", {"n5"});
    g.watch("c", "t");
    g.take_events();
    // The guest reads nothing meanwhile: three changes, one pending event.
    dom0.write("/local/domain/5/c", "1");
    dom0.write("/local/domain/5/c", "2");
    dom0.write("/local/domain/5/c", "3");
    EXPECT_EQ(g.take_events(), V{"c|t"});
}
