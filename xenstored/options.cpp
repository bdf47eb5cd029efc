#include "options.hpp"

#include <cstdio>
#include <cstdlib>
#include <getopt.h>
#include <string_view>

#include "socket_server.hpp"

namespace xenstored {

namespace {

constexpr const char* kUsage =
    "Usage: xenstored [options]\n"
    "  -N, --no-fork            stay in the foreground\n"
    "  -F, --pid-file <file>    write the daemon's pid there\n"
    "  -T, --trace-file <file>  log every message there, with its connection\n"
    "                           and its kind (socket or domain)\n"
    "  -Q, --quota <what>=<n>   set a quota: nodes watches transactions outstanding\n"
    "                           transaction-nodes memory node-size path-max permissions\n"
    "  -E, -W, -t, -S, -A, -M <n>  nodes, watches, transactions, node-size,\n"
    "                           permissions, path-max (older spellings)\n"
    "  -V, --verbose            log more\n"
    "  -D, --no-domain-init     do not attach to dom0's ring\n"
    "  -P, --output-pid         print the pid on stdout\n"
    "  -L, --log-file <file>    log to a file instead of syslog\n"
    "  -G, --guest-sockets      without Xen, give each introduced domain a socket\n"
    "                           <socket>-dom<domid> standing in for its ring (tests)\n"
    "  -s, --socket <path>      socket path (default: $XENSTORED_PATH,\n"
    "                           $XENSTORED_RUNDIR/socket, /run/xenstored/socket)\n";

bool set_number(Quotas& q, std::string_view name, const char* text) {
    char* end = nullptr;
    unsigned long value = std::strtoul(text, &end, 10);
    return end && *end == '\0' && value <= 0xffffffffUL && q.set(name, static_cast<std::uint32_t>(value));
}

}  // namespace

std::optional<Options> parse_options(int argc, char** argv, int& exit_code) {
    static const option long_options[] = {
        {"no-fork", no_argument, nullptr, 'N'},      {"pid-file", required_argument, nullptr, 'F'},
        {"trace-file", required_argument, nullptr, 'T'}, {"quota", required_argument, nullptr, 'Q'},
        {"verbose", no_argument, nullptr, 'V'},      {"no-domain-init", no_argument, nullptr, 'D'},
        {"output-pid", no_argument, nullptr, 'P'},   {"log-file", required_argument, nullptr, 'L'},
        {"socket", required_argument, nullptr, 's'}, {"entry-nb", required_argument, nullptr, 'E'},
        {"watch-nb", required_argument, nullptr, 'W'}, {"transaction", required_argument, nullptr, 't'},
        {"entry-size", required_argument, nullptr, 'S'}, {"perm-nb", required_argument, nullptr, 'A'},
        {"path-max", required_argument, nullptr, 'M'}, {"help", no_argument, nullptr, 'h'},
        {"no-recovery", no_argument, nullptr, 'R'},  {"internal-db", optional_argument, nullptr, 'I'},
        {"guest-sockets", no_argument, nullptr, 'G'},
        {nullptr, 0, nullptr, 0},
    };
    Options opts;
    opts.socket_path = default_socket_path();
    optind = 1;
    int c;
    bool ok = true;
    while ((c = getopt_long(argc, argv, "NF:T:Q:VDPGL:s:E:W:t:S:A:M:hRI::", long_options, nullptr)) != -1) {
        switch (c) {
        case 'N': opts.no_fork = true; break;
        case 'F': opts.pid_file = optarg; break;
        case 'T': opts.trace_file = optarg; break;
        case 'Q': ok = opts.quotas.set_from_option(optarg); break;
        case 'V': opts.verbose = true; break;
        case 'D': opts.no_domain_init = true; break;
        case 'P': opts.print_pid = true; break;
        case 'G': opts.guest_sockets = true; break;
        case 'L': opts.log_file = optarg; break;
        case 's': opts.socket_path = optarg; break;
        case 'E': ok = set_number(opts.quotas, "nodes", optarg); break;
        case 'W': ok = set_number(opts.quotas, "watches", optarg); break;
        case 't': ok = set_number(opts.quotas, "transactions", optarg); break;
        case 'S': ok = set_number(opts.quotas, "node-size", optarg); break;
        case 'A': ok = set_number(opts.quotas, "permissions", optarg); break;
        case 'M': ok = set_number(opts.quotas, "path-max", optarg); break;
        case 'R':
        case 'I': break;  // in-memory store, no recovery: always so here
        case 'h': std::fputs(kUsage, stdout); exit_code = 0; return std::nullopt;
        default: ok = false; break;
        }
        if (!ok) {
            std::fprintf(stderr, "xenstored: bad option%s%s\n%s", optarg ? " argument " : "", optarg ? optarg : "",
                         kUsage);
            exit_code = 2;
            return std::nullopt;
        }
    }
    if (optind < argc) {
        std::fprintf(stderr, "xenstored: unexpected argument %s\n%s", argv[optind], kUsage);
        exit_code = 2;
        return std::nullopt;
    }
    return opts;
}

}  // namespace xenstored
