// Permissions as guests see them: ownership on create, grants, probing.
#include "test_client.hpp"

using namespace xenstored;
using namespace xenstored::test;

using Perms = DaemonFixture;

TEST_F(Perms, GuestCannotTouchDom0Nodes) {
    auto g = guest(5);
    EXPECT_EQ(g.read("/tool"), "ERR:EACCES");
    EXPECT_EQ(g.write("/tool/x", "1"), "EACCES");
    EXPECT_EQ(g.read("/tool/absent"), "ERR:EACCES");  // no existence leak
    EXPECT_EQ(g.dir("/"), "ERR:EACCES");
    EXPECT_EQ(g.request(MsgType::Control, args({"help"})).error(), "EACCES");
    EXPECT_EQ(g.request(MsgType::Introduce, args({"6", "0", "1"})).error(), "EACCES");
}

TEST_F(Perms, InheritanceAndOwnershipOnCreate) {
    dom0.write("/local/domain/5", "");
    dom0.chmod("/local/domain/5", {"n5", "r0"});
    auto g = guest(5);
    EXPECT_EQ(g.write("data/x", "1"), "OK");
    EXPECT_EQ(dom0.perms("/local/domain/5/data/x"), "n5,r0,");
    // dom0 creating below keeps the parent's list as it is.
    dom0.chmod("/local/domain/5/data", {"b0", "r5"});
    dom0.write("/local/domain/5/data/y", "");
    EXPECT_EQ(dom0.perms("/local/domain/5/data/y"), "b0,r5,");
    EXPECT_EQ(g.write("data/y", "2"), "EACCES");
    EXPECT_EQ(g.read("data/y"), "");
}

TEST_F(Perms, MissingNodeAnswersDependOnAncestor) {
    dom0.write("/p", "");
    dom0.chmod("/p", {"n0", "r5"});
    auto g = guest(5);
    EXPECT_EQ(g.read("/p/none"), "ERR:ENOENT");   // ancestor readable
    EXPECT_EQ(g.write("/p/none", "x"), "EACCES");  // but not writable
    dom0.chmod("/p", {"n0", "b5"});
    EXPECT_EQ(g.write("/p/new/deep", "x"), "OK");
    EXPECT_EQ(dom0.perms("/p/new/deep"), "n5,b5,");
}

TEST_F(Perms, SetPermsRules) {
    dom0.write("/local/domain/5/own", "");
    dom0.chmod("/local/domain/5/own", {"n5"});
    auto g = guest(5);
    EXPECT_EQ(g.chmod("/local/domain/5/own", {"n5", "r0"}), "OK");
    EXPECT_EQ(g.chmod("/local/domain/5/own", {"n6"}), "EPERM");  // owner change
    EXPECT_EQ(g.chmod("/local/domain/5/own", {"n5", "r1", "r2", "r3", "r4", "r6"}), "ENOSPC");
    EXPECT_EQ(g.chmod("/local/domain/5/own", {"n5", "x1"}), "EINVAL");
    EXPECT_EQ(dom0.request(MsgType::SetPerms, args({"/local/domain/5/own"})).error(), "EINVAL");
    backend.missing.insert(40);
    EXPECT_EQ(dom0.chmod("/local/domain/5/own", {"n40"}), "ENOENT");  // owner must exist
    EXPECT_EQ(dom0.chmod("/local/domain/5/own", {"n5", "r40"}), "OK");
    EXPECT_EQ(dom0.perms("/local/domain/5/own"), "n5,");  // stale grant not shown
}

TEST_F(Perms, SetTargetGivesTheTargetsRights) {
    dom0.write("/local/domain/5/private", "s");
    dom0.chmod("/local/domain/5/private", {"n5"});
    auto stub = guest(6);
    guest(5);
    EXPECT_EQ(stub.read("/local/domain/5/private"), "ERR:EACCES");
    EXPECT_EQ(dom0.request(MsgType::SetTarget, args({"6", "5"})).error(), "OK");
    EXPECT_EQ(stub.read("/local/domain/5/private"), "s");
    EXPECT_EQ(dom0.request(MsgType::SetTarget, args({"6", "9"})).error(), "ENOENT");
}

TEST_F(Perms, SpecialWatchPermissions) {
    EXPECT_EQ(dom0.perms("@releaseDomain"), "n0,");
    EXPECT_EQ(dom0.chmod("@releaseDomain", {"n0", "r5"}), "OK");
    EXPECT_EQ(dom0.perms("@releaseDomain"), "n0,r5,");
    EXPECT_EQ(dom0.chmod("@other", {"n0"}), "EINVAL");
    auto g = guest(5);
    EXPECT_EQ(g.chmod("@releaseDomain", {"n5"}), "EACCES");
}
