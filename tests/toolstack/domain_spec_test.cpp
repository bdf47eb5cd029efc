// libxl's JSON domain configuration read into what creation needs.
#include <gtest/gtest.h>

#include "domain/domain_spec.hpp"

namespace toolstack {
namespace {

// What Debian's xl create -n printed for the reference guest, devices left out.
const char* kReference = R"({
    "c_info": {"type": "pvh", "name": "guest", "uuid": "D56622A0-07a5-4576-bcae-b459eaaf11f3",
               "run_hotplug_scripts": "True"},
    "b_info": {"max_vcpus": 2, "avail_vcpus": [0], "max_memkb": 131072, "target_memkb": 65536,
               "sched_params": {}, "claim_mode": "True", "kernel": "/root/zImage",
               "cmdline": "console=hvc0 rdinit=/init", "ramdisk": "/root/guest-initrd.cpio.gz",
               "type.pvh": {}, "arch_arm": {"vuart": "sbsa_uart"}, "arch_x86": {}},
    "on_reboot": "restart", "on_crash": "preserve", "on_soft_reset": "soft_reset"
})";

TEST(DomainSpec, ReadsLibxlJson)
{
    DomainSpec spec = domain_spec_from(json::parse(kReference));
    EXPECT_EQ(spec.name, "guest");
    EXPECT_EQ(spec.uuid, "d56622a0-07a5-4576-bcae-b459eaaf11f3");
    EXPECT_EQ(spec.max_vcpus, 2u);
    EXPECT_EQ(spec.online_vcpus, 1u);
    EXPECT_EQ(spec.max_memkb, 131072u);
    EXPECT_EQ(spec.target_memkb, 65536u);
    EXPECT_EQ(spec.kernel, "/root/zImage");
    EXPECT_EQ(spec.ramdisk, "/root/guest-initrd.cpio.gz");
    EXPECT_EQ(spec.cmdline, "console=hvc0 rdinit=/init");
    EXPECT_TRUE(spec.vuart);
    EXPECT_EQ(spec.on_poweroff, ShutdownAction::Destroy);
    EXPECT_EQ(spec.on_reboot, ShutdownAction::Restart);
    EXPECT_EQ(spec.on_crash, ShutdownAction::Preserve);
}

TEST(DomainSpec, DefaultsAreLibxls)
{
    DomainSpec spec = domain_spec_from(json::parse(
        R"({"c_info": {"name": "g", "uuid": "d56622a0-07a5-4576-bcae-b459eaaf11f3"}, "b_info": {"kernel": "/k"}})"));
    EXPECT_EQ(spec.max_vcpus, 1u);
    EXPECT_EQ(spec.max_memkb, 32u * 1024);
    EXPECT_EQ(spec.target_memkb, 32u * 1024);
    EXPECT_EQ(spec.max_grant_frames, -1);
    // Absent in libxl's JSON is the enum's zero: destroy (xl writes restart).
    EXPECT_EQ(spec.on_reboot, ShutdownAction::Destroy);
}

std::string error_of(const char* text)
{
    try {
        domain_spec_from(json::parse(text));
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

TEST(DomainSpec, BadInputNamesTheField)
{
    EXPECT_EQ(error_of(R"({"b_info": {}})"), "the domain configuration has no c_info");
    EXPECT_EQ(error_of(R"({"c_info": {"name": "7", "uuid": "x"}})"), "invalid domain name \"7\"");
    EXPECT_EQ(error_of(R"({"c_info": {"name": "g", "uuid": "1234"}})"), "malformed UUID \"1234\"");
    EXPECT_EQ(error_of(R"({"c_info": {"name": "g", "uuid": "d56622a0-07a5-4576-bcae-b459eaaf11f3"},
                          "b_info": {"kernel": "/k", "max_vcpus": "two"}})"),
              "b_info.max_vcpus: expected an integer, got a string");
    EXPECT_EQ(error_of(R"({"c_info": {"name": "g", "uuid": "d56622a0-07a5-4576-bcae-b459eaaf11f3"}, "b_info": {}})"),
              "no kernel given (b_info.kernel)");
    EXPECT_EQ(error_of(R"({"c_info": {"name": "g", "uuid": "d56622a0-07a5-4576-bcae-b459eaaf11f3"},
                          "b_info": {"kernel": "/k"}, "on_crash": "explode"})"),
              "unknown action on shutdown \"explode\"");
    EXPECT_EQ(error_of("{"), error_of("{")); // yajl's message, stable
    EXPECT_EQ(error_of("{").rfind("invalid JSON: ", 0), 0u);
}

TEST(Json, RoundTripsInLibxlsLayout)
{
    json::Value v = json::parse(R"({"a": {}, "b": [1, "x"], "c": true})");
    EXPECT_EQ(json::write(v, true), "{\n    \"a\": {\n\n    },\n    \"b\": [\n        1,\n        \"x\"\n    ],\n"
                                    "    \"c\": true\n}\n");
    EXPECT_EQ(json::write(v), R"({"a":{},"b":[1,"x"],"c":true})");
}

} // namespace
} // namespace toolstack
