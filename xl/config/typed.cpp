// Typed lookups: what a key's value must be, checked with an error that
// names the file, the line and the key.
#include <cerrno>
#include <cstdlib>

#include "config/config.hpp"

namespace xl::cfg {

std::optional<int64_t> to_number(const std::string& text)
{
    if (text.empty()) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 0);
    if (errno || !end || *end) return std::nullopt;
    return v;
}

std::optional<std::string> Config::get_string(std::string_view key, std::vector<Error>& errors) const
{
    const Setting* s = setting(key);
    if (!s) return std::nullopt;
    if (s->value.kind == Value::Kind::List) {
        errors.push_back(Error{source_, s->line, "`" + s->key + "' is a list but should be a single value"});
        return std::nullopt;
    }
    return s->value.text;
}

std::optional<int64_t> Config::get_number(std::string_view key, int64_t min, int64_t max,
                                          std::vector<Error>& errors) const
{
    const Setting* s = setting(key);
    if (!s) return std::nullopt;
    if (s->value.kind == Value::Kind::List) {
        errors.push_back(Error{source_, s->line, "`" + s->key + "' is a list but should be a number"});
        return std::nullopt;
    }
    // xl warns and ignores such a setting; a number cannot be appended to.
    if (s->append) {
        errors.push_back(Error{source_, s->line, "`" + s->key + "': can't use += with numbers"});
        return std::nullopt;
    }
    // Strings that hold numbers are numbers too (memory = "512"), as in xl.
    auto v = to_number(s->value.text);
    if (!v) {
        errors.push_back(Error{source_, s->line, "`" + s->key + "' must be a number, not \"" + s->value.text + "\""});
        return std::nullopt;
    }
    if (*v < min || *v > max) {
        errors.push_back(Error{source_, s->line, "`" + s->key + "' = " + s->value.text + " is out of range (" +
                                                      std::to_string(min) + " to " + std::to_string(max) + ")"});
        return std::nullopt;
    }
    return v;
}

std::optional<bool> Config::get_bool(std::string_view key, std::vector<Error>& errors) const
{
    auto v = get_number(key, INT64_MIN, INT64_MAX, errors);
    if (!v) return std::nullopt;
    return *v != 0;
}

std::optional<std::vector<std::string>> Config::get_string_list(std::string_view key, std::vector<Error>& errors) const
{
    const Setting* s = setting(key);
    if (!s) return std::nullopt;
    if (s->value.kind != Value::Kind::List) return std::vector<std::string>{s->value.text};
    std::vector<std::string> out;
    for (const Value& item : s->value.items) {
        if (item.kind == Value::Kind::List) {
            errors.push_back(Error{source_, item.line, "`" + s->key + "': a list inside this list is not allowed here"});
            return std::nullopt;
        }
        out.push_back(item.text);
    }
    return out;
}

} // namespace xl::cfg
