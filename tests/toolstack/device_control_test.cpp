// A running domain's devices against our real xenstored: a hot-plugged
// disk's nodes in their own transaction (and none left when its host side
// fails), libxl's device listing with -1 for what the guest has not (or
// badly) written, and removal: a back-end that never connected goes at
// once, a connected one waits for the guest, a safe removal fails and
// leaves the device closing, a forced one takes the front-end first.
#include <gtest/gtest.h>


#include "domain/device_control.hpp"
#include "hotplug/hotplug_error.hpp"
#include "xenstored_fixture.hpp"

namespace toolstack {
namespace {

// A disk whose host side is a script (ours would bind a loop device).
DiskDevice disk(const char* vdev, uint32_t devid, const char* script)
{
    DiskDevice d;
    d.vdev = vdev;
    d.devid = devid;
    d.target = "/var/lib/xen/images/hot.img";
    d.script = script;
    return d;
}

DeviceError::Reason reason_of(const std::function<void()>& f)
{
    try {
        f();
    } catch (const DeviceError& e) {
        return e.reason();
    }
    ADD_FAILURE() << "no DeviceError";
    return DeviceError::Reason::Failed;
}

const std::string kBackend = "/local/domain/0/backend/vbd/5/51728";
const std::string kFrontend = "/local/domain/5/device/vbd/51728";

TEST(DeviceControl, AttachWritesOneDeviceAndRefusesItTwice)
{
    test::PrivateXenstored daemon;
    xs::Client xs(daemon.socket());
    attach_disk(xs, 5, disk("xvdb", 51728, "/bin/true"));
    EXPECT_EQ(xs.read(0, kFrontend + "/state"), "1");
    EXPECT_EQ(xs.read(0, kBackend + "/params"), "/var/lib/xen/images/hot.img");
    EXPECT_EQ(xs.read(0, "/libxl/5/device/vbd/51728/dev"), "xvdb");
    EXPECT_EQ(reason_of([&] { attach_disk(xs, 5, disk("xvdb", 51728, "/bin/true")); }), DeviceError::Reason::Exists);

    // What the front-end publishes, some of it garbage.
    xs.write(0, kFrontend + "/event-channel", "9");
    xs.write(0, kFrontend + "/ring-ref", "8x");
    xs.write(0, kFrontend + "/backend", "/local/domain/0/backend/vbd/0/51712"); // the guest's to rewrite
    std::vector<DeviceInfo> list = list_devices(xs, 5, DeviceKind::Vbd);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].id.devid, 51728u);
    EXPECT_EQ(list[0].backend, kBackend); // from libxl's record, not the guest's
    EXPECT_EQ(list[0].backend_id, 0);
    EXPECT_EQ(list[0].frontend_id, 5);
    EXPECT_EQ(list[0].state, 1);
    EXPECT_EQ(list[0].evtch, 9);
    EXPECT_EQ(list[0].ring_ref, -1);
    EXPECT_EQ(list[0].vdev, "xvdb");
    EXPECT_TRUE(list_devices(xs, 5, DeviceKind::Vif).empty());
    EXPECT_TRUE(list_devices(xs, 6, DeviceKind::Vbd).empty());
}

TEST(DeviceControl, AFailedHostSideLeavesNothing)
{
    test::PrivateXenstored daemon;
    xs::Client xs(daemon.socket());
    EXPECT_THROW(attach_disk(xs, 5, disk("xvdb", 51728, "/bin/false")), HotplugError);
    EXPECT_FALSE(xs.read(0, kFrontend));
    EXPECT_FALSE(xs.read(0, kBackend));
    EXPECT_FALSE(xs.read(0, "/libxl/5/device/vbd/51728"));
}

TEST(DeviceControl, NextNicDevidIsAboveEveryOne)
{
    test::PrivateXenstored daemon;
    xs::Client xs(daemon.socket());
    EXPECT_EQ(next_nic_devid(xs, 5), 0u);
    xs.write(0, "/local/domain/5/device/vif/0/state", "1");
    xs.write(0, "/local/domain/0/backend/vif/5/2/state", "1");
    xs.write(0, "/local/domain/5/device/vif/junk/state", "1");
    EXPECT_EQ(next_nic_devid(xs, 5), 3u);
}

TEST(DeviceControl, DetachWaitsForTheGuestOnlyWhenItConnected)
{
    test::PrivateXenstored daemon;
    xs::Client xs(daemon.socket());
    const DeviceId id{DeviceKind::Vbd, 5, 51728};
    EXPECT_EQ(reason_of([&] { detach_device(xs, id, RemoveMode::Safe, 100); }), DeviceError::Reason::NotFound);

    // Never past InitWait: nothing mapped, no wait.
    attach_disk(xs, 5, disk("xvdb", 51728, "/bin/true"));
    EXPECT_EQ(detach_device(xs, id, RemoveMode::Safe, 60000), "");
    EXPECT_FALSE(xs.read(0, kBackend));
    EXPECT_FALSE(xs.read(0, kFrontend));
    EXPECT_FALSE(xs.read(0, "/local/domain/0/backend/vbd"));

    // Connected, and the guest holds on: a safe removal fails, leaving the
    // device offline and closing, front-end and all.
    attach_disk(xs, 5, disk("xvdb", 51728, "/bin/true"));
    xs.write(0, kBackend + "/state", "4");
    EXPECT_EQ(reason_of([&] { detach_device(xs, id, RemoveMode::Safe, 100); }), DeviceError::Reason::Timeout);
    EXPECT_EQ(xs.read(0, kBackend + "/online"), "0");
    EXPECT_EQ(xs.read(0, kBackend + "/state"), "5");
    EXPECT_TRUE(xs.read(0, kFrontend));
    // Once the back-end has closed, it goes.
    xs.write(0, kBackend + "/state", "6");
    EXPECT_EQ(detach_device(xs, id, RemoveMode::Safe, 100), "");
    EXPECT_FALSE(xs.read(0, kBackend));

    // Automatic: after the wait the front-end is taken anyway.
    attach_disk(xs, 5, disk("xvdb", 51728, "/bin/true"));
    xs.write(0, kBackend + "/state", "4");
    EXPECT_EQ(detach_device(xs, id, RemoveMode::Auto, 100), "");
    EXPECT_FALSE(xs.read(0, kBackend));
    EXPECT_FALSE(xs.read(0, kFrontend));
}

TEST(DeviceControl, ForcedDetachTakesTheFrontendFirstAndReportsTheScript)
{
    test::PrivateXenstored daemon;
    xs::Client xs(daemon.socket());
    const DeviceId id{DeviceKind::Vbd, 5, 51728};
    attach_disk(xs, 5, disk("xvdb", 51728, "/bin/true"));
    xs.write(0, kBackend + "/state", "4");
    // The script that will undo the host side fails: reported, nodes gone.
    xs.write(0, kBackend + "/script", "/bin/false");
    std::string error = detach_device(xs, id, RemoveMode::Force, 100);
    EXPECT_NE(error, "");
    EXPECT_FALSE(xs.read(0, kBackend));
    EXPECT_FALSE(xs.read(0, kFrontend));
}

} // namespace
} // namespace toolstack
