// The daemon's command line: every option of Xen 4.17's C xenstored, with
// its meaning, plus a few of our own for tests (-s, -L, -G). As there, an
// option the parser does not know is only warned about, while a bad -Q, -q
// or -w and a stray argument are fatal (FATAL: on stderr, exit status 1).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "quotas.hpp"

namespace xenstored {

struct Options {
    bool no_fork = false;          // -N, --no-fork
    bool no_domain_init = false;   // -D, --no-domain-init
    bool verbose = false;          // -V, --verbose
    bool print_pid = false;        // -P, --output-pid
    bool keep_orphans = false;     // -K, --keep-orphans: a gone domain's nodes pass to priv_domid
    bool no_recovery = false;      // -R, --no-recovery (our store is never recovered: no effect)
    bool on_disk_db = false;       // -I off, --internal-db=off (we keep the store in memory)
    bool guest_sockets = false;    // -G, --guest-sockets (no Xen: tests)
    std::string pid_file;          // -F, --pid-file
    std::string trace_file;        // -T, --trace-file
    std::string log_file;          // -L, --log-file (else syslog)
    std::string socket_path;       // -s, --socket; default: as libxenstore finds it
    std::uint32_t master_domid = 0;  // --master-domid: the domain we run in (dom0)
    std::uint32_t priv_domid = 0;    // --priv-domid: privileged besides dom0, inherits orphans
    std::uint32_t dom0_event = 0;    // --event: dom0's xenstore port (0: /proc/xen/xsd_port)
    std::uint32_t watch_event_timeout_s = 20;  // -w watch-event=<s>; 0: kept until sent
    Quotas quotas;                 // -Q, -q, and -E -W -t -S -A -M
};

// Parses argv. Returns nullopt when the daemon must not start: after -H
// (usage on stderr, `exit_code` 0) or a fatal error (`exit_code` 1).
std::optional<Options> parse_options(int argc, char** argv, int& exit_code);

}  // namespace xenstored
