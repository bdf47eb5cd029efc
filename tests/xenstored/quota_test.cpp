// Quotas at limit-1, limit and limit+1, for unprivileged domains only.
#include "test_client.hpp"

using namespace xenstored;
using namespace xenstored::test;

struct Quota : DaemonFixture {
    void SetUp() override {
        dom0.write("/local/domain/5", "");
        dom0.chmod("/local/domain/5", {"n5"});
    }
};

TEST_F(Quota, NodesPerDomain) {
    daemon->quotas().nodes = 4;
    auto g = guest(5);  // /local/domain/5 is its own: 1 node
    EXPECT_EQ(g.write("a", ""), "OK");   // 2
    EXPECT_EQ(g.write("b", ""), "OK");   // 3 = limit-1
    EXPECT_EQ(g.write("c", ""), "OK");   // 4 = limit
    EXPECT_EQ(g.write("d", ""), "ENOSPC");  // limit+1
    EXPECT_EQ(g.write("c", "rewrite"), "OK");
    EXPECT_EQ(g.rm("c"), "OK");
    EXPECT_EQ(g.write("d", ""), "OK");
    EXPECT_EQ(dom0.write("/local/domain/5/dom0-made/x", ""), "OK");  // dom0 has none
}

TEST_F(Quota, NodeCountCoversImplicitAncestors) {
    daemon->quotas().nodes = 3;
    auto g = guest(5);
    EXPECT_EQ(g.write("a/b/c", ""), "ENOSPC");  // 1 + 3 > 3
    EXPECT_EQ(g.read("a"), "ERR:ENOENT");        // nothing half-made
    EXPECT_EQ(g.write("a/b", ""), "OK");
}

TEST_F(Quota, NodeSize) {
    auto g = guest(5);
    // 24 header + 8 per permission (one) + value: refused at >= 2048.
    const std::size_t fits = 2048 - 24 - 8 - 1;
    EXPECT_EQ(g.write("v", std::string(fits - 1, 'x')), "OK");
    EXPECT_EQ(g.write("v", std::string(fits, 'x')), "OK");
    EXPECT_EQ(g.write("v", std::string(fits + 1, 'x')), "ENOSPC");
    EXPECT_EQ(dom0.write("/local/domain/5/v", std::string(4000, 'x')), "OK");
}

TEST_F(Quota, WatchesPerDomain) {
    daemon->quotas().watches = 3;
    auto g = guest(5);
    // Xen refuses once the count is above the quota: quota+1 fit.
    for (int i = 0; i < 4; ++i) EXPECT_EQ(g.watch("w" + std::to_string(i), "t"), "OK") << i;
    EXPECT_EQ(g.watch("w9", "t"), "E2BIG");
    for (int i = 0; i < 10; ++i) EXPECT_EQ(dom0.watch("d" + std::to_string(i), "t"), "OK");
}

TEST_F(Quota, TransactionsPerConnection) {
    daemon->quotas().transactions = 2;
    auto g = guest(5);
    EXPECT_NE(g.start(), 0u);
    EXPECT_NE(g.start(), 0u);
    EXPECT_NE(g.start(), 0u);  // open count 2 is not above 2
    auto r = g.request(MsgType::TransactionStart, args({""}));
    EXPECT_EQ(r.error(), "ENOSPC");
}

TEST_F(Quota, PermissionsPerNode) {
    auto g = guest(5);
    g.write("p", "");
    EXPECT_EQ(g.chmod("p", {"n5", "r1", "r2", "r3", "r4"}), "OK");        // 5 = limit
    EXPECT_EQ(g.chmod("p", {"n5", "r1", "r2", "r3", "r4", "r6"}), "ENOSPC");  // 6
    EXPECT_EQ(dom0.chmod("/local/domain/5/p", {"n5", "r1", "r2", "r3", "r4", "r6"}), "OK");
}

TEST_F(Quota, TransactionNodes) {
    daemon->quotas().transaction_nodes = 3;
    auto g = guest(5);
    auto tx = g.start();
    EXPECT_EQ(g.read("a", tx), "ERR:ENOENT");   // a, /local/domain/5: 2
    EXPECT_EQ(g.read("b", tx), "ERR:ENOENT");   // b: 3 = limit
    EXPECT_EQ(g.read("c", tx), "ERR:ENOSPC");   // c: 4
    EXPECT_EQ(g.end(tx), "ENOSPC");
}

TEST_F(Quota, OutstandingRepliesStopReading) {
    daemon->quotas().outstanding = 2;
    auto g = guest(5);
    std::string burst;
    for (int i = 0; i < 5; ++i) burst += encode_message(MsgType::Read, 100 + i, 0, args({"/nothing"}));
    daemon->receive(g.conn(), std::span(reinterpret_cast<const std::uint8_t*>(burst.data()), burst.size()));
    EXPECT_EQ(g.conn().queued_replies(), 2u);  // the rest waits
    std::size_t total = drain(g.conn()).size();
    daemon->process_input(g.conn());
    total += drain(g.conn()).size();
    daemon->process_input(g.conn());
    total += drain(g.conn()).size();
    EXPECT_EQ(total, 5u);
}

TEST(QuotaOptions, ParseQ) {
    Quotas q;
    EXPECT_TRUE(q.set_from_option("nodes=7"));
    EXPECT_EQ(q.nodes, 7u);
    EXPECT_TRUE(q.set_from_option("transaction-nodes=9"));
    EXPECT_EQ(q.transaction_nodes, 9u);
    EXPECT_FALSE(q.set_from_option("nodes"));
    EXPECT_FALSE(q.set_from_option("bogus=1"));
    EXPECT_FALSE(q.set_from_option("nodes=x"));
    EXPECT_FALSE(q.set_from_option("path-max=5000"));
}
