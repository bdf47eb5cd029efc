// Network interface specifications (xl-network-configuration(5)).
#include "config/vif_spec.hpp"

#include <gtest/gtest.h>

namespace xl::cfg {
namespace {

TEST(VifSpec, DefaultsAndKeys)
{
    std::string error;
    auto v = parse_vif_spec("", error);
    ASSERT_TRUE(v) << error;
    EXPECT_FALSE(v->mac);
    EXPECT_EQ(v->backend, "0");
    EXPECT_EQ(v->type, ""); // not given: a plain vif
    v = parse_vif_spec("mac=00:16:3E:74:3d:76, bridge=xenbr0 ,vifname=guest0,ip=10.0.0.2,mtu=9000,untrusted", error);
    ASSERT_TRUE(v) << error;
    EXPECT_EQ(*v->mac, (std::array<uint8_t, 6>{0x00, 0x16, 0x3e, 0x74, 0x3d, 0x76}));
    EXPECT_EQ(v->bridge, "xenbr0");
    EXPECT_EQ(v->vifname, "guest0");
    EXPECT_EQ(v->ip, "10.0.0.2");
    EXPECT_EQ(v->mtu, 9000u);
    EXPECT_FALSE(v->trusted);
    v = parse_vif_spec("netdev=eth1,devid=3", error);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->gatewaydev, "eth1");
    EXPECT_EQ(v->devid, 3);
}

TEST(VifSpec, MalformedEntriesAreErrors)
{
    std::string error;
    EXPECT_FALSE(parse_vif_spec("mac=00:16:3e:74:3d", error));
    EXPECT_EQ(error, "invalid mac address '00:16:3e:74:3d' (six hex bytes, 00:16:3e:xx:xx:xx)");
    EXPECT_FALSE(parse_vif_spec("mac=01:16:3e:74:3d:76", error));
    EXPECT_NE(error.find("multicast"), std::string::npos);
    EXPECT_FALSE(parse_vif_spec("mac=00:16:3g:74:3d:76", error));
    EXPECT_FALSE(parse_vif_spec("colour=red", error));
    EXPECT_EQ(error, "unknown vif parameter 'colour'");
    EXPECT_FALSE(parse_vif_spec("bridge", error));
    EXPECT_FALSE(parse_vif_spec("mtu=big", error));
    EXPECT_FALSE(parse_vif_spec("type=e1000", error));
}

TEST(VifSpec, Rates)
{
    uint64_t bytes = 0;
    uint32_t us = 0;
    std::string error;
    ASSERT_TRUE(parse_vif_rate("10Mb/s", bytes, us, error));
    EXPECT_EQ(bytes, 62500u); // 1.25 MB/s over 50 ms
    EXPECT_EQ(us, 50000u);
    ASSERT_TRUE(parse_vif_rate("1MB/s@20ms", bytes, us, error));
    EXPECT_EQ(bytes, 20000u);
    EXPECT_EQ(us, 20000u);
    ASSERT_TRUE(parse_vif_rate("100KB/s@1s", bytes, us, error));
    EXPECT_EQ(bytes, 100000u);
    ASSERT_TRUE(parse_vif_rate("8b/s@250us", bytes, us, error));
    EXPECT_EQ(us, 250u);
    EXPECT_FALSE(parse_vif_rate("10Mb", bytes, us, error));
    EXPECT_FALSE(parse_vif_rate("10Xb/s", bytes, us, error));
    EXPECT_FALSE(parse_vif_rate("5GB/s", bytes, us, error)); // more than 2^32-1 bytes/s
    EXPECT_FALSE(parse_vif_rate("1Mb/s@10h", bytes, us, error));
    auto v = parse_vif_spec("rate=10Mb/s@20ms", error);
    ASSERT_TRUE(v) << error;
    EXPECT_EQ(v->rate_bytes_per_interval, 25000u);
}

} // namespace
} // namespace xl::cfg
