#pragma once
// xenconsoled's command line, as Xen 4.17's daemon takes it:
//   xenconsoled [-h] [-V] [-v] [-i] [--log=none|guest|hv|all] [--log-dir=DIR]
//               [--pid-file=PATH] [-t, --timestamp=none|guest|hv|all]
//               [-o, --overflow-data=discard|keep] [--replace-escape]
// A long option takes its value as --opt=VALUE or --opt VALUE, a short one
// as -tVALUE or -t VALUE.
#include <string>
#include <vector>

namespace console {

// Which logs an option covers: the guests', the hypervisor's, both.
enum class LogSet { None, Guest, Hv, All };
inline bool covers_guest(LogSet s) { return s == LogSet::Guest || s == LogSet::All; }
inline bool covers_hv(LogSet s) { return s == LogSet::Hv || s == LogSet::All; }

struct Options {
    bool interactive = false;   // -i: stay in the foreground
    bool verbose = false;       // -v
    bool discard_overflow = true; // -o discard (default) | keep
    bool replace_escape = false;  // --replace-escape (accepted; logs are kept as the guest wrote them)
    LogSet log = LogSet::None;
    LogSet timestamp = LogSet::None;
    std::string log_dir = "/var/log/xen/console";
    std::string pid_file;
};

struct ParsedCommandLine {
    enum class Action { Run, Help, Version, Error } action = Action::Run;
    Options options;
    std::string error; // one line, for Action::Error
};

ParsedCommandLine parse_options(const std::vector<std::string>& args); // args without argv[0]
std::string usage();
inline constexpr const char* VERSION_LINE = "xenconsoled 4.17 (Xen ABI compatible)";

} // namespace console
