#pragma once
// The pieces of domain_config_from(), one per group of keys, and the reader
// they share: typed lookups whose errors name the file, the line and the key.
#include <string>
#include <vector>

#include "config/domain_config.hpp"

namespace xl::cfg {

class ConfigReader {
public:
    ConfigReader(const Config& c, std::vector<Error>& errors) : config(c), errors(errors) {}
    void error(const char* key, const std::string& message)
    {
        const Setting* s = config.setting(key);
        errors.push_back(Error{config.source(), s ? s->line : 0, message});
    }
    std::optional<std::string> string(const char* key) { return config.get_string(key, errors); }
    std::optional<int64_t> number(const char* key, int64_t min, int64_t max) { return config.get_number(key, min, max, errors); }
    std::optional<bool> boolean(const char* key) { return config.get_bool(key, errors); }
    std::optional<std::vector<std::string>> strings(const char* key) { return config.get_string_list(key, errors); }

    const Config& config;
    std::vector<Error>& errors;
};

void read_identity(ConfigReader& r, DomainConfig& d); // name, type, uuid, labels, pool, flags
void read_sizes(ConfigReader& r, DomainConfig& d);    // memory, vCPUs, limits, scheduling
void read_affinity(ConfigReader& r, DomainConfig& d, const HostFacts& host);
void read_boot(ConfigReader& r, DomainConfig& d);     // kernel, ramdisk, command line, device tree
void read_arm(ConfigReader& r, DomainConfig& d);      // GIC, TEE, vuart, vPMU, ACPI, display
void read_devices(ConfigReader& r, DomainConfig& d);  // disk, vif, channel, passthrough

} // namespace xl::cfg
