// xld, the toolstack daemon: owns the lifecycle of the domains it creates
// and serves the toolstack API (xl is its client) on a unix socket. Started
// by dom0's init after xenstored and the console daemon.
#include <fcntl.h>
#include <sys/file.h>
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

// Daemonizes before anything is opened (sqlite must not cross a fork): the
// parent returns once the child serves the socket (0) or has failed (1),
// having written the child's pid file. Returns the pipe's write end to
// signal readiness on, or -1 in the foreground.
int daemonize(const Options& options)
{
    if (options.foreground) return -1;
    int ready[2];
    if (::pipe2(ready, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    pid_t child = ::fork();
    if (child < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (child > 0) {
        ::close(ready[1]);
        char byte;
        ssize_t n;
        do n = ::read(ready[0], &byte, 1);
        while (n < 0 && errno == EINTR);
        if (n != 1) std::_Exit(1); // the child said why on stderr
        if (!options.pid_file.empty()) std::ofstream(options.pid_file) << child << "\n";
        std::_Exit(0);
    }
    ::close(ready[0]);
    ::setsid();
    return ready[1];
}

// One daemon per state: a second one would undo the first's creates.
int lock_state(const std::string& state)
{
    const std::string path = state + ".lock";
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0)
        throw std::runtime_error("another xld is running (" + path + " is locked)");
    return fd;
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
        int ready = daemonize(options);
        make_parent(options.state);
        make_parent(options.socket);
        int lock = lock_state(options.state);
        (void)lock; // held for the daemon's life
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
        if (ready >= 0) {
            ::write(ready, "r", 1);
            ::close(ready);
            // stdio goes nowhere from here on: the log file has it all.
            int null = ::open("/dev/null", O_RDWR);
            if (null >= 0) {
                ::dup2(null, STDIN_FILENO), ::dup2(null, STDOUT_FILENO), ::dup2(null, STDERR_FILENO);
                ::close(null);
            }
        } else if (!options.pid_file.empty()) {
            std::ofstream(options.pid_file) << ::getpid() << "\n";
        }
        log("serving " + options.socket);
        // An error that escapes a handler is logged; the loop goes on.
        for (;;) {
            try {
                io.run();
                break;
            } catch (const std::exception& e) {
                log(std::string("error in the event loop: ") + e.what());
            }
        }
        log("stopping");
    } catch (const std::exception& e) {
        log(std::string("fatal: ") + e.what());
        std::fprintf(stderr, "xld: %s\n", e.what());
        return 1;
    }
    return 0;
}
