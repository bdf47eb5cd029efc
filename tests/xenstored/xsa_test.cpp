// One test per class of xenstored security advisory: what a hostile guest
// sends must get an error (or cost it its connection), never hurt others.
#include "test_client.hpp"

using namespace xenstored;
using namespace xenstored::test;

using Xsa = DaemonFixture;

TEST_F(Xsa, MalformedMessagesGetErrors) {
    auto g = guest(5);
    EXPECT_EQ(g.request(MsgType::Watch, args({"a"})).error(), "EINVAL");
    EXPECT_EQ(g.request(MsgType::Watch, args({"a", "b", "c"})).error(), "EINVAL");
    EXPECT_EQ(g.request(MsgType::Watch, "a").error(), "EINVAL");
    EXPECT_EQ(g.request(MsgType::Read, "").error(), "EINVAL");
    EXPECT_EQ(g.request(MsgType::DirectoryPart, args({"x"})).error(), "EINVAL");
    EXPECT_EQ(g.request(MsgType::SetPerms, std::string("\0\0", 2)).error(), "EINVAL");
    EXPECT_EQ(g.request(MsgType::GetDomainPath, "").error(), "EINVAL");
    EXPECT_EQ(dom0.read("/tool"), "");  // the daemon is fine
}

TEST_F(Xsa, OversizedMessageDropsOnlyThatConnection) {
    auto g = guest(5);
    MsgHeader h{static_cast<std::uint32_t>(MsgType::Read), 1, 0, 4097};
    std::string bytes(reinterpret_cast<const char*>(&h), sizeof(h));
    EXPECT_FALSE(daemon->receive(g.conn(), std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size())));
    EXPECT_TRUE(g.conn().reader.broken());
    EXPECT_EQ(dom0.read("/tool"), "");
}

TEST_F(Xsa, ReplyOverPayloadLimitIsE2big) {
    for (int i = 0; i < 300; ++i) dom0.write("/big/a-rather-long-child-" + std::to_string(i), "");
    EXPECT_EQ(dom0.dir("/big"), "ERR:E2BIG");
    EXPECT_EQ(dom0.write("/v", std::string(4000, 'x')), "OK");
    EXPECT_EQ(dom0.read("/v").size(), 4000u);
}

TEST_F(Xsa, HugeWatchTokensAreBounded) {
    auto g = guest(5);
    const std::string token(4000, 't');
    EXPECT_EQ(g.watch("x", token), "OK");  // the initial event fits
    g.take_events();
    // An event whose path plus token exceed 4096 is dropped, not sent.
    dom0.write("/local/domain/5", "");
    dom0.chmod("/local/domain/5", {"n5"});
    EXPECT_EQ(g.write("x/" + std::string(150, 'p'), ""), "OK");
    for (auto& e : g.take_events()) EXPECT_LE(e.size(), kPayloadMax);
    EXPECT_EQ(g.watch(std::string(2100, 'a'), "t"), "EINVAL");
}

TEST_F(Xsa, NoPermissionLeakThroughWatches) {
    auto g = guest(5);
    g.watch("/", "all");
    g.take_events();
    dom0.write("/local/domain/7/secret", "password");
    dom0.rm("/local/domain/7/secret");
    EXPECT_TRUE(g.take_events().empty());
    dom0.watch("@releaseDomain", "r");
    g.watch("@introduceDomain", "i");
    g.take_events();  // the first event every watch gets
    guest(9);
    EXPECT_TRUE(g.take_events().empty());
}

TEST_F(Xsa, DomidReuseInheritsNothing) {
    auto g = guest(5);
    dom0.write("/shared", "");
    dom0.chmod("/shared", {"n0", "b5"});
    dom0.write("/local/domain/5", "");
    dom0.chmod("/local/domain/5", {"n5"});
    EXPECT_EQ(g.write("mine/x", "1"), "OK");
    EXPECT_EQ(g.watch("/shared", "w"), "OK");
    auto before = daemon->store().size();
    dom0.request(MsgType::Release, args({"5"}));
    EXPECT_EQ(dom0.read("/local/domain/5/mine/x"), "ERR:ENOENT");  // its nodes went
    EXPECT_LT(daemon->store().size(), before);
    EXPECT_EQ(daemon->store().nodes_owned(5), 0u);
    auto reborn = guest(5);
    EXPECT_EQ(reborn.read("/shared"), "ERR:EACCES");  // the old grant is stale
    EXPECT_EQ(dom0.perms("/shared"), "n0,");
    EXPECT_TRUE(reborn.conn().watches.empty());
    EXPECT_TRUE(reborn.conn().transactions.empty());
    // A new grant to the new domain works.
    dom0.chmod("/shared", {"n0", "r5"});
    EXPECT_EQ(reborn.read("/shared"), "");
}

TEST_F(Xsa, DeepTreesWithoutRecursion) {
    // As deep as paths allow (1024 levels of "/x"), made, watched, removed.
    std::string path;
    for (int i = 0; i < 1023; ++i) path += "/x";
    dom0.watch("/x", "deep");
    EXPECT_EQ(dom0.write(path, "bottom"), "OK");
    EXPECT_EQ(dom0.read(path), "bottom");
    auto tx = dom0.start();
    EXPECT_EQ(dom0.rm("/x", tx), "OK");
    EXPECT_EQ(dom0.end(tx), "OK");
    EXPECT_EQ(daemon->store().size(), 3u);
    auto g = guest(5);
    EXPECT_EQ(g.read(path), "ERR:EACCES");
}

TEST_F(Xsa, FailedCommitAppliesNothing) {
    dom0.write("/p/a", "0");
    auto tx = dom0.start();
    dom0.read("/p/a", tx);
    dom0.write("/p/b", "1", tx);
    dom0.write("/p/c/d", "1", tx);
    dom0.rm("/p/a", tx);
    Client other(*daemon, daemon->add_socket_connection());
    other.write("/p/a", "changed");
    auto size = daemon->store().size();
    EXPECT_EQ(dom0.end(tx), "EAGAIN");
    EXPECT_EQ(daemon->store().size(), size);
    EXPECT_EQ(dom0.read("/p/a"), "changed");
    EXPECT_EQ(dom0.read("/p/b"), "ERR:ENOENT");
}

TEST_F(Xsa, FloodingClientDoesNotStarveOthers) {
    daemon->quotas().nodes = 50;
    auto g = guest(5);
    dom0.write("/local/domain/5", "");
    dom0.chmod("/local/domain/5", {"n5"});
    for (int i = 0; i < 200; ++i) g.write("n" + std::to_string(i), "");
    EXPECT_EQ(daemon->store().nodes_owned(5), 50u);
    for (int i = 0; i < 500; ++i) g.watch("w" + std::to_string(i), "t");
    EXPECT_EQ(g.conn().watches.size(), daemon->quotas().watches + 1);
    EXPECT_EQ(dom0.write("/fine", "yes"), "OK");
    EXPECT_EQ(dom0.read("/fine"), "yes");
}

TEST_F(Xsa, UndeliveredEventsAreBounded) {
    daemon->quotas().memory = 4096;
    auto g = guest(5);
    dom0.write("/local/domain/5", "");
    dom0.chmod("/local/domain/5", {"n5", "r5"});
    g.watch("/local/domain/5", "t");
    for (int i = 0; i < 1000; ++i) dom0.write("/local/domain/5/k" + std::to_string(i), "");
    EXPECT_LE(g.conn().queued_bytes(), 4096u);
}
