// Disk specifications as xl-disk-configuration(5) documents them.
#include "config/disk_spec.hpp"

#include <gtest/gtest.h>

namespace xl::cfg {
namespace {

DiskSpec ok(std::string_view s)
{
    std::string error;
    auto d = parse_disk_spec(s, error);
    EXPECT_TRUE(d) << s << ": " << error;
    return d.value_or(DiskSpec{});
}

std::string bad(std::string_view s)
{
    std::string error;
    auto d = parse_disk_spec(s, error);
    EXPECT_FALSE(d) << s;
    return error;
}

TEST(DiskSpec, TheDocumentedEquivalentForms)
{
    for (std::string_view s : {"/dev/vg/guest-volume,,hda", "/dev/vg/guest-volume,raw,hda,rw",
                               "format=raw, vdev=hda, access=rw, target=/dev/vg/guest-volume",
                               "raw:/dev/vg/guest-volume,hda,w"}) {
        DiskSpec d = ok(s);
        EXPECT_EQ(d.target, "/dev/vg/guest-volume") << s;
        EXPECT_EQ(d.format, "raw") << s;
        EXPECT_EQ(d.vdev, "hda") << s;
        EXPECT_FALSE(d.readonly) << s;
        EXPECT_FALSE(d.cdrom) << s;
    }
}

TEST(DiskSpec, PositionalAndNamed)
{
    DiskSpec d = ok("file:/data/disk.img,xvda,w");
    EXPECT_EQ(d.target, "/data/disk.img");
    EXPECT_EQ(d.vdev, "xvda");
    d = ok("/images/a.qcow2,qcow2,xvdb,r");
    EXPECT_EQ(d.format, "qcow2");
    EXPECT_TRUE(d.readonly);
    d = ok("vdev=xvdc, target=/path/with,commas");
    EXPECT_EQ(d.target, "/path/with,commas");
    d = ok("/d,,xvdd,,devtype=cdrom");
    EXPECT_TRUE(d.cdrom);
    EXPECT_TRUE(d.readonly); // cdroms are read-only
    EXPECT_TRUE(ok("/d,,xvdd,rw,devtype=cdrom").readonly); // whatever the access says, as in xl
    d = ok(",,hdc,devtype=cdrom");
    EXPECT_TRUE(d.target.empty());
    d = ok("phy:/dev/sdb,xvde,w,backend=storage,script=block-drbd,direct-io-safe,no-discard,untrusted");
    EXPECT_EQ(d.backend, "storage");
    EXPECT_EQ(d.script, "block-drbd");
    EXPECT_TRUE(d.direct_io_safe);
    EXPECT_EQ(d.discard, false);
    EXPECT_FALSE(d.trusted);
    d = ok("nbd:server:1234,xvdf,r");
    EXPECT_EQ(d.script, "block-nbd");
    d = ok(",hdc:cdrom,r");
    EXPECT_TRUE(d.cdrom);
}

TEST(DiskSpec, Errors)
{
    EXPECT_EQ(bad("/dev/a,raw,xvda,rw,extra"), "too many positional parameters");
    EXPECT_EQ(bad("/dev/a,xvda,w,colour=blue"), "unknown parameter 'colour'");
    EXPECT_EQ(bad("/dev/a,raw"), "no vdev given (e.g. xvda)");
    EXPECT_EQ(bad("/dev/a,raw,floppy0,rw"), "invalid vdev 'floppy0'");
    EXPECT_EQ(bad("/dev/a,raw,xvda,rwx"), "unknown access mode 'rwx'");
    EXPECT_EQ(bad("format=raw,format=qcow2,vdev=xvda,target=/a"), "format given more than once");
    EXPECT_EQ(bad("format=zip,vdev=xvda,target=/a"), "unknown disk format 'zip'");
    EXPECT_EQ(bad(",,xvda"), "no target given for a disk");
}

TEST(DiskSpec, VirtualDeviceNumbers)
{
    EXPECT_EQ(vdev_to_devid("xvda"), 51712u);    // 202 << 8
    EXPECT_EQ(vdev_to_devid("xvdb1"), 51729u);   // 202 << 8 | 1 << 4 | 1
    EXPECT_EQ(vdev_to_devid("xvdq"), (1u << 28) | (16u << 8));
    EXPECT_EQ(vdev_to_devid("xvda16"), (1u << 28) | 16u);
    EXPECT_EQ(vdev_to_devid("xvdaa"), (1u << 28) | (26u << 8));
    EXPECT_EQ(vdev_to_devid("sda"), 2048u);      // 8 << 8
    EXPECT_EQ(vdev_to_devid("sdb2"), 2066u);
    EXPECT_EQ(vdev_to_devid("hda"), 768u);       // 3 << 8
    EXPECT_EQ(vdev_to_devid("hdc"), 22u << 8);
    EXPECT_EQ(vdev_to_devid("d0p1"), 51713u);
    EXPECT_EQ(vdev_to_devid("51712"), 51712u);
    EXPECT_FALSE(vdev_to_devid("xvd"));
    EXPECT_FALSE(vdev_to_devid("xvdA"));
    EXPECT_FALSE(vdev_to_devid("sdq"));
    EXPECT_FALSE(vdev_to_devid("hde"));
    EXPECT_FALSE(vdev_to_devid("xvda01"));
}

} // namespace
} // namespace xl::cfg
