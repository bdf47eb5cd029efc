// A domain's PV disks and vifs: read from libxl's JSON, refused with a
// clear reason where this toolstack cannot serve them, and written to our
// real xenstored with the keys and permissions of spec §2.5, §2.7 and §2.8.
#include <gtest/gtest.h>

#include <map>

#include "device/device_nodes.hpp"
#include "domain/domain_devices.hpp"
#include "domain/domain_spec.hpp"
#include "xenstored_fixture.hpp"

namespace toolstack {
namespace {

json::Value config_with(const std::string& devices)
{
    return json::parse("{\"c_info\": {\"name\": \"g\", \"uuid\": \"f6d75077-6a54-46ab-8a62-651f1a37321c\"}, "
                       "\"b_info\": {\"kernel\": \"/root/zImage\"}, " +
                       devices + "}");
}

std::string spec_error(const std::string& devices)
{
    try {
        domain_spec_from(config_with(devices));
    } catch (const SpecError& e) {
        return e.what();
    }
    return "";
}

std::string value_and_perms(xs::Client& xs, const std::string& path)
{
    auto value = xs.read(0, path);
    if (!value) return "(absent)";
    std::string perms;
    for (const std::string& p : xs.get_perms(0, path)) perms += (perms.empty() ? "" : ",") + p;
    return *value + " (" + perms + ")";
}

TEST(DeviceSpec, DisksAndNicsFromLibxlJson)
{
    DomainSpec spec = domain_spec_from(config_with(
        "\"disks\": [{\"pdev_path\": \"/var/lib/xen/images/a.img\", \"vdev\": \"xvda\", \"format\": \"raw\", "
        "\"readwrite\": 1}, {\"pdev_path\": \"/dev/sdb\", \"vdev\": \"xvdb\", \"readwrite\": 0}], "
        "\"nics\": [{\"devid\": 0, \"mac\": \"00:16:3E:01:02:03\", \"bridge\": \"br1\", "
        "\"rate_bytes_per_interval\": 50000, \"rate_interval_usecs\": 50000}]"));
    ASSERT_EQ(spec.disks.size(), 2u);
    EXPECT_EQ(spec.disks[0].devid, 51712u);
    EXPECT_TRUE(spec.disks[0].readwrite);
    EXPECT_TRUE(spec.disks[0].discard);
    EXPECT_EQ(spec.disks[1].devid, 51728u);
    EXPECT_FALSE(spec.disks[1].readwrite);
    EXPECT_FALSE(spec.disks[1].discard);
    ASSERT_EQ(spec.nics.size(), 1u);
    EXPECT_EQ(spec.nics[0].mac, "00:16:3e:01:02:03");
    EXPECT_EQ(spec.nics[0].bridge, "br1");
    EXPECT_EQ(spec.nics[0].rate_bytes_per_interval, 50000u);
}

TEST(DeviceSpec, RefusesWhatItCannotServeWithTheReason)
{
    EXPECT_NE(spec_error("\"disks\": [{\"pdev_path\": \"/a.qcow2\", \"vdev\": \"xvda\", \"format\": \"qcow2\"}]")
                  .find("format qcow2 needs QEMU's qdisk"),
              std::string::npos);
    EXPECT_NE(spec_error("\"disks\": [{\"pdev_path\": \"/a.img\", \"vdev\": \"xvq9z\"}]").find("invalid vdev"),
              std::string::npos);
    EXPECT_NE(spec_error("\"disks\": [{\"pdev_path\": \"a.img\", \"vdev\": \"xvda\"}]").find("not an absolute path"),
              std::string::npos);
    EXPECT_NE(spec_error("\"disks\": [{\"pdev_path\": \"/a\", \"vdev\": \"xvda\"}, {\"pdev_path\": \"/b\", "
                         "\"vdev\": \"51712\"}]")
                  .find("given twice"),
              std::string::npos);
    EXPECT_NE(spec_error("\"nics\": [{\"mac\": \"00:16:3e:01:02\"}]").find("invalid MAC"), std::string::npos);
    EXPECT_NE(spec_error("\"nics\": [{\"mac\": \"00:16:3e:01:02:03\", \"bridge\": \"../etc\"}]").find("invalid bridge"),
              std::string::npos);
    EXPECT_NE(spec_error("\"nics\": [{}]").find("no MAC address"), std::string::npos);
    EXPECT_NE(spec_error("\"channels\": [{}]").find("channels"), std::string::npos);
}

TEST(DeviceSpec, GeneratedMacsAreInXensRangeAndKeptInTheConfig)
{
    json::Value config = config_with("\"nics\": [{}, {\"mac\": \"00:16:3e:aa:bb:cc\"}]");
    assign_macs(config, [] { return std::array<uint8_t, 3>{0xff, 0x12, 0x34}; });
    DomainSpec spec = domain_spec_from(config);
    ASSERT_EQ(spec.nics.size(), 2u);
    EXPECT_EQ(spec.nics[0].mac, "00:16:3e:7f:12:34"); // the top bit of the 4th byte cleared
    EXPECT_EQ(spec.nics[1].mac, "00:16:3e:aa:bb:cc");
    EXPECT_EQ(spec.nics[1].devid, 1u);
}

TEST(DeviceNodes, VbdAndVifAsLibxlWritesThem)
{
    test::PrivateXenstored daemon;
    xs::Client xs(daemon.socket());
    DomainSpec spec = domain_spec_from(config_with(
        "\"disks\": [{\"pdev_path\": \"/var/lib/xen/images/a.img\", \"vdev\": \"xvda\", \"readwrite\": 1}], "
        "\"nics\": [{\"devid\": 0, \"mac\": \"00:16:3e:01:02:03\", \"rate_bytes_per_interval\": 1000, "
        "\"rate_interval_usecs\": 20000}]"));
    xs::in_transaction(xs, [&](xs::Tx tx) {
        xs::Batch batch(xs, tx);
        write_device_nodes(batch, spec, 3);
        batch.run();
    });
    const std::map<std::string, std::string> expected = {
        {"/local/domain/3/device/vbd/51712", " (n3,r0)"},
        {"/local/domain/3/device/vbd/51712/backend", "/local/domain/0/backend/vbd/3/51712 (n3,r0)"},
        {"/local/domain/3/device/vbd/51712/backend-id", "0 (n3,r0)"},
        {"/local/domain/3/device/vbd/51712/state", "1 (n3,r0)"},
        {"/local/domain/3/device/vbd/51712/virtual-device", "51712 (n3,r0)"},
        {"/local/domain/3/device/vbd/51712/device-type", "disk (n3,r0)"},
        {"/local/domain/0/backend/vbd/3/51712", " (n0,r3)"},
        {"/local/domain/0/backend/vbd/3/51712/frontend", "/local/domain/3/device/vbd/51712 (n0,r3)"},
        {"/local/domain/0/backend/vbd/3/51712/frontend-id", "3 (n0,r3)"},
        {"/local/domain/0/backend/vbd/3/51712/online", "1 (n0,r3)"},
        {"/local/domain/0/backend/vbd/3/51712/state", "1 (n0,r3)"},
        {"/local/domain/0/backend/vbd/3/51712/params", "/var/lib/xen/images/a.img (n0,r3)"},
        {"/local/domain/0/backend/vbd/3/51712/script", "/etc/xen/scripts/block (n0,r3)"},
        {"/local/domain/0/backend/vbd/3/51712/mode", "w (n0,r3)"},
        {"/local/domain/0/backend/vbd/3/51712/type", "phy (n0,r3)"},
        {"/local/domain/0/backend/vbd/3/51712/dev", "xvda (n0,r3)"},
        {"/local/domain/0/backend/vbd/3/51712/discard-enable", "1 (n0,r3)"},
        {"/libxl/3/device/vbd/51712/params", "/var/lib/xen/images/a.img (n0)"},
        {"/local/domain/3/device/vif/0/mac", "00:16:3e:01:02:03 (n3,r0)"},
        {"/local/domain/3/device/vif/0/handle", "0 (n3,r0)"},
        {"/local/domain/3/device/vif/0/mtu", "1500 (n0,r3)"},
        {"/local/domain/0/backend/vif/3/0/mac", "00:16:3e:01:02:03 (n0,r3)"},
        {"/local/domain/0/backend/vif/3/0/bridge", "xenbr0 (n0,r3)"},
        {"/local/domain/0/backend/vif/3/0/rate", "1000,20000 (n0,r3)"},
        {"/local/domain/0/backend/vif/3/0/hotplug-status", " (n0,r3)"},
        {"/local/domain/0/backend/vif/3/0/script", "/etc/xen/scripts/vif-bridge (n0,r3)"},
        {"/local/domain/0/backend/vif/3/0/mtu", "(absent)"},
    };
    for (const auto& [path, line] : expected) EXPECT_EQ(value_and_perms(xs, path), line) << path;

    std::vector<DeviceId> devices = devices_of(xs, 3);
    ASSERT_EQ(devices.size(), 2u);
    EXPECT_EQ(devices[0].kind, DeviceKind::Vbd);
    EXPECT_EQ(devices[1].kind, DeviceKind::Vif);
}

TEST(DeviceNodes, ReleaseTakesTheFrontendsAwayAndSetsTheBackendsOffline)
{
    test::PrivateXenstored daemon;
    xs::Client xs(daemon.socket());
    DomainSpec spec = domain_spec_from(config_with(
        "\"nics\": [{\"devid\": 0, \"mac\": \"00:16:3e:01:02:03\", \"script\": \"/bin/true\"}]"));
    xs::in_transaction(xs, [&](xs::Tx tx) {
        xs::Batch batch(xs, tx);
        write_device_nodes(batch, spec, 4);
        batch.run();
    });
    // No back-end driver here: its state stays 1, which needs no wait.
    EXPECT_EQ(release_devices(xs, 4, 100), "");
    EXPECT_FALSE(xs.read(0, "/local/domain/4/device/vif/0"));
    EXPECT_EQ(xs.read(0, "/local/domain/0/backend/vif/4/0/online"), "0");
    xs::in_transaction(xs, [&](xs::Tx tx) { remove_device_nodes(xs, tx, {DeviceKind::Vif, 4, 0}); });
    EXPECT_FALSE(xs.read(0, "/local/domain/0/backend/vif"));
    EXPECT_FALSE(xs.read(0, "/libxl/4/device/vif"));
}

} // namespace
} // namespace toolstack
