// xld, the toolstack daemon: owns the lifecycle of the domains it creates
// and serves the toolstack API (xl is its client) on a unix socket. Started
// by dom0's init after xenstored and the console daemon.
#include <sys/stat.h>
#include <unistd.h>

#include <utility> // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>

#include "api/protocol.hpp"
#include "privcmd.hpp"
#include "xld/api.hpp"
#include "xld/server.hpp"

namespace {

struct Options {
    std::string socket = toolstack::api::kDefaultSocket;
    std::string state = "/var/lib/xen/xld.db";
    std::string log = "/var/log/xen/xld.log";
    std::string pid_file;
    bool foreground = false;
};

void usage(std::FILE* out)
{
    std::fprintf(out, "Usage: xld [-F] [--socket PATH] [--state PATH] [--log PATH] [--pid-file PATH]\n"
                      "  -F, --foreground  stay in the foreground and log to stderr too\n"
                      "  --socket PATH     the API socket (default %s, or $%s)\n"
                      "  --state PATH      the sqlite3 state (default /var/lib/xen/xld.db)\n"
                      "  --log PATH        the log file (default /var/log/xen/xld.log)\n"
                      "  --pid-file PATH   write the daemon's pid there\n",
                  toolstack::api::kDefaultSocket, toolstack::api::kSocketEnv);
}

bool parse(int argc, char** argv, Options& o)
{
    if (const char* env = std::getenv(toolstack::api::kSocketEnv); env && *env) o.socket = env;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc) return false;
            out = argv[++i];
            return true;
        };
        if (a == "-F" || a == "--foreground") {
            o.foreground = true;
        } else if (a == "-h" || a == "--help") {
            usage(stdout);
            std::exit(0);
        } else if ((a == "--socket" && value(o.socket)) || (a == "--state" && value(o.state)) ||
                   (a == "--log" && value(o.log)) || (a == "--pid-file" && value(o.pid_file))) {
        } else {
            std::fprintf(stderr, "xld: unknown option or missing value: %s\n", a.c_str());
            usage(stderr);
            return false;
        }
    }
    return true;
}

void make_parent(const std::string& path)
{
    std::string dir = path.substr(0, path.rfind('/'));
    for (size_t i = 1; i <= dir.size(); ++i)
        if (i == dir.size() || dir[i] == '/') ::mkdir(dir.substr(0, i).c_str(), 0755);
}

} // namespace

int main(int argc, char** argv)
{
    Options options;
    if (!parse(argc, argv, options)) return 2;
    make_parent(options.log);
    std::ofstream log_file(options.log, std::ios::app);
    bool to_stderr = options.foreground;
    auto log = [&](const std::string& line) {
        char stamp[32];
        std::time_t now = std::time(nullptr);
        std::strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", std::localtime(&now));
        log_file << stamp << " xld[" << ::getpid() << "]: " << line << std::endl;
        if (to_stderr) std::fprintf(stderr, "xld: %s\n", line.c_str());
    };
    try {
        make_parent(options.state);
        make_parent(options.socket);
        xc::Privcmd privcmd;
        xc::Xc xc(privcmd);
        xs::Client requests, watches;
        xld::StateStore state(options.state);
        xld::DomainManager manager(xc, requests, state, log);
        manager.recover();
        xld::Api api(manager);
        boost::asio::io_context io;
        xld::Server server(io, options.socket, api, manager, watches);
        boost::asio::signal_set stop(io, SIGTERM, SIGINT);
        stop.async_wait([&](boost::system::error_code, int) { io.stop(); });
        if (!options.foreground) {
            // Ready: the socket answers. The parent returns so that init goes on.
            io.notify_fork(boost::asio::io_context::fork_prepare);
            pid_t child = ::fork();
            if (child < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
            if (child > 0) {
                // The pid file is there when the command returns.
                if (!options.pid_file.empty()) std::ofstream(options.pid_file) << child << "\n";
                std::_Exit(0);
            }
            ::setsid();
            io.notify_fork(boost::asio::io_context::fork_child);
        } else if (!options.pid_file.empty()) {
            std::ofstream(options.pid_file) << ::getpid() << "\n";
        }
        log("serving " + options.socket);
        io.run();
        log("stopping");
    } catch (const std::exception& e) {
        log(std::string("fatal: ") + e.what());
        std::fprintf(stderr, "xld: %s\n", e.what());
        return 1;
    }
    return 0;
}
