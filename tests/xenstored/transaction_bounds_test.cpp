// What an open transaction may hold: bounded copies once over its node
// quota, one queued change per node however often it is rewritten, and
// watchers that lose read access inside it still told at commit.
#include "test_client.hpp"

using namespace xenstored;
using namespace xenstored::test;

struct TxBounds : DaemonFixture {
    void SetUp() override {
        dom0.write("/local/domain/5", "");
        dom0.chmod("/local/domain/5", {"n5"});
    }
    Transaction& open(Connection& conn, std::uint32_t id) { return *conn.transactions.at(id); }
};

TEST_F(TxBounds, OverNodeQuotaKeepsNoMoreCopies) {
    daemon->quotas().transaction_nodes = 4;
    auto g = guest(5);
    auto tx = g.start();
    for (int i = 0; i < 200; ++i) g.write("k" + std::to_string(i), std::string(1000, 'v'), tx);
    EXPECT_LE(open(g.conn(), tx).copies(), 8u);
    EXPECT_EQ(g.write("more", "", tx), "ENOSPC");
    EXPECT_EQ(g.end(tx), "ENOSPC");
    EXPECT_EQ(dom0.read("/local/domain/5/k0"), "ERR:ENOENT");  // nothing applied
}

TEST_F(TxBounds, RewritingOneNodeQueuesOneChange) {
    dom0.write("/n", "0");
    auto tx = dom0.start();
    for (int i = 0; i < 1000; ++i) EXPECT_EQ(dom0.write("/n", std::to_string(i), tx), "OK");
    EXPECT_EQ(open(dom0.conn(), tx).pending_changes(), 1u);
    dom0.watch("/n", "w");
    dom0.take_events();
    EXPECT_EQ(dom0.end(tx), "OK");
    EXPECT_EQ(dom0.take_events(), std::vector<std::string>{"/n|w"});
}

TEST_F(TxBounds, WatcherLosingAccessInsideTransactionStillHears) {
    auto g = guest(5);
    dom0.write("/s/k", "1");
    dom0.chmod("/s/k", {"n0", "r5"});
    EXPECT_EQ(g.watch("/s/k", "w"), "OK");
    g.take_events();
    auto tx = dom0.start();
    dom0.write("/s/k", "2", tx);             // first change: no old permissions
    dom0.chmod("/s/k", {"n0"}, tx);          // then the guest loses read
    EXPECT_EQ(dom0.end(tx), "OK");
    EXPECT_EQ(g.take_events(), std::vector<std::string>{"/s/k|w"});
}
