// Optimistic transactions: every way a commit can conflict, and the ways
// it must not.
#include "test_client.hpp"

using namespace xenstored;
using namespace xenstored::test;

struct Tx : DaemonFixture {
    Client other{*daemon, daemon->add_socket_connection()};
    void SetUp() override {
        dom0.write("/t/a", "1");
        dom0.write("/t/b", "2");
    }
};

TEST_F(Tx, IsolationAndOwnWrites) {
    auto tx = dom0.start();
    ASSERT_NE(tx, 0u);
    EXPECT_EQ(dom0.write("/t/a", "new", tx), "OK");
    EXPECT_EQ(dom0.read("/t/a", tx), "new");
    EXPECT_EQ(other.read("/t/a"), "1");
    EXPECT_EQ(dom0.end(tx), "OK");
    EXPECT_EQ(other.read("/t/a"), "new");
}

TEST_F(Tx, ReadThenExternalWriteConflicts) {
    auto tx = dom0.start();
    dom0.read("/t/a", tx);
    dom0.write("/t/b", "x", tx);
    other.write("/t/a", "changed");
    EXPECT_EQ(dom0.end(tx), "EAGAIN");
    EXPECT_EQ(dom0.read("/t/b"), "2");  // nothing applied
}

TEST_F(Tx, KeepsSeeingItsSnapshotThenConflicts) {
    // Xen's test-xenstore "ta err": the transaction keeps reading what it
    // first saw, may write over it, and still fails at commit.
    auto tx = dom0.start();
    EXPECT_EQ(dom0.read("/t/a", tx), "1");
    other.write("/t/a", "b");
    EXPECT_EQ(dom0.read("/t/a", tx), "1");
    EXPECT_EQ(dom0.write("/t/a", "c", tx), "OK");
    EXPECT_EQ(dom0.read("/t/a", tx), "c");
    EXPECT_EQ(dom0.end(tx), "EAGAIN");
    EXPECT_EQ(dom0.read("/t/a"), "b");
}

TEST_F(Tx, ReadThenExternalDeleteConflicts) {
    auto tx = dom0.start();
    dom0.read("/t/a", tx);
    other.rm("/t/a");
    EXPECT_EQ(dom0.end(tx), "EAGAIN");
}

TEST_F(Tx, AbsentThenExternalCreateConflicts) {
    auto tx = dom0.start();
    EXPECT_EQ(dom0.read("/t/new", tx), "ERR:ENOENT");
    other.write("/t/new", "1");
    EXPECT_EQ(dom0.end(tx), "EAGAIN");
}

TEST_F(Tx, DirectoryThenExternalChildConflicts) {
    auto tx = dom0.start();
    dom0.dir("/t", tx);
    other.write("/t/c", "1");
    EXPECT_EQ(dom0.end(tx), "EAGAIN");
}

TEST_F(Tx, BothWriteSameNodeSecondCommitFails) {
    auto t1 = dom0.start();
    auto t2 = other.start();
    dom0.write("/t/a", "one", t1);
    other.write("/t/a", "two", t2);
    EXPECT_EQ(dom0.end(t1), "OK");
    EXPECT_EQ(other.end(t2), "EAGAIN");
    EXPECT_EQ(dom0.read("/t/a"), "one");
}

TEST_F(Tx, CreateUnderParentChangedMeanwhileConflicts) {
    auto tx = dom0.start();
    dom0.write("/t/x", "1", tx);  // looks at /t to add a child
    other.write("/t/y", "1");     // /t's child list changes
    EXPECT_EQ(dom0.end(tx), "EAGAIN");
    EXPECT_EQ(dom0.dir("/t"), "a,b,y,");
}

TEST_F(Tx, DisjointChangesCommit) {
    auto tx = dom0.start();
    dom0.read("/t/a", tx);
    dom0.write("/t/a", "mine", tx);
    other.write("/elsewhere", "1");
    other.write("/t/b", "theirs");  // not looked at by the transaction
    EXPECT_EQ(dom0.end(tx), "OK");
    EXPECT_EQ(dom0.read("/t/a"), "mine");
    EXPECT_EQ(dom0.read("/t/b"), "theirs");
}

TEST_F(Tx, ChangeBeforeFirstLookIsNoConflict) {
    auto tx = dom0.start();
    other.write("/t/a", "early");
    EXPECT_EQ(dom0.read("/t/a", tx), "early");
    EXPECT_EQ(dom0.end(tx), "OK");
}

TEST_F(Tx, RmInsideTransaction) {
    auto tx = dom0.start();
    EXPECT_EQ(dom0.rm("/t", tx), "OK");
    EXPECT_EQ(dom0.read("/t/a", tx), "ERR:ENOENT");
    EXPECT_EQ(other.read("/t/a"), "1");
    EXPECT_EQ(dom0.end(tx), "OK");
    EXPECT_EQ(dom0.read("/t/a"), "ERR:ENOENT");
    EXPECT_EQ(daemon->store().size(), 3u);
}

TEST_F(Tx, IdsAndErrors) {
    auto t1 = dom0.start();
    auto t2 = dom0.start();
    EXPECT_EQ(t1, 1u);
    EXPECT_EQ(t2, 2u);
    EXPECT_EQ(dom0.request(MsgType::TransactionStart, args({""}), t1).error(), "EBUSY");
    EXPECT_EQ(dom0.read("/t/a", 99), "ERR:ENOENT");
    EXPECT_EQ(dom0.end(99), "ENOENT");
    EXPECT_EQ(dom0.end(t1, false), "OK");
    EXPECT_EQ(dom0.end(t1), "ENOENT");
    auto r = dom0.request(MsgType::Read, args({"/t/a"}), t2);
    EXPECT_EQ(r.tx_id, t2);  // echoed
}
