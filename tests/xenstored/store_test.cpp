// The store and the node requests through the daemon, as dom0.
#include "test_client.hpp"

using namespace xenstored;
using namespace xenstored::test;

using Store_ = DaemonFixture;

TEST_F(Store_, FreshStoreHoldsOnlyTool) {
    EXPECT_EQ(dom0.dir("/"), "tool,");
    EXPECT_EQ(dom0.dir("/tool"), "xenstored,");
    EXPECT_EQ(dom0.read("/"), "");
    EXPECT_EQ(dom0.perms("/tool/xenstored"), "n0,");
    EXPECT_EQ(daemon->store().size(), 3u);
}

TEST_F(Store_, WriteCreatesAncestorsAndReadsBack) {
    EXPECT_EQ(dom0.write("/a/b/c", "v"), "OK");
    EXPECT_EQ(dom0.read("/a/b/c"), "v");
    EXPECT_EQ(dom0.read("/a/b"), "");
    EXPECT_EQ(dom0.dir("/"), "tool,a,");
    EXPECT_EQ(dom0.write("/a/b/c", std::string("x\0y", 3)), "OK");
    EXPECT_EQ(dom0.read("/a/b/c"), std::string("x\0y", 3));
    EXPECT_EQ(dom0.write("/a/e", ""), "OK");
    EXPECT_EQ(dom0.read("/a/e"), "");
}

TEST_F(Store_, SocketRelativePathsLiveUnderDom0) {
    EXPECT_EQ(dom0.write("backend/vbd", "1"), "OK");
    EXPECT_EQ(dom0.read("/local/domain/0/backend/vbd"), "1");
    EXPECT_EQ(dom0.read("backend/vbd"), "1");
}

TEST_F(Store_, ChildrenKeepCreationOrder) {
    for (auto name : {"z", "a", "m"}) dom0.write(std::string("/o/") + name, "");
    EXPECT_EQ(dom0.dir("/o"), "z,a,m,");
    dom0.rm("/o/a");
    EXPECT_EQ(dom0.dir("/o"), "z,m,");
}

TEST_F(Store_, MkdirAndRm) {
    EXPECT_EQ(dom0.mkdir("/d"), "OK");
    EXPECT_EQ(dom0.mkdir("/d"), "OK");
    EXPECT_EQ(dom0.write("/d/x/y", "1"), "OK");
    EXPECT_EQ(dom0.rm("/d"), "OK");
    EXPECT_EQ(dom0.read("/d/x/y"), "ERR:ENOENT");
    EXPECT_EQ(dom0.rm("/d"), "OK");          // absent, parent exists
    EXPECT_EQ(dom0.rm("/d/x"), "ENOENT");    // parent absent
    EXPECT_EQ(dom0.rm("/"), "EINVAL");
    EXPECT_EQ(daemon->store().size(), 3u);
}

TEST_F(Store_, InvalidRequestsGetEinval) {
    EXPECT_EQ(dom0.read("/a//b"), "ERR:EINVAL");
    EXPECT_EQ(dom0.read("/a/"), "ERR:EINVAL");
    EXPECT_EQ(dom0.read("@releaseDomain"), "ERR:EINVAL");
    EXPECT_EQ(dom0.request(MsgType::Read, "/tool").error(), "EINVAL");               // no NUL
    EXPECT_EQ(dom0.request(MsgType::Read, std::string("/a\0b\0", 5)).error(), "EINVAL");
    EXPECT_EQ(dom0.request(MsgType::Write, "/nonul").error(), "EINVAL");
    EXPECT_EQ(dom0.request(MsgType::TransactionEnd, args({"X"}), 0).error(), "EINVAL");
}

TEST_F(Store_, UnknownTypesGetEnosys) {
    for (std::uint32_t t : {15u, 16u, 20u, 23u, 24u, 0xffffu}) {
        EXPECT_EQ(dom0.request(static_cast<MsgType>(t), args({"/"})).error(), "ENOSYS") << t;
    }
}

TEST_F(Store_, RepliesEchoHeader) {
    auto r = dom0.request(MsgType::Read, args({"/tool"}));
    EXPECT_EQ(r.type, MsgType::Read);
    EXPECT_NE(r.req_id, 0u);
    auto e = dom0.request(MsgType::Read, args({"/none"}));
    EXPECT_EQ(e.type, MsgType::Error);
    EXPECT_EQ(e.payload, std::string("ENOENT\0", 7));
}

TEST_F(Store_, DirectoryTooBigAndDirectoryPart) {
    // 300 children of 18 characters: over 4096 bytes of names.
    for (int i = 0; i < 300; ++i) dom0.write("/big/child-number-" + std::to_string(10000 + i), "");
    EXPECT_EQ(dom0.dir("/big"), "ERR:E2BIG");
    std::string all;
    std::uint64_t offset = 0;
    std::string gen;
    for (int round = 0; round < 10; ++round) {
        auto r = dom0.request(MsgType::DirectoryPart, args({"/big", std::to_string(offset)}));
        ASSERT_FALSE(r.is_error());
        auto nul = r.payload.find('\0');
        if (round == 0) gen = r.payload.substr(0, nul);
        EXPECT_EQ(r.payload.substr(0, nul), gen);
        std::string chunk = r.payload.substr(nul + 1);
        bool last = chunk.size() >= 2 && chunk.substr(chunk.size() - 2) == std::string("\0\0", 2);
        if (last) chunk.pop_back();
        all += chunk;
        offset += chunk.size();
        if (last) break;
    }
    EXPECT_EQ(all.size(), 300u * 19u);
    auto past = dom0.request(MsgType::DirectoryPart, args({"/big", "99999"}));
    EXPECT_EQ(past.payload, gen + std::string("\0\0", 2));
}

TEST_F(Store_, GetDomainPathAndIntroducedQueries) {
    auto r = dom0.request(MsgType::GetDomainPath, args({"7"}));
    EXPECT_EQ(r.payload, std::string("/local/domain/7\0", 16));
    EXPECT_EQ(dom0.request(MsgType::IsDomainIntroduced, args({"7"})).payload, std::string("F\0", 2));
    EXPECT_EQ(dom0.request(MsgType::IsDomainIntroduced, args({"32752"})).payload, std::string("T\0", 2));
    guest(7);
    EXPECT_EQ(dom0.request(MsgType::IsDomainIntroduced, args({"7"})).payload, std::string("T\0", 2));
    EXPECT_EQ(dom0.request(MsgType::Introduce, args({"8", "0", "0"})).error(), "EINVAL");  // port 0
    EXPECT_EQ(dom0.request(MsgType::Release, args({"0"})).error(), "EINVAL");
    EXPECT_EQ(dom0.request(MsgType::Release, args({"9"})).error(), "ENOENT");
    EXPECT_EQ(dom0.request(MsgType::Resume, args({"9"})).error(), "ENOENT");
    EXPECT_EQ(dom0.request(MsgType::Resume, args({"7"})).error(), "OK");
}

TEST_F(Store_, ControlCommands) {
    auto help = dom0.request(MsgType::Control, args({"help"}));
    EXPECT_NE(help.payload.find("quota"), std::string::npos);
    EXPECT_EQ(dom0.request(MsgType::Control, args({"check"})).error(), "OK");
    EXPECT_EQ(dom0.request(MsgType::Control, args({"quota", "set", "nodes", "5"})).error(), "OK");
    EXPECT_EQ(daemon->quotas().nodes, 5u);
    EXPECT_NE(dom0.request(MsgType::Control, args({"quota"})).payload.find("nodes: 5"), std::string::npos);
    EXPECT_EQ(dom0.request(MsgType::Control, args({"quota", "set", "bogus", "5"})).error(), "EINVAL");
    EXPECT_EQ(dom0.request(MsgType::Control, args({"nonsense"})).error(), "EINVAL");
}
