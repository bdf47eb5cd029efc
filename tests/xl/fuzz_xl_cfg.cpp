// libFuzzer target: any bytes as an xl.cfg file must parse or fail with
// errors, never crash, hang or leak; what parses must also be accepted or
// refused cleanly as a domain configuration.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/domain_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<xl::cfg::Error> errors;
    auto config = xl::cfg::Config::parse(text, "fuzz.cfg", errors);
    if (config) {
        (void)xl::cfg::domain_config_from(*config, errors);
        (void)config->apply_override(text.substr(0, text.find('\n')), errors);
    }
    for (const auto& e : errors) (void)e.format();
    return 0;
}
