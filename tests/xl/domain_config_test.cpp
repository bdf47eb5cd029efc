// The domain configuration model: defaults left unset, keys that depend on
// each other, and an error naming the file, line and key for every bad value
// (where xl only warns, we refuse).
#include "config/domain_config.hpp"

#include <gtest/gtest.h>

namespace xl::cfg {
namespace {

struct Result {
    std::optional<DomainConfig> config;
    std::vector<Error> errors;
    std::string first_error() const { return errors.empty() ? "" : errors.front().format(); }
};

Result load(const std::string& body)
{
    Result r;
    auto c = Config::parse("name = \"g\"\nkernel = \"/k\"\n" + body, "g.cfg", r.errors);
    if (c) r.config = domain_config_from(*c, r.errors);
    return r;
}

TEST(DomainConfig, UnsetKeysStayUnsetWithLibxlDefaultsOnRequest)
{
    auto r = load("");
    ASSERT_TRUE(r.config) << r.first_error();
    EXPECT_FALSE(r.config->memory_mb);
    EXPECT_FALSE(r.config->vcpus);
    EXPECT_EQ(r.config->memory_or_default(), 32u);
    EXPECT_EQ(r.config->maxmem_or_default(), 32u);
    EXPECT_EQ(r.config->max_vcpus_or_default(), 1u);
    auto m = load("maxmem = 256\n");
    EXPECT_EQ(m.config->memory_or_default(), 256u);
}

TEST(DomainConfig, TypeIsMatchedAsXlDoes)
{
    EXPECT_EQ(load("type = \"p\"\n").config->type, "pvh");  // a prefix of pv
    EXPECT_EQ(load("type = \"h\"\n").config->type, "hvm");
    EXPECT_EQ(load("type = \"\"\n").config->type, "hvm");   // the empty prefix of hvm
    EXPECT_FALSE(load("type = \"pvhx\"\n").config);
}

TEST(DomainConfig, AffinityStringAppliesToEveryVcpu)
{
    auto r = load("vcpus = 3\ncpus = \"0-1\"\n");
    ASSERT_TRUE(r.config) << r.first_error();
    ASSERT_EQ(r.config->hard_affinity.size(), 3u);
    EXPECT_EQ(r.config->hard_affinity[2].set_bits(), (std::vector<unsigned>{0, 1}));
    EXPECT_FALSE(r.config->numa_placement); // a hard string keeps automatic placement
}

TEST(DomainConfig, AffinityListIsPerVcpuAndDisablesPlacement)
{
    auto r = load("vcpus = 2\ncpus = [\"0\", \"1\", \"0-1\"]\ncpus_soft = \"all\"\n");
    ASSERT_TRUE(r.config) << r.first_error();
    ASSERT_EQ(r.config->hard_affinity.size(), 2u);
    EXPECT_EQ(r.config->hard_affinity[1].set_bits(), (std::vector<unsigned>{1}));
    EXPECT_EQ(r.config->soft_affinity[0].set_bits().size(), 8u); // the whole one-byte bitmap
    EXPECT_EQ(r.config->numa_placement, false);
}

TEST(DomainConfig, SecurityLabels)
{
    auto both = load("seclabel = \"run\"\ninit_seclabel = \"build\"\n");
    EXPECT_EQ(both.config->ssid_label, "build");
    EXPECT_EQ(both.config->exec_ssid_label, "run");
    auto one = load("seclabel = \"run\"\n");
    EXPECT_EQ(one.config->ssid_label, "run");
    EXPECT_FALSE(one.config->exec_ssid_label);
}

TEST(DomainConfig, PassthroughDevices)
{
    auto r = load("irqs = [ 40, 0x29 ]\niomem = [ \"1c090,1@1c0a0\" ]\ndtdev = [ \"/soc/dma@0\" ]\n");
    ASSERT_TRUE(r.config) << r.first_error();
    EXPECT_EQ(r.config->irqs, (std::vector<uint32_t>{40, 41}));
    ASSERT_EQ(r.config->iomem.size(), 1u);
    EXPECT_EQ(r.config->iomem[0].start, 0x1c090u);
    EXPECT_EQ(r.config->iomem[0].gfn, 0x1c0a0u);
    EXPECT_EQ(r.config->dtdevs, (std::vector<std::string>{"/soc/dma@0"}));
}

struct BadValue {
    const char* body;
    const char* message; // part of the error
};

class DomainConfigErrors : public testing::TestWithParam<BadValue> {};

TEST_P(DomainConfigErrors, NameFileLineAndKey)
{
    auto r = load(GetParam().body);
    EXPECT_FALSE(r.config);
    ASSERT_FALSE(r.errors.empty()) << GetParam().body;
    EXPECT_EQ(r.first_error().rfind("g.cfg:3: ", 0), 0u) << r.first_error();
    EXPECT_NE(r.first_error().find(GetParam().message), std::string::npos) << r.first_error();
}

INSTANTIATE_TEST_SUITE_P(
    Keys, DomainConfigErrors,
    testing::Values(BadValue{"memory = \"lots\"\n", "`memory' must be a number"},
                    BadValue{"vcpus = \"two\"\n", "`vcpus' must be a number"},
                    BadValue{"memory += \"256\"\n", "can't use += with numbers"},
                    BadValue{"vcpus += 2\n", "can't use += with numbers"},
                    BadValue{"maxmem = 16\nmemory = 32\n", "smaller than `memory'"},
                    BadValue{"cpus = \"1-0\"\nvcpus = 1\n", "Invalid pcpu range: 1-0."},
                    BadValue{"cpus = \"^all\"\nvcpus = 1\n", "Can't combine"},
                    BadValue{"cpus = \"9\"\nvcpus = 1\n", "hard affinity map is empty"},
                    BadValue{"cpus_soft = \"nodes:1\"\nvcpus = 1\n", "no NUMA node 1"},
                    BadValue{"irqs = [ 5 ]\n", "not an SPI number"},
                    BadValue{"iomem = [ \"zz,1\" ]\n", "Invalid argument parsing iomem"},
                    BadValue{"iomem = [ \"1000,0\" ]\n", "maps no pages"},
                    BadValue{"dtdev = [ \"soc/dma\" ]\n", "not a device-tree path"},
                    BadValue{"channel = [ \"connection=pty\" ]\n", "channel has no name="},
                    BadValue{"channel = [ \"name=a,connection=socket\" ]\n", "requires path="},
                    BadValue{"channel = [ \"name=a,connection=pty,colour=red\" ]\n", "unknown channel parameter 'colour'"},
                    BadValue{"passthrough = \"sync_pt\"\n", "x86 guests only"},
                    BadValue{"max_grant_version = 3\n", "out of range"},
                    BadValue{"gic_version = \"v4\"\n", "must be v2, v3 or default"},
                    BadValue{"tee = \"sgx\"\n", "must be none or optee"},
                    BadValue{"on_crash = \"explode\"\n", "unknown action"},
                    BadValue{"uuid = \"not-a-uuid\"\n", "is not a UUID"},
                    BadValue{"vif = [ \"mac=00:16:3e:zz:00:01\" ]\n", "vif 0"},
                    BadValue{"disk = [ \"/dev/vg/a\" ]\n", "disk 0"}));

} // namespace
} // namespace xl::cfg
