// The dom0 device wrappers outside dom0: opening fails with a clear error
// naming the device (they are exercised for real in dom0 under QEMU).
#include <gtest/gtest.h>

#include <cerrno>

#include "error.hpp"
#include "event_channel_device.hpp"
#include "grant_device.hpp"

namespace xc {
namespace {

template <class Device> std::string open_error(const char* path)
{
    try {
        Device device(path);
    } catch (const HypercallError& e) {
        EXPECT_EQ(e.error_number(), ENOENT);
        return e.what();
    }
    return "";
}

TEST(Devices, MissingDeviceNamesThePathAndErrno)
{
    EXPECT_EQ(open_error<EventChannelDevice>("/nonexistent/evtchn"),
              "open /nonexistent/evtchn: No such file or directory (errno 2)");
    EXPECT_EQ(open_error<GrantDevice>("/nonexistent/gntdev"), "open /nonexistent/gntdev: No such file or directory (errno 2)");
}

TEST(Devices, NotAnEventChannelDevice)
{
    // A file that is not the device: ioctls fail with ENOTTY, not a crash.
    EventChannelDevice device("/dev/null");
    try {
        device.bind_virq(3);
        FAIL();
    } catch (const HypercallError& e) {
        EXPECT_EQ(e.error_number(), ENOTTY);
        EXPECT_EQ(e.operation(), "bind VIRQ 3");
    }
}

} // namespace
} // namespace xc
