// The daemon's command line, compatible with Xen 4.17's C xenstored where
// the options apply.
#pragma once
#include <optional>
#include <string>

#include "quotas.hpp"

namespace xenstored {

struct Options {
    bool no_fork = false;          // -N, --no-fork
    bool no_domain_init = false;   // -D, --no-domain-init
    bool verbose = false;          // -V, --verbose
    bool print_pid = false;        // -P, --output-pid
    bool guest_sockets = false;    // -G, --guest-sockets (no Xen: tests)
    std::string pid_file;          // -F, --pid-file
    std::string trace_file;        // -T, --trace-file
    std::string log_file;          // --log-file (else syslog)
    std::string socket_path;       // default: as libxenstore finds it
    Quotas quotas;                 // -Q what=n and the older -E -W -t -S -A -M
};

// Parses argv; on error or --help prints to stderr and returns nullopt
// with `exit_code` set.
std::optional<Options> parse_options(int argc, char** argv, int& exit_code);

}  // namespace xenstored
