#include "options.hpp"

#include <optional>
#include <string_view>

namespace console {
namespace {

std::optional<LogSet> log_set(std::string_view v)
{
    if (v == "none") return LogSet::None;
    if (v == "guest") return LogSet::Guest;
    if (v == "hv") return LogSet::Hv;
    if (v == "all") return LogSet::All;
    return std::nullopt;
}

struct Spec {
    char short_name; // 0: long only
    std::string_view long_name;
    bool takes_value;
};

constexpr Spec SPECS[] = {
    {'h', "help", false},         {'V', "version", false},         {'v', "verbose", false},
    {'i', "interactive", false},  {0, "log", true},                {0, "log-dir", true},
    {0, "pid-file", true},        {'t', "timestamp", true},        {'o', "overflow-data", true},
    {0, "replace-escape", false},
};

// Applies one option; returns an error line, or nothing.
std::optional<std::string> apply(const Spec& spec, const std::string& value, ParsedCommandLine& out)
{
    Options& o = out.options;
    std::string_view name = spec.long_name;
    if (name == "help") out.action = ParsedCommandLine::Action::Help;
    else if (name == "version") out.action = ParsedCommandLine::Action::Version;
    else if (name == "verbose") o.verbose = true;
    else if (name == "interactive") o.interactive = true;
    else if (name == "replace-escape") o.replace_escape = true;
    else if (name == "log-dir") o.log_dir = value;
    else if (name == "pid-file") o.pid_file = value;
    else if (name == "log" || name == "timestamp") {
        auto set = log_set(value);
        if (!set) return "invalid --" + std::string(name) + " value '" + value + "' (none, guest, hv or all)";
        (name == "log" ? o.log : o.timestamp) = *set;
    } else if (name == "overflow-data") {
        if (value != "discard" && value != "keep")
            return "invalid --overflow-data value '" + value + "' (discard or keep)";
        o.discard_overflow = value == "discard";
    }
    if ((name == "log-dir" || name == "pid-file") && value.empty()) return "--" + std::string(name) + " needs a value";
    return std::nullopt;
}

ParsedCommandLine failure(std::string error)
{
    ParsedCommandLine p;
    p.action = ParsedCommandLine::Action::Error;
    p.error = std::move(error);
    return p;
}

} // namespace

ParsedCommandLine parse_options(const std::vector<std::string>& args)
{
    ParsedCommandLine out;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const Spec* spec = nullptr;
        std::optional<std::string> inline_value;
        if (arg.rfind("--", 0) == 0 && arg.size() > 2) {
            std::string_view body = std::string_view(arg).substr(2);
            size_t eq = body.find('=');
            std::string_view name = body.substr(0, eq);
            if (eq != std::string_view::npos) inline_value = std::string(body.substr(eq + 1));
            for (const Spec& s : SPECS)
                if (s.long_name == name) spec = &s;
            if (!spec) return failure("unrecognized option '" + arg + "'");
            if (!spec->takes_value && inline_value) return failure("option '--" + std::string(name) + "' takes no value");
        } else if (arg.size() >= 2 && arg[0] == '-' && arg[1] != '-') {
            // Clustered short flags (-iv) and -tVALUE.
            for (size_t k = 1; k < arg.size() && !spec; ++k) {
                const Spec* s = nullptr;
                for (const Spec& c : SPECS)
                    if (c.short_name && c.short_name == arg[k]) s = &c;
                if (!s) return failure(std::string("invalid option -- '") + arg[k] + "'");
                if (s->takes_value) {
                    spec = s;
                    if (k + 1 < arg.size()) inline_value = arg.substr(k + 1);
                } else if (auto e = apply(*s, "", out)) {
                    return failure(*e);
                }
            }
            if (!spec) continue;
        } else {
            return failure("unexpected argument '" + arg + "'");
        }
        std::string value;
        if (spec->takes_value) {
            if (inline_value) value = *inline_value;
            else if (i + 1 < args.size()) value = args[++i];
            else return failure("option '" + arg + "' requires a value");
        }
        if (auto e = apply(*spec, value, out)) return failure(*e);
    }
    return out;
}

std::string usage()
{
    return "Usage: xenconsoled [-h] [-V] [-v] [-i] [--log=none|guest|hv|all] [--log-dir=DIR]\n"
           "                   [--pid-file=PATH] [-t, --timestamp=none|guest|hv|all]\n"
           "                   [-o, --overflow-data=discard|keep] [--replace-escape]\n"
           "  -i, --interactive  stay in the foreground\n"
           "  -v, --verbose      log more to syslog\n";
}

} // namespace console
