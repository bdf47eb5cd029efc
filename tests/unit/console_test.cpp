// The console: a domU's lines are queued and drained a little at a time,
// within a byte budget; log lines flush the queue first so the order holds.
#include "core/console.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"

namespace hv {
namespace {

struct Capture final : ConsoleDevice {
    std::string text;
    void put_char(char c) override { text += c; }
};

struct ConsoleTest : ::testing::Test {
    Capture device;
    test::Machine machine;
    ConsoleTest()
    {
        console::drain(~size_t(0)); // nothing left from other tests
        console::attach(&device);
        arch::host::set_counter(1000);
    }
    ~ConsoleTest() override
    {
        console::drain(~size_t(0));
        console::attach(nullptr);
        arch::host::set_counter(0);
    }
    static size_t count(const std::string& text, const std::string& what)
    {
        size_t n = 0;
        for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
        return n;
    }
};

TEST_F(ConsoleTest, AGuestLineIsQueuedThenDrainedInSteps)
{
    test::TestDomain domu(machine, 4);
    device.text.clear();
    for (char c : std::string(200, 'a') + "\n") domu->console_output(c);
    // The guest's own call drained one step, no more.
    EXPECT_EQ(device.text.size(), console::kDrainStep);
    console::drain(console::kDrainStep);
    EXPECT_EQ(device.text.size(), 2 * console::kDrainStep);
    console::log("hypervisor line");
    // The log line came after the whole guest line.
    auto guest = device.text.find("(d4) " + std::string(200, 'a') + "\r\n");
    auto ours = device.text.find("hypervisor line");
    ASSERT_NE(guest, std::string::npos);
    ASSERT_NE(ours, std::string::npos);
    EXPECT_LT(guest, ours);
}

TEST_F(ConsoleTest, AFloodingGuestIsHeldToItsBudget)
{
    test::TestDomain domu(machine, 5);
    device.text.clear();
    std::string line(100, 'x');
    for (int i = 0; i < 1000; ++i) // 100 KB at one instant: time stands still
        for (char c : line + "\n") domu->console_output(c);
    console::drain(~size_t(0));
    size_t shown = count(device.text, "(d5) ");
    EXPECT_GE(shown, 100u); // 16 KiB of lines
    EXPECT_LE(shown, 130u);
    // A second later 4 KiB more may go, and the drop is reported.
    arch::host::set_counter(1000 + arch::counter_frequency());
    device.text.clear();
    for (int i = 0; i < 100; ++i)
        for (char c : line + "\n") domu->console_output(c);
    console::drain(~size_t(0));
    EXPECT_NE(device.text.find("d5: "), std::string::npos);
    EXPECT_NE(device.text.find("console lines dropped"), std::string::npos);
    EXPECT_GE(count(device.text, "(d5) "), 25u);
    EXPECT_LE(count(device.text, "(d5) "), 35u);
}

TEST_F(ConsoleTest, ALogLineBehindALongQueueWaitsInIt)
{
    for (int i = 0; i < 40; ++i) console::queue(std::string(99, 'g') + "\n"); // 4 KB of guest lines
    console::log("after the guests");
    // It did not wait for the UART to send 4 KB: one step went out.
    EXPECT_LT(device.text.size(), 1000u);
    EXPECT_EQ(device.text.find("after the guests"), std::string::npos);
    console::flush();
    EXPECT_EQ(count(device.text, std::string(99, 'g')), 40u);
    EXPECT_GT(device.text.find("after the guests"), device.text.rfind(std::string(99, 'g')));
}

TEST_F(ConsoleTest, AFullQueueDropsAndSaysSo)
{
    std::string chunk(1000, 'q');
    for (int i = 0; i < 40; ++i) console::queue(chunk + "\n"); // 40 KB into 16 KiB
    console::drain(~size_t(0));
    EXPECT_EQ(count(device.text, chunk), 16u);
    EXPECT_NE(device.text.find("bytes of guest output dropped"), std::string::npos);
}

struct Counting final : ConsoleDevice {
    size_t n = 0;
    void put_char(char) override { ++n; }
};

// dom0's output behind a full queue of guest output does not write the
// whole queue out under the lock (1.4 s at 115200 baud): it waits in it.
TEST(Console, Dom0OutputBehindAFullQueueWaitsInIt)
{
    Counting device;
    console::drain(~size_t(0));
    console::attach(&device);
    console::queue(std::string(16 * 1024 - 40, 'g'));
    device.n = 0;
    console::write("dom0 printk line\n"); // dom0's console_io: drains everything queued first
    size_t written = device.n;
    console::drain(~size_t(0));
    console::attach(nullptr);
    EXPECT_LE(written, 256u + 200u) << "one line of dom0 output wrote " << written << " bytes to the UART";
}

} // namespace
} // namespace hv
