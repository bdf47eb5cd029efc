// Splitting request payloads the way Xen 4.17 checks them.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace xenstored {

// Exactly one NUL, as the last byte: the single string before it.
std::optional<std::string_view> single_arg(std::string_view payload);

// NUL-terminated strings; nullopt unless the payload ends with a NUL.
std::optional<std::vector<std::string_view>> split_args(std::string_view payload);

// Leading decimal digits as atoi/strtoul read them (garbage reads as 0,
// overflow saturates).
std::uint64_t lenient_number(std::string_view text);

}  // namespace xenstored
