// xenconsoled's logic on the host: our real xenstored on a private socket,
// a real pty, and the rings and event channels of console_fake_devices.hpp.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "console_fake_devices.hpp"
#include "console/daemon.hpp"
#include "xenstored_fixture.hpp"

namespace console {
namespace {

using namespace std::chrono_literals;

constexpr uint32_t REMOTE_PORT = 3;

std::string slurp(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class ConsoleDaemon : public ::testing::Test {
protected:
    ConsoleDaemon() : admin(xsd.socket()), daemon_xs(xsd.socket())
    {
        char pattern[] = "/tmp/console-logs.XXXXXX";
        log_dir = ::mkdtemp(pattern);
        options.log = LogSet::Guest;
        options.log_dir = log_dir;
    }
    ~ConsoleDaemon() override
    {
        for (int fd : slaves) ::close(fd);
        std::filesystem::remove_all(log_dir);
    }

    std::string dir(uint32_t domid) { return Console::dir_of(domid); }

    // The nodes libxl writes for console 0 (spec §2.9), `port` last.
    void write_console_nodes(uint32_t domid, const std::string& name, bool with_port = true,
                             const std::string& type = "xenconsoled")
    {
        dev.live.push_back({domid, false});
        admin.write(0, "/local/domain/" + std::to_string(domid) + "/name", name);
        admin.write(0, dir(domid) + "/limit", "1048576");
        admin.write(0, dir(domid) + "/type", type);
        admin.write(0, dir(domid) + "/output", "pty");
        admin.write(0, dir(domid) + "/tty", "");
        admin.write(0, dir(domid) + "/ring-ref", "233472");
        if (with_port) admin.write(0, dir(domid) + "/port", std::to_string(REMOTE_PORT));
    }

    template <class Pred> bool run_until(Pred pred, std::chrono::milliseconds limit = 5s)
    {
        auto end = std::chrono::steady_clock::now() + limit;
        while (!pred()) {
            if (std::chrono::steady_clock::now() > end) return false;
            loop.run_for(5ms);
        }
        return true;
    }

    std::string tty(uint32_t domid) { return admin.read(0, dir(domid) + "/tty").value_or(""); }

    int open_slave(uint32_t domid)
    {
        int fd = ::open(tty(domid).c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
        if (fd >= 0) slaves.push_back(fd);
        return fd;
    }

    // Reads the slave until `want` arrived (or the time is up).
    std::string read_slave(int fd, size_t want)
    {
        std::string got;
        run_until([&] {
            char buf[4096];
            ssize_t n = ::read(fd, buf, sizeof buf);
            if (n > 0) got.append(buf, size_t(n));
            return got.size() >= want;
        });
        return got;
    }

    test::PrivateXenstored xsd;
    xs::Client admin, daemon_xs;
    test::FakeConsoleDevices dev;
    Options options;
    std::string log_dir;
    EventLoop loop;
    std::vector<int> slaves;
};

TEST_F(ConsoleDaemon, ServesAConsoleFromAppearanceToRelease)
{
    write_console_nodes(1, "guest1");
    Daemon daemon(loop, daemon_xs, dev, options);
    daemon.start();

    ASSERT_TRUE(run_until([&] { return !tty(1).empty(); })) << "no tty written";
    EXPECT_EQ(tty(1).rfind("/dev/pts/", 0), 0u) << tty(1);
    ASSERT_TRUE(dev.local_port_of(1));
    EXPECT_EQ(dev.bound.at(*dev.local_port_of(1)).remote_port, REMOTE_PORT);
    EXPECT_EQ(dev.mapped[1], 1);
    int slave = open_slave(1);
    ASSERT_GE(slave, 0) << tty(1);

    // Guest output: ring -> pty slave and the log; out_cons follows.
    dev.guest_write(1, "hello from guest1\r\n");
    ASSERT_TRUE(dev.fire(1, REMOTE_PORT));
    EXPECT_EQ(read_slave(slave, 19), "hello from guest1\r\n");
    EXPECT_EQ(dev.ring(1).out_cons, dev.ring(1).out_prod);
    EXPECT_GE(dev.notifications[*dev.local_port_of(1)], 1u);
    EXPECT_EQ(slurp(log_dir + "/guest-guest1.log"), "hello from guest1\r\n");

    // Keyboard: pty slave -> the ring's `in`, with a kick.
    unsigned kicks = dev.notifications[*dev.local_port_of(1)];
    ASSERT_EQ(::write(slave, "ls\n", 3), 3);
    std::string typed;
    ASSERT_TRUE(run_until([&] {
        typed += dev.guest_read(1);
        return typed == "ls\n";
    })) << typed;
    EXPECT_GT(dev.notifications[*dev.local_port_of(1)], kicks);

    // Output while no client holds the slave stays for the next one.
    ::close(slave);
    slaves.clear();
    dev.guest_write(1, "while detached\n");
    dev.fire(1, REMOTE_PORT);
    ASSERT_TRUE(run_until([&] { return dev.ring(1).out_cons == dev.ring(1).out_prod; }));
    slave = open_slave(1);
    ASSERT_GE(slave, 0);
    EXPECT_EQ(read_slave(slave, 15), "while detached\n");

    // The domain goes: everything released.
    dev.live.clear();
    daemon.rescan();
    EXPECT_EQ(daemon.console_count(), 0u);
    EXPECT_TRUE(dev.bound.empty());
    EXPECT_EQ(dev.mapped[1], 0);
    char c;
    ssize_t n = ::read(slave, &c, 1);
    EXPECT_TRUE(n == 0 || (n < 0 && errno == EIO)) << "the pty master is still open";
}

TEST_F(ConsoleDaemon, WaitsForThePortNodeAndIgnoresOtherBackends)
{
    write_console_nodes(1, "late", false);
    write_console_nodes(2, "qemu", true, "ioemu");
    Daemon daemon(loop, daemon_xs, dev, options);
    daemon.start();
    run_until([] { return false; }, 100ms);
    EXPECT_EQ(daemon.console_count(), 2u);
    EXPECT_TRUE(tty(1).empty());
    EXPECT_TRUE(tty(2).empty());
    EXPECT_TRUE(dev.bound.empty());

    admin.write(0, dir(1) + "/port", std::to_string(REMOTE_PORT)); // the watch on dom1's console
    ASSERT_TRUE(run_until([&] { return !tty(1).empty(); }));
    EXPECT_TRUE(dev.local_port_of(1));
    EXPECT_FALSE(dev.local_port_of(2));
}

TEST_F(ConsoleDaemon, HostileRingLosesOnlyItsOwnConsole)
{
    write_console_nodes(1, "hostile");
    write_console_nodes(2, "good");
    Daemon daemon(loop, daemon_xs, dev, options);
    daemon.start();
    ASSERT_TRUE(run_until([&] { return !tty(1).empty() && !tty(2).empty(); }));

    dev.ring(1).out_cons = 0;
    dev.ring(1).out_prod = 0x7fff0000; // far beyond the ring's 2048 bytes
    dev.fire(1, REMOTE_PORT);
    ASSERT_TRUE(run_until([&] { return !dev.local_port_of(1); })) << "the broken console kept its port";
    EXPECT_EQ(dev.mapped[1], 0);
    EXPECT_EQ(dev.ring(1).out_cons, 0u);

    int slave = open_slave(2);
    dev.guest_write(2, "still fine\n");
    dev.fire(2, REMOTE_PORT);
    EXPECT_EQ(read_slave(slave, 11), "still fine\n");

    // The same nodes again do not bring the broken ring back; new ones do.
    admin.write(0, dir(1) + "/limit", "1048576");
    run_until([] { return false; }, 50ms);
    EXPECT_FALSE(dev.local_port_of(1));
    dev.ring(1).out_prod = 0;
    admin.write(0, dir(1) + "/port", "4");
    ASSERT_TRUE(run_until([&] { return dev.local_port_of(1).has_value(); }));
}

TEST_F(ConsoleDaemon, UnmappableRingIsSkipped)
{
    dev.fail_map = true;
    write_console_nodes(1, "nomap");
    Daemon daemon(loop, daemon_xs, dev, options);
    daemon.start();
    run_until([] { return false; }, 100ms);
    EXPECT_EQ(daemon.console_count(), 1u);
    EXPECT_TRUE(dev.bound.empty());
    EXPECT_TRUE(tty(1).empty());
}

TEST_F(ConsoleDaemon, FloodingGuestIsHeldMaskedUntilTheNextPeriod)
{
    write_console_nodes(1, "flood");
    Daemon daemon(loop, daemon_xs, dev, options);
    daemon.start();
    ASSERT_TRUE(run_until([&] { return dev.local_port_of(1).has_value(); }));
    uint32_t port = *dev.local_port_of(1);
    daemon.new_period();
    daemon.handle_events();

    unsigned served = 0;
    for (int i = 0; i < 100; ++i) {
        dev.guest_write(1, "x");
        dev.fire(1, REMOTE_PORT);
        daemon.handle_events();
        if (!dev.masked(port)) ++served;
    }
    EXPECT_EQ(served, RATE_LIMIT_EVENTS - 1); // the 30th event leaves it masked
    EXPECT_TRUE(dev.masked(port));
    daemon.new_period(); // the pending kick is delivered again
    daemon.handle_events();
    EXPECT_FALSE(dev.masked(port));
}

TEST_F(ConsoleDaemon, LogNameWithASlashIsReplacedByTheDomid)
{
    write_console_nodes(4, "../escape");
    Daemon daemon(loop, daemon_xs, dev, options);
    daemon.start();
    ASSERT_TRUE(run_until([&] { return dev.local_port_of(4).has_value(); }));
    EXPECT_TRUE(std::filesystem::exists(log_dir + "/guest-4.log"));
}

TEST_F(ConsoleDaemon, HangupReopensTheLogWithTimestamps)
{
    options.timestamp = LogSet::Guest;
    write_console_nodes(1, "rotated");
    Daemon daemon(loop, daemon_xs, dev, options);
    daemon.start();
    ASSERT_TRUE(run_until([&] { return dev.local_port_of(1).has_value(); }));
    std::string log = log_dir + "/guest-rotated.log";
    std::filesystem::rename(log, log + ".1");
    daemon.reopen_logs();
    dev.guest_write(1, "after rotation\n");
    dev.fire(1, REMOTE_PORT);
    ASSERT_TRUE(run_until([&] { return slurp(log).find("after rotation") != std::string::npos; }));
    std::string text = slurp(log);
    EXPECT_NE(text.find("] Logfile Opened\n["), std::string::npos) << text;
    EXPECT_EQ(text.substr(text.size() - 17), "] after rotation\n") << text;
}

} // namespace
} // namespace console
