// xenstored: the xenstore daemon. Starts the store, listens on the unix
// socket, attaches to dom0's ring when inside Xen, and runs one loop until
// SIGTERM.
#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <fcntl.h>
#include <memory>
#include <string>
#include <unistd.h>

#include "daemon.hpp"
#include "event_loop.hpp"
#include "guest_socket_backend.hpp"
#include "logger.hpp"
#include "options.hpp"
#include "socket_server.hpp"
#include "xen_backend.hpp"

using namespace xenstored;

namespace {

// Forks into the background. The parent waits until the daemon says it is
// ready (socket listening, dom0 attached, pid file written) and exits 0, or
// 1 if it failed first, so `xenstored && xenstore-ls` works. Returns the
// child's end of that pipe.
int detach_from_terminal() {
    int ready[2];
    if (::pipe(ready) != 0) {
        std::perror("xenstored: pipe");
        std::exit(1);
    }
    pid_t pid = ::fork();
    if (pid < 0) {
        std::perror("xenstored: fork");
        std::exit(1);
    }
    if (pid > 0) {
        ::close(ready[1]);
        char byte;
        std::_Exit(::read(ready[0], &byte, 1) == 1 ? 0 : 1);
    }
    ::close(ready[0]);
    ::setsid();
    int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
        ::dup2(null, 0);
        if (null > 2) ::close(null);
    }
    return ready[1];
}

// Releases the waiting parent; output (--output-pid, errors) went to the
// terminal until now, the log takes over.
void announce_ready(int ready_fd) {
    if (ready_fd < 0) return;
    std::fflush(stdout);
    (void)!::write(ready_fd, "", 1);
    ::close(ready_fd);
    int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
        ::dup2(null, 1);
        ::dup2(null, 2);
        if (null > 2) ::close(null);
    }
}

bool write_pid_file(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) return false;
    std::fprintf(f, "%d\n", static_cast<int>(::getpid()));
    return std::fclose(f) == 0;
}

}  // namespace

int main(int argc, char** argv) {
    int exit_code = 0;
    auto options = parse_options(argc, argv, exit_code);
    if (!options) return exit_code;
    std::signal(SIGPIPE, SIG_IGN);
    int ready_fd = options->no_fork ? -1 : detach_from_terminal();

    Logger logger(options->log_file, options->trace_file, options->verbose);
    EventLoop loop;
    DetachedDomainBackend detached;
    GuestSocketBackend guest_sockets(loop, options->socket_path);
    std::unique_ptr<XenDomainBackend> xen;
    if (XenDomainBackend::available()) {
        try {
            xen = std::make_unique<XenDomainBackend>(loop);
        } catch (const std::exception& e) {
            logger.error(std::string("no Xen devices, domains cannot attach: ") + e.what());
        }
    }
    DomainBackend& no_xen = options->guest_sockets ? static_cast<DomainBackend&>(guest_sockets) : detached;
    Daemon daemon(options->quotas, xen ? static_cast<DomainBackend&>(*xen) : no_xen);
    guest_sockets.set_daemon(daemon);
    daemon.log = [&logger](std::string_view text) { logger.info(text); };
    daemon.warn = [&logger](std::string_view text) { logger.warning(text); };
    daemon.settings().priv_domid = options->priv_domid;
    daemon.settings().keep_orphans = options->keep_orphans;
    daemon.settings().watch_event_timeout_ms =
        static_cast<std::uint32_t>(std::min<std::uint64_t>(options->watch_event_timeout_s * 1000ull, UINT32_MAX));
    if (options->keep_orphans) logger.info("keeping the nodes of domains that go away (-K)");
    if (options->on_disk_db) logger.debug("-I off: the store is kept in memory all the same");
    if (logger.tracing()) {
        daemon.trace = [&logger](const Connection& c, bool in, const MsgHeader& h, std::string_view p) {
            logger.trace(c, in, h, p);
        };
    }

    std::unique_ptr<SocketServer> server;
    try {
        server = std::make_unique<SocketServer>(loop, daemon, options->socket_path);
    } catch (const std::exception& e) {
        logger.error("cannot listen on " + options->socket_path + ": " + e.what());
        std::fprintf(stderr, "xenstored: cannot listen on %s: %s\n", options->socket_path.c_str(), e.what());
        return 1;
    }
    if (xen) {
        xen->set_daemon(daemon);
        if (!options->no_domain_init) xen->attach_dom0(options->master_domid, options->dom0_event);
    }
    if (!options->pid_file.empty() && !write_pid_file(options->pid_file)) {
        logger.error("cannot write pid file " + options->pid_file);
    }
    if (options->print_pid) {
        std::printf("%d\n", static_cast<int>(::getpid()));
        std::fflush(stdout);
    }
    // SIGTERM handled before anyone learns the daemon is there.
    loop.on_termination([&](int sig) {
        logger.info("exiting on signal " + std::to_string(sig));
        loop.stop();
    });
    logger.debug("listening on " + options->socket_path);
    announce_ready(ready_fd);

    loop.run();

    server.reset();
    if (!options->pid_file.empty()) ::unlink(options->pid_file.c_str());
    return 0;
}
