#pragma once
// An xl.cfg file: the grammar of Xen 4.17's libxlu (assignments `key = value`
// and `key += value`, `;` or newline terminated, lists nesting and spanning
// lines), every error with its file and line, and the typed lookups xl's
// keys need. Where Xen's xl only warns and falls back to a default (a
// number key given "lots"), these lookups fail with an error naming the
// file, the line and the key.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/value.hpp"

namespace xl::cfg {

struct Error {
    std::string source;
    int line = 0;
    std::string message;
    // "SOURCE:LINE: MESSAGE", as xl prints them.
    std::string format() const;
};

class Config {
public:
    // Parses `text`; on any syntax error returns nullopt and appends every
    // error found (parsing resumes at the next line, as xl's does).
    static std::optional<Config> parse(std::string_view text, const std::string& source, std::vector<Error>& errors);
    static std::optional<Config> load(const std::string& path, std::vector<Error>& errors);

    // A command-line override "key=value" (or "key+=value"): parsed as a
    // one-line file and applied after the file's settings.
    bool apply_override(std::string_view assignment, std::vector<Error>& errors);

    const std::vector<Setting>& settings() const { return settings_; }
    const std::string& source() const { return source_; }
    // The value in force for `key` (the last assignment, `+=` applied).
    const Value* find(std::string_view key) const;
    const Setting* setting(std::string_view key) const;

    // Typed lookups. nullopt when the key is absent; a wrongly typed or out
    // of range value records an error naming the file, line and key.
    std::optional<std::string> get_string(std::string_view key, std::vector<Error>& errors) const;
    std::optional<int64_t> get_number(std::string_view key, int64_t min, int64_t max, std::vector<Error>& errors) const;
    std::optional<bool> get_bool(std::string_view key, std::vector<Error>& errors) const;
    // A list of strings; a single string is accepted as a one-element list.
    std::optional<std::vector<std::string>> get_string_list(std::string_view key, std::vector<Error>& errors) const;

private:
    bool add(Setting setting, std::vector<Error>& errors);

    std::string source_;
    std::vector<Setting> settings_; // as written, in order
    std::vector<Setting> resolved_; // one per key, the value in force
};

// The number text of a Value ("512", "0x200", "010") as C's strtol with base 0.
std::optional<int64_t> to_number(const std::string& text);

} // namespace xl::cfg
