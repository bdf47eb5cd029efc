// The shared-ring transport over an in-memory page: a fake guest writes
// requests into req[], kicks, and reads replies from rsp[].
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "daemon.hpp"
#include "ring_transport.hpp"
#include "test_client.hpp"

using namespace xenstored;
using namespace xenstored::test;

namespace {

struct Page : RingMapping {
    XenstoreInterface* shared;
    explicit Page(XenstoreInterface* s) : shared(s) {}
    XenstoreInterface* page() override { return shared; }
};

struct Kicks : EventChannel {
    int* count;
    explicit Kicks(int* c) : count(c) {}
    void notify() override { ++*count; }
    std::uint32_t local_port() const override { return 7; }
};

// Gives each introduced domain a ring on `page`.
struct RingBackend : DomainBackend {
    XenstoreInterface* page = nullptr;
    Daemon* daemon = nullptr;
    int kicks = 0;
    std::shared_ptr<RingTransport> ring;
    DomainState domain_state(std::uint32_t) override { return DomainState::Running; }
    Error rebind(Connection&, std::uint32_t, std::uint32_t) override { return Error::Ok; }
    Error attach(Connection& conn, std::uint32_t, std::uint64_t, std::uint32_t) override {
        ring = std::make_shared<RingTransport>(*daemon, conn, std::make_unique<Page>(page), std::make_unique<Kicks>(&kicks));
        ring->ring().reset();
        conn.transport = ring;
        return Error::Ok;
    }
};

struct RingFixture : ::testing::Test {
    XenstoreInterface page{};
    RingBackend backend;
    Daemon daemon{Quotas{}, backend};
    Client dom0{daemon, daemon.add_socket_connection()};

    void SetUp() override {
        std::memset(&page, 0xAA, sizeof(page));  // indexes must be reset by INTRODUCE
        backend.page = &page;
        backend.daemon = &daemon;
        ASSERT_EQ(dom0.request(MsgType::Introduce, args({"3", "0", "5"})).error(), "OK");
        dom0.write("/local/domain/3", "");
        dom0.chmod("/local/domain/3", {"n3"});
    }

    // The guest side, as Linux's xenbus does it.
    std::size_t guest_send(std::string_view bytes) {
        std::uint32_t prod = page.req_prod;
        std::size_t room = kRingSize - (prod - page.req_cons);
        std::size_t n = std::min(room, bytes.size());
        for (std::size_t i = 0; i < n; ++i) page.req[(prod + i) & (kRingSize - 1)] = bytes[i];
        page.req_prod = prod + static_cast<std::uint32_t>(n);
        return n;
    }
    std::string guest_receive() {
        std::string out;
        while (page.rsp_cons != page.rsp_prod) out.push_back(page.rsp[page.rsp_cons++ & (kRingSize - 1)]);
        return out;
    }
    static std::vector<Reply> parse(const std::string& bytes) {
        std::vector<Reply> out;
        std::size_t pos = 0;
        while (pos + sizeof(MsgHeader) <= bytes.size()) {
            MsgHeader h;
            std::memcpy(&h, bytes.data() + pos, sizeof(h));
            out.push_back({static_cast<MsgType>(h.type), h.req_id, h.tx_id, bytes.substr(pos + sizeof(h), h.len)});
            pos += sizeof(h) + h.len;
        }
        return out;
    }
};

}  // namespace

TEST_F(RingFixture, IntroduceResetsTheRing) {
    EXPECT_EQ(page.req_cons, 0u);
    EXPECT_EQ(page.rsp_prod, 0u);
    EXPECT_EQ(page.connection, 0u);
    EXPECT_EQ(page.error, 0u);
    EXPECT_EQ(page.server_features, 0u);
}

TEST_F(RingFixture, RequestAndReplyOverTheRing) {
    guest_send(encode_message(MsgType::Write, 1, 0, std::string("key\0value", 9)));
    guest_send(encode_message(MsgType::Read, 2, 0, args({"key"})));
    const int before = backend.kicks;
    backend.ring->on_event();
    EXPECT_GT(backend.kicks, before);
    auto replies = parse(guest_receive());
    ASSERT_EQ(replies.size(), 2u);
    EXPECT_EQ(replies[0].payload, std::string("OK\0", 3));
    EXPECT_EQ(replies[1].req_id, 2u);
    EXPECT_EQ(replies[1].payload, "value");
    EXPECT_EQ(dom0.read("/local/domain/3/key"), "value");
}

TEST_F(RingFixture, MessagesSplitAcrossKicksAndWraps) {
    // Many requests, fed a few bytes per kick, so the 1 KiB rings wrap.
    std::string stream;
    for (int i = 0; i < 100; ++i) {
        std::string p = "k" + std::to_string(i);
        p.push_back('\0');
        p += std::string(30, 'v');
        stream += encode_message(MsgType::Write, static_cast<std::uint32_t>(i), 0, p);
    }
    std::size_t sent = 0;
    std::string received;
    while (sent < stream.size() || page.rsp_prod != page.rsp_cons) {
        sent += guest_send(std::string_view(stream).substr(sent, std::min<std::size_t>(37, stream.size() - sent)));
        backend.ring->on_event();
        received += guest_receive();
        backend.ring->on_event();
    }
    auto replies = parse(received);
    ASSERT_EQ(replies.size(), 100u);
    for (std::uint32_t i = 0; i < 100; ++i) EXPECT_EQ(replies[i].req_id, i);
    EXPECT_EQ(dom0.read("/local/domain/3/k99"), std::string(30, 'v'));
}

TEST_F(RingFixture, RepliesWaitWhenTheGuestDoesNotRead) {
    std::string p = "big";
    p.push_back('\0');
    p += std::string(900, 'x');
    dom0.write("/local/domain/3/big", std::string(900, 'x'));
    for (int i = 0; i < 3; ++i) guest_send(encode_message(MsgType::Read, static_cast<std::uint32_t>(i), 0, args({"big"})));
    backend.ring->on_event();
    // Only ~1 KiB fits; the rest stays queued until the guest consumes.
    EXPECT_LE(page.rsp_prod - page.rsp_cons, kRingSize);
    std::string all = guest_receive();
    backend.ring->on_event();
    all += guest_receive();
    backend.ring->on_event();
    all += guest_receive();
    EXPECT_EQ(parse(all).size(), 3u);
}

TEST_F(RingFixture, WatchEventsReachTheGuest) {
    guest_send(encode_message(MsgType::Watch, 1, 0, args({"w", "tok"})));
    backend.ring->on_event();
    guest_receive();
    dom0.write("/local/domain/3/w", "1");  // wakes the ring from outside
    auto events = parse(guest_receive());
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, MsgType::WatchEvent);
    EXPECT_EQ(events[0].payload, args({"w", "tok"}));
}

TEST_F(RingFixture, CorruptIndexesMarkTheRingBroken) {
    page.req_prod = page.req_cons + 5000;
    backend.ring->on_event();
    EXPECT_EQ(page.error, static_cast<std::uint32_t>(RingError::RingIndex));
    EXPECT_TRUE(backend.ring->dead());
    EXPECT_EQ(dom0.read("/tool"), "");
}

TEST_F(RingFixture, OversizedMessageIsAProtocolError) {
    MsgHeader h{static_cast<std::uint32_t>(MsgType::Read), 1, 0, 5000};
    guest_send(std::string(reinterpret_cast<const char*>(&h), sizeof(h)));
    backend.ring->on_event();
    EXPECT_EQ(page.error, static_cast<std::uint32_t>(RingError::Protocol));
    // RELEASE still cleans it up.
    EXPECT_EQ(dom0.request(MsgType::Release, args({"3"})).error(), "OK");
    EXPECT_EQ(daemon.domains().count(3), 0u);
}
