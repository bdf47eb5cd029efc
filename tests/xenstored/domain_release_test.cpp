// RELEASE takes everything of a domain with it: its connection (watches,
// transactions, queued events), the nodes it owns, its SET_TARGET links and
// its grants, so a domain reusing the domid starts from nothing.
#include "test_client.hpp"

using namespace xenstored;
using namespace xenstored::test;

using Release = DaemonFixture;

TEST_F(Release, LeavesNothingBehind) {
    dom0.write("/local/domain/5", "");
    dom0.chmod("/local/domain/5", {"n5"});
    dom0.write("/granted", "");
    dom0.chmod("/granted", {"n0", "r5"});
    dom0.chmod("@releaseDomain", {"n0", "r5"});
    auto g = guest(5);
    guest(6);
    EXPECT_EQ(dom0.request(MsgType::SetTarget, args({"6", "5"})).error(), "OK");
    for (int i = 0; i < 10; ++i) g.write("n" + std::to_string(i), "");
    g.watch("/granted", "w");
    g.watch("@releaseDomain", "r");
    auto tx = g.start();
    g.write("in-tx", "", tx);
    const auto connections = daemon->connection_count();

    EXPECT_EQ(dom0.request(MsgType::Release, args({"5"})).error(), "OK");
    EXPECT_EQ(daemon->connection_count(), connections - 1);
    EXPECT_FALSE(daemon->domains().count(5));
    EXPECT_FALSE(daemon->domains().at(6).target.has_value());
    EXPECT_EQ(daemon->store().nodes_owned(5), 0u);
    daemon->store().for_each([](const std::string& path, const Node& node) {
        EXPECT_NE(node.owner(), 5u) << path;
    });
    EXPECT_EQ(dom0.read("/local/domain/5"), "ERR:ENOENT");
    EXPECT_EQ(dom0.perms("/granted"), "n0,");
    EXPECT_EQ(dom0.perms("@releaseDomain"), "n0,");
    EXPECT_EQ(dom0.request(MsgType::Control, args({"quota", "5"})).error(), "ENOENT");

    auto reborn = guest(5);
    auto usage = dom0.request(MsgType::Control, args({"quota", "5"})).payload;
    EXPECT_NE(usage.find("nodes: 0\nwatches: 0\ntransactions: 0\n"), std::string::npos) << usage;
    EXPECT_EQ(reborn.read("/granted"), "ERR:EACCES");
    EXPECT_EQ(reborn.end(tx), "ENOENT");
}

TEST_F(Release, SpecialWatchOwnedByTheDomainGoesBackToDom0) {
    guest(5);
    dom0.chmod("@introduceDomain", {"n5", "r7"});
    EXPECT_EQ(dom0.request(MsgType::Release, args({"5"})).error(), "OK");
    EXPECT_EQ(dom0.perms("@introduceDomain"), "n0,r7,");
    // A new domain 5 does not inherit the ownership: no introductions for it.
    auto reborn = guest(5);
    reborn.watch("@introduceDomain", "t");
    reborn.take_events();
    guest(8);
    EXPECT_TRUE(reborn.take_events().empty());
}

TEST_F(Release, OfUnknownOrDom0IsRefused) {
    EXPECT_EQ(dom0.request(MsgType::Release, args({"9"})).error(), "ENOENT");
    EXPECT_EQ(dom0.request(MsgType::Release, args({"0"})).error(), "EINVAL");
    auto g = guest(5);
    EXPECT_EQ(g.request(MsgType::Release, args({"5"})).error(), "EACCES");
}

TEST_F(Release, FiresReleaseDomainAndForgetsShutdownState) {
    dom0.watch("@releaseDomain", "r");
    dom0.take_events();
    guest(5);
    daemon->domain_shut_down(5);
    daemon->domain_shut_down(5);  // reported once
    EXPECT_EQ(dom0.take_events(), std::vector<std::string>{"@releaseDomain|r"});
    dom0.request(MsgType::Release, args({"5"}));
    EXPECT_EQ(dom0.take_events(), std::vector<std::string>{"@releaseDomain|r"});
    guest(5);
    daemon->domain_shut_down(5);  // a new domain 5: reported again
    EXPECT_EQ(dom0.take_events(), std::vector<std::string>{"@releaseDomain|r"});
}

// VIRQ_DOM_EXC, as Xen's daemon handles it: a domain that shut down fires
// @releaseDomain once and stays; a dying or vanished one is released.
TEST_F(Release, CheckDomainsFollowsWhatTheHypervisorSays) {
    dom0.watch("@releaseDomain", "r");
    dom0.take_events();
    guest(5);
    guest(6);
    guest(7);
    dom0.write("/local/domain/7/x", "");
    dom0.chmod("/local/domain/7/x", {"n7"});
    daemon->check_domains();
    EXPECT_TRUE(dom0.take_events().empty());  // all running: nothing
    backend.states[5] = DomainState::ShutDown;
    daemon->check_domains();
    daemon->check_domains();
    EXPECT_EQ(dom0.take_events(), std::vector<std::string>{"@releaseDomain|r"});
    EXPECT_TRUE(daemon->domains().count(5));
    backend.states[6] = DomainState::Dying;
    backend.missing.insert(7);
    const auto connections = daemon->connection_count();
    daemon->check_domains();
    EXPECT_FALSE(daemon->domains().count(6));
    EXPECT_FALSE(daemon->domains().count(7));
    EXPECT_TRUE(daemon->domains().count(5));
    EXPECT_EQ(daemon->connection_count(), connections - 2);
    EXPECT_EQ(dom0.read("/local/domain/7/x"), "ERR:ENOENT");
    EXPECT_FALSE(dom0.take_events().empty());  // @releaseDomain
}
