#include "options.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <getopt.h>
#include <string_view>

#include "socket_server.hpp"
#include "wire.hpp"

namespace xenstored {

namespace {

constexpr const char* kUsage =
    "Usage: xenstored [options]\n"
    "  -N, --no-fork                stay in the foreground\n"
    "  -F, --pid-file <file>        write the daemon's pid there\n"
    "  -P, --output-pid             print the pid on stdout\n"
    "  -D, --no-domain-init         do not attach to dom0's ring\n"
    "  -T, --trace-file <file>      log every message there, with its connection\n"
    "  -V, --verbose                log more\n"
    "  -H, --help                   print this text and exit\n"
    "  -E, --entry-nb <n>           nodes a domain may own\n"
    "  -S, --entry-size <bytes>     size of one node record\n"
    "  -W, --watch-nb <n>           watches of a domain\n"
    "  -t, --transaction <n>        open transactions of a domain's connection\n"
    "  -A, --perm-nb <n>            entries in one node's permissions\n"
    "  -M, --path-max <chars>       path length below a domain's home (at most 2048)\n"
    "  -Q, --quota <what>=<n>       hard quota, <what> one of:\n"
    "                                 outstanding        requests in progress per domain\n"
    "                                 transaction-nodes  nodes one transaction may touch\n"
    "                                 memory             bytes queued towards a domain; over it\n"
    "                                                    the domain's requests wait (0: no limit)\n"
    "  -q, --quota-soft <what>=<n>  soft quota, only logged when exceeded: memory\n"
    "  -w, --timeout <what>=<s>     timeout, <what> one of:\n"
    "                                 watch-event  a guest's watch event not sent within\n"
    "                                              <s> seconds is dropped (0: never)\n"
    "  -K, --keep-orphans           keep the nodes of a domain that goes away (they pass\n"
    "                               to the privileged domain) instead of deleting them;\n"
    "                               a later domain with the same id cannot reclaim them\n"
    "  -R, --no-recovery            accepted; the store here is never recovered\n"
    "  -I, --internal-db[=on|off]   accepted; the store here is always in memory\n"
    "  -U, --live-update            resume a live update (not supported here: fatal)\n"
    "      --master-domid <id>      the domain this daemon runs in (default 0)\n"
    "      --priv-domid <id>        a privileged domain besides dom0 (default 0)\n"
    "      --event <port>           dom0's xenstore event channel (default: from\n"
    "                               /proc/xen/xsd_port)\n"
    "Ours, for tests and hosts without Xen:\n"
    "  -s, --socket <path>          socket path (default: $XENSTORED_PATH,\n"
    "                               $XENSTORED_RUNDIR/socket, /run/xenstored/socket)\n"
    "  -L, --log-file <file>        log to a file instead of syslog\n"
    "  -G, --guest-sockets          without Xen, give each introduced domain a socket\n"
    "                               <socket>-dom<domid> standing in for its ring\n";

// The daemon must not start: says why on stderr, as Xen's does (FATAL:).
struct Fatal {
    std::string message;
};

// A count as the older options (-E, -W, -t, -S, -A, -M, --event, ...) take
// it: read as strtol reads it and never refused (text without a number is
// 0), clamped to what a quota can hold.
std::uint32_t lenient_count(const char* text) {
    long long value = std::strtoll(text, nullptr, 10);
    if (value < 0) return 0;
    if (value > static_cast<long long>(UINT32_MAX)) return UINT32_MAX;
    return static_cast<std::uint32_t>(value);
}

// A value of -Q, -q and -w: a whole decimal number, not negative. Above
// INT_MAX it is INT_MAX: Xen's check runs on a 32-bit long on armhf (our
// dom0), where strtol saturates there, so Debian's daemon takes it so.
std::uint32_t strict_value(const char* text) {
    char* end = nullptr;
    long long value = std::strtoll(text, &end, 10);
    if (!*text || *end || value < 0)
        throw Fatal{std::string("\"") + text + "\" is not a number from 0 to " + std::to_string(INT_MAX)};
    return static_cast<std::uint32_t>(std::min<long long>(value, INT_MAX));
}

// Splits "<what>=<value>" and reads the value; which names are allowed is
// the caller's business.
std::pair<std::string_view, std::uint32_t> assignment(char opt, const char* arg) {
    std::string_view text(arg);
    auto eq = text.find('=');
    if (eq == std::string_view::npos)
        throw Fatal{std::string("-") + opt + " " + arg + ": expected <what>=<number>"};
    return {text.substr(0, eq), strict_value(arg + eq + 1)};
}

void set_quota(Quotas& q, const char* arg, bool soft) {
    auto [what, value] = assignment(soft ? 'q' : 'Q', arg);
    if (soft && what == "memory") {
        q.memory_soft = value;
    } else if (!soft && (what == "outstanding" || what == "transaction-nodes" || what == "memory")) {
        q.set(what, value);
    } else {
        throw Fatal{std::string(soft ? "-q" : "-Q") + " " + arg + ": no such " + (soft ? "soft " : "") +
                    "quota (known: " + (soft ? "memory" : "outstanding, transaction-nodes, memory") + ")"};
    }
}

void set_timeout(Options& opts, const char* arg) {
    auto [what, value] = assignment('w', arg);
    if (what != "watch-event") throw Fatal{std::string("-w ") + arg + ": no such timeout (known: watch-event)"};
    opts.watch_event_timeout_s = value;
}

Options parse(int argc, char** argv, bool& help) {
    enum LongOnly { kMasterDomid = 0x100, kPrivDomid, kEvent };
    static const option long_options[] = {
        {"no-domain-init", no_argument, nullptr, 'D'},   {"entry-nb", required_argument, nullptr, 'E'},
        {"pid-file", required_argument, nullptr, 'F'},   {"event", required_argument, nullptr, kEvent},
        {"master-domid", required_argument, nullptr, kMasterDomid},
        {"help", no_argument, nullptr, 'H'},             {"no-fork", no_argument, nullptr, 'N'},
        {"priv-domid", required_argument, nullptr, kPrivDomid},
        {"output-pid", no_argument, nullptr, 'P'},       {"entry-size", required_argument, nullptr, 'S'},
        {"trace-file", required_argument, nullptr, 'T'}, {"transaction", required_argument, nullptr, 't'},
        {"perm-nb", required_argument, nullptr, 'A'},    {"path-max", required_argument, nullptr, 'M'},
        {"quota", required_argument, nullptr, 'Q'},      {"quota-soft", required_argument, nullptr, 'q'},
        {"timeout", required_argument, nullptr, 'w'},    {"no-recovery", no_argument, nullptr, 'R'},
        {"internal-db", optional_argument, nullptr, 'I'}, {"keep-orphans", no_argument, nullptr, 'K'},
        {"verbose", no_argument, nullptr, 'V'},          {"watch-nb", required_argument, nullptr, 'W'},
        {"live-update", no_argument, nullptr, 'U'},
        // Ours.
        {"socket", required_argument, nullptr, 's'},     {"log-file", required_argument, nullptr, 'L'},
        {"guest-sockets", no_argument, nullptr, 'G'},
        {nullptr, 0, nullptr, 0},
    };
    Options opts;
    opts.socket_path = default_socket_path();
    optind = 0;  // glibc: start afresh, even after a parse left mid-word (tests parse often)
    opterr = 1;  // getopt's own warning for an unknown option or a missing argument
    int c;
    // 4.17's short options are exactly these; --master-domid, --priv-domid
    // and --event have no short form there, so -m, -p, -e are unknown here
    // too (and the value after one is then a stray argument).
    while ((c = getopt_long(argc, argv, "DE:F:HI::KNPS:t:A:M:Q:q:T:RVW:w:Us:L:G", long_options, nullptr)) != -1) {
        switch (c) {
        case 'D': opts.no_domain_init = true; break;
        case 'E': opts.quotas.nodes = lenient_count(optarg); break;
        case 'F': opts.pid_file = optarg; break;
        case 'H': help = true; return opts;
        case 'N': opts.no_fork = true; break;
        case 'P': opts.print_pid = true; break;
        case 'R': opts.no_recovery = true; break;
        case 'S': opts.quotas.node_size = lenient_count(optarg); break;
        case 't': opts.quotas.transactions = lenient_count(optarg); break;
        case 'T': opts.trace_file = optarg; break;
        case 'I': opts.on_disk_db = optarg && std::string_view(optarg) == "off"; break;
        case 'K': opts.keep_orphans = true; break;
        case 'V': opts.verbose = true; break;
        case 'W': opts.quotas.watches = lenient_count(optarg); break;
        case 'A': opts.quotas.permissions = lenient_count(optarg); break;
        case 'M': opts.quotas.path_max = std::min<std::uint32_t>(lenient_count(optarg), kRelPathMax); break;
        case 'Q': set_quota(opts.quotas, optarg, false); break;
        case 'q': set_quota(opts.quotas, optarg, true); break;
        case 'w': set_timeout(opts, optarg); break;
        case kEvent: opts.dom0_event = lenient_count(optarg); break;
        case kMasterDomid: opts.master_domid = lenient_count(optarg); break;
        case kPrivDomid: opts.priv_domid = lenient_count(optarg); break;
        case 'U': throw Fatal{"-U: no live-update state to resume (this xenstored does not live-update)"};
        case 's': opts.socket_path = optarg; break;
        case 'L': opts.log_file = optarg; break;
        case 'G': opts.guest_sockets = true; break;
        default: break;  // unknown, or its argument missing: getopt warned, go on
        }
    }
    if (optind < argc) throw Fatal{std::string("unexpected argument \"") + argv[optind] + "\" (options only)"};
    return opts;
}

}  // namespace

std::optional<Options> parse_options(int argc, char** argv, int& exit_code) {
    try {
        bool help = false;
        Options opts = parse(argc, argv, help);
        if (help) {
            std::fputs(kUsage, stderr);
            exit_code = 0;
            return std::nullopt;
        }
        return opts;
    } catch (const Fatal& f) {
        std::fprintf(stderr, "FATAL: %s\n", f.message.c_str());
        exit_code = 1;
        return std::nullopt;
    }
}

}  // namespace xenstored
