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
    EXPECT_EQ(g.chmod("p", {"n5", "r1", "r2", "r3"}), "OK");              // 4 = limit-1
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

TEST_F(Quota, OutstandingAtLimit) {
    daemon->quotas().outstanding = 3;
    auto g = guest(5);
    auto burst = [&](int n) {
        std::string bytes;
        for (int i = 0; i < n; ++i) bytes += encode_message(MsgType::Read, 1, 0, args({"/nothing"}));
        daemon->receive(g.conn(), std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
        auto queued = g.conn().queued_replies();
        while (daemon->process_input(g.conn()) && g.conn().reader.buffered() > 0) drain(g.conn());
        drain(g.conn());
        return queued;
    };
    EXPECT_EQ(burst(2), 2u);  // limit-1: all handled
    EXPECT_EQ(burst(3), 3u);  // limit
    EXPECT_EQ(burst(4), 3u);  // limit+1: the last waits until replies go
    EXPECT_EQ(g.conn().reader.buffered(), 0u);
}

TEST_F(Quota, PathMax) {
    daemon->quotas().path_max = 10;
    auto g = guest(5);
    EXPECT_EQ(g.write(std::string(9, 'a'), ""), "OK");       // below the home
    EXPECT_EQ(g.write(std::string(10, 'b'), ""), "OK");
    EXPECT_EQ(g.write(std::string(11, 'c'), ""), "EINVAL");
    EXPECT_EQ(dom0.write("/" + std::string(8, 'd'), ""), "OK");  // elsewhere: the whole path
    EXPECT_EQ(dom0.write("/" + std::string(9, 'e'), ""), "OK");
    EXPECT_EQ(dom0.write("/" + std::string(10, 'f'), ""), "EINVAL");
}

TEST_F(Quota, MemoryForQueuedEvents) {
    auto g = guest(5);
    dom0.write("/local/domain/5/c", "");
    EXPECT_EQ(g.watch("c", "t"), "OK");
    drain(g.conn());
    // Each event "c/kN\0t\0" is 16 + 7 bytes plus the per-message charge.
    const std::size_t each = 16 + 7 + Connection::kMessageOverhead;
    auto queued_after_four_changes = [&](std::size_t memory, char round) {
        daemon->quotas().memory = static_cast<std::uint32_t>(memory);
        for (char k = '0'; k < '4'; ++k) dom0.write(std::string("/local/domain/5/c/") + round + k, "");
        return drain(g.conn()).size();
    };
    EXPECT_EQ(queued_after_four_changes(3 * each - 1, 'a'), 2u);  // limit-1
    EXPECT_EQ(queued_after_four_changes(3 * each, 'b'), 3u);      // limit
    EXPECT_EQ(queued_after_four_changes(3 * each + 1, 'c'), 3u);  // limit+1
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
