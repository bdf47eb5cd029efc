// The toolstack's xenstore client against our real xenstored: many reads
// in one round trip, answered in order, absent nodes as nullopt, watch
// events that arrive meanwhile kept.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <thread>

#include "xenstore/client.hpp"
#include "xenstored_fixture.hpp"

namespace toolstack {
namespace {

TEST(XenstoreClient, ErrorsNameTheOperationPathAndError)
{
    test::PrivateXenstored daemon;
    xs::Client xs(daemon.socket());
    try {
        xs.set_perms(0, "/absent/node", {"n0"});
        FAIL() << "no error";
    } catch (const xs::XenstoreError& e) {
        EXPECT_EQ(e.name(), "ENOENT");
        EXPECT_STREQ(e.what(), "xenstore set-perms /absent/node: ENOENT");
    }
    EXPECT_THROW(xs::Client("/nonexistent/socket"), xs::XenstoreError);
}

TEST(XenstoreClient, WatchEventsArriveWhileWaiting)
{
    test::PrivateXenstored daemon;
    xs::Client watcher(daemon.socket()), writer(daemon.socket());
    writer.write(0, "/a", "");
    watcher.watch("/a", "tok");
    ASSERT_TRUE(watcher.wait_event(2000)); // the initial event
    EXPECT_EQ(watcher.take_event()->token, "tok");
    writer.write(0, "/a/b", "1");
    ASSERT_TRUE(watcher.wait_event(2000));
    EXPECT_EQ(watcher.take_event()->path, "/a/b");
    EXPECT_FALSE(watcher.wait_event(50));
}

TEST(XenstoreClient, ABatchIsAnsweredInOrderAndReportsItsFirstError)
{
    test::PrivateXenstored daemon;
    xs::Client xs(daemon.socket()), watcher(daemon.socket());
    watcher.watch("/batch", "tok");
    ASSERT_TRUE(watcher.wait_event(2000)); // the initial event
    watcher.take_event();
    // Many requests, past the size sent at once, in one transaction.
    xs::in_transaction(xs, [&](xs::Tx tx) {
        xs::Batch batch(xs, tx);
        batch.remove("/batch/absent"); // absent is fine
        for (int i = 0; i < 400; ++i) batch.write("/batch/n" + std::to_string(i), std::string(60, 'x'));
        batch.set_perms("/batch/n7", {"n0", "r3"});
        batch.run();
    });
    EXPECT_EQ(xs.directory(0, "/batch").size(), 400u);
    EXPECT_EQ(xs.get_perms(0, "/batch/n7"), (std::vector<std::string>{"n0", "r3"}));
    // A failing request: the rest still runs, the first error is thrown,
    // and the connection stays usable (every answer was read).
    xs::Batch batch(xs, 0);
    batch.write("/batch/before", "1");
    batch.set_perms("/absent/node", {"n0"});
    batch.set_perms("/absent/other", {"n0"});
    batch.write("/batch/after", "2");
    try {
        batch.run();
        FAIL() << "no error";
    } catch (const xs::XenstoreError& e) {
        EXPECT_STREQ(e.what(), "xenstore set-perms /absent/node: ENOENT");
        EXPECT_TRUE(e.answered());
    }
    EXPECT_EQ(xs.read(0, "/batch/after"), "2");
    // A watch event arriving amid the answers is kept, not taken for one.
    watcher.write(0, "/batch/w", "");
    xs::Batch mine(watcher, 0);
    mine.write("/batch/w2", "1");
    mine.run();
    ASSERT_TRUE(watcher.wait_event(2000));
    EXPECT_EQ(watcher.take_event()->path.rfind("/batch", 0), 0u);
    EXPECT_EQ(watcher.read(0, "/batch/w2"), "1");
}

TEST(XenstoreClient, ReadManyAnswersEachPathInOrder)
{
    test::PrivateXenstored daemon;
    xs::Client xs(daemon.socket());
    xs.write(0, "/local/domain/3/name", "three");
    xs.write(0, "/local/domain/5/name", "five");
    xs.watch("/local/domain/5/name", "tok");
    std::vector<std::string> paths = {"/local/domain/3/name", "/local/domain/4/name", "/local/domain/5/name"};
    auto names = xs.read_many(0, paths);
    ASSERT_EQ(names.size(), 3u);
    EXPECT_EQ(names[0], "three");
    EXPECT_EQ(names[1], std::nullopt);
    EXPECT_EQ(names[2], "five");
    EXPECT_TRUE(xs.read_many(0, {}).empty());
    // The watch's first event came in while the answers were read.
    ASSERT_TRUE(xs.wait_event(1000));
    auto event = xs.take_event();
    ASSERT_TRUE(event);
    EXPECT_EQ(event->token, "tok");
    // More than one round's worth, and the connection still in step after.
    std::vector<std::string> many;
    for (int i = 0; i < 300; ++i) many.push_back(i % 2 ? "/local/domain/3/name" : "/local/domain/9/absent");
    auto got = xs.read_many(0, many);
    ASSERT_EQ(got.size(), 300u);
    for (int i = 0; i < 300; ++i) EXPECT_EQ(got[size_t(i)], i % 2 ? std::optional<std::string>("three") : std::nullopt);
    EXPECT_EQ(xs.read(0, "/local/domain/5/name"), "five");
}

TEST(XenstoreClient, ReadManyThrowsOtherErrorsAfterReadingEveryAnswer)
{
    test::PrivateXenstored daemon;
    xs::Client xs(daemon.socket());
    xs.write(0, "/ok", "1");
    // A path xenstored refuses (not absolute): EINVAL, the others answered.
    EXPECT_THROW(xs.read_many(0, {"/ok", "relative//bad", "/ok"}), xs::XenstoreError);
    EXPECT_EQ(xs.read(0, "/ok"), "1"); // no answer left behind
}

// A daemon that answers a read with another request's number: the client
// takes no answer for another's, and is closed from then on.
TEST(XenstoreClient, AReplyOutOfStepClosesTheConnection)
{
    char dir_pattern[] = "/tmp/xs-client-test.XXXXXX";
    const std::string dir = ::mkdtemp(dir_pattern), path = dir + "/socket";
    int listener = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strcpy(address.sun_path, path.c_str());
    ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    ASSERT_EQ(::listen(listener, 1), 0);
    std::thread daemon([listener] {
        int fd = ::accept(listener, nullptr, nullptr);
        xenstored::MsgHeader request{};
        char payload[256];
        if (::recv(fd, &request, sizeof(request), MSG_WAITALL) == sizeof(request) && request.len <= sizeof(payload) &&
            ::recv(fd, payload, request.len, MSG_WAITALL) == ssize_t(request.len)) {
            xenstored::MsgHeader answer{request.type, request.req_id + 7, 0, 1};
            ::send(fd, &answer, sizeof(answer), 0);
            ::send(fd, "x", 1, 0);
        }
        char byte;
        ::recv(fd, &byte, 1, 0); // until the client closes
        ::close(fd);
    });
    {
        xs::Client xs(path);
        try {
            xs.read(0, "/a");
            FAIL() << "an answer to another request was taken";
        } catch (const xs::XenstoreError& e) {
            EXPECT_FALSE(e.answered());
            EXPECT_NE(std::string(e.what()).find("reply to request"), std::string::npos) << e.what();
        }
        EXPECT_EQ(xs.fd(), -1);
        EXPECT_THROW(xs.read(0, "/a"), xs::XenstoreError);
        EXPECT_THROW(xs.wait_event(-1), xs::XenstoreError);
    }
    daemon.join();
    ::close(listener);
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace toolstack
