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

TEST_F(Tx, AbortDiscardsEverythingAndFiresNothing) {
    dom0.watch("/t", "w");
    dom0.take_events();
    auto tx = dom0.start();
    dom0.write("/t/a", "gone", tx);
    dom0.write("/t/new/deep", "gone", tx);
    dom0.rm("/t/b", tx);
    EXPECT_EQ(dom0.end(tx, false), "OK");
    EXPECT_EQ(dom0.read("/t/a"), "1");
    EXPECT_EQ(dom0.read("/t/b"), "2");
    EXPECT_EQ(dom0.read("/t/new"), "ERR:ENOENT");
    EXPECT_TRUE(dom0.take_events().empty());
}

TEST_F(Tx, FailedCommitFiresNothingAndEndsTheTransaction) {
    auto tx = dom0.start();
    dom0.write("/t/a", "mine", tx);
    other.write("/t/a", "theirs");
    dom0.watch("/t", "w");
    dom0.take_events();
    EXPECT_EQ(dom0.end(tx), "EAGAIN");
    EXPECT_TRUE(dom0.take_events().empty());
    EXPECT_EQ(dom0.end(tx), "ENOENT");  // the id is gone either way
}

TEST_F(Tx, RmOfSubtreeChangedBelowConflicts) {
    auto tx = dom0.start();
    EXPECT_EQ(dom0.rm("/t", tx), "OK");  // looked at /t/a and /t/b
    other.write("/t/b", "changed");
    EXPECT_EQ(dom0.end(tx), "EAGAIN");
    EXPECT_EQ(dom0.read("/t/b"), "changed");
}

TEST_F(Tx, SetPermsOfNodeChangedMeanwhileConflicts) {
    auto tx = dom0.start();
    EXPECT_EQ(dom0.chmod("/t/a", {"n0", "r5"}, tx), "OK");
    other.write("/t/a", "changed");
    EXPECT_EQ(dom0.end(tx), "EAGAIN");
    EXPECT_EQ(dom0.perms("/t/a"), "n0,");
}

TEST_F(Tx, ExternalPermsChangeOfReadNodeConflicts) {
    auto tx = dom0.start();
    dom0.read("/t/a", tx);
    dom0.write("/t/z", "1", tx);
    other.chmod("/t/a", {"n0", "r3"});
    EXPECT_EQ(dom0.end(tx), "EAGAIN");
}

TEST_F(Tx, CommittedTransactionConflictsWithAnother) {
    auto t1 = dom0.start();
    auto t2 = other.start();
    dom0.read("/t/a", t1);
    other.read("/t/a", t2);
    other.write("/t/a", "two", t2);
    EXPECT_EQ(other.end(t2), "OK");
    dom0.write("/t/b", "one", t1);
    EXPECT_EQ(dom0.end(t1), "EAGAIN");  // t1 saw /t/a before t2 changed it
    EXPECT_EQ(dom0.read("/t/b"), "2");
}

TEST_F(Tx, IdsArePerConnectionAndSkipZeroAndThoseInUse) {
    auto mine = dom0.start();
    auto theirs = other.start();
    EXPECT_EQ(mine, 1u);
    EXPECT_EQ(theirs, 1u);
    EXPECT_EQ(other.end(theirs), "OK");
    EXPECT_EQ(dom0.write("/t/a", "still mine", mine), "OK");  // not ended by the other's
    dom0.conn().last_tx_id = UINT32_MAX - 1;
    EXPECT_EQ(dom0.start(), UINT32_MAX);
    EXPECT_EQ(dom0.start(), 2u);  // wraps past 0 and over 1, still open
}
