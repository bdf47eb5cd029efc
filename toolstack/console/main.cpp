// xenconsoled: serves the guests' console 0 rings on ptys for `xl console`,
// as Xen 4.17's daemon does (spec §6.1).
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "daemon.hpp"
#include "event_loop.hpp"
#include "options.hpp"
#include "report.hpp"
#include "xen_devices.hpp"

namespace {

using namespace console;

// As Xen's: room for many consoles' fds.
void raise_fd_limit()
{
    rlimit want{4 * 32752 + 1000, 4 * 32752 + 1000};
    if (::setrlimit(RLIMIT_NOFILE, &want) == 0) return;
    rlimit now{};
    if (::getrlimit(RLIMIT_NOFILE, &now) == 0) {
        now.rlim_cur = now.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &now);
    }
}

// fork + setsid, stdio on /dev/null; the parent exits 0.
void daemonize()
{
    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid > 0) ::_exit(0);
    ::setsid();
    if (::fork() > 0) ::_exit(0); // never reacquire a controlling terminal
    if (::chdir("/") != 0) {
    }
    int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
        for (int fd = 0; fd < 3; ++fd) ::dup2(null, fd);
        if (null > 2) ::close(null);
    }
}

void write_pid_file(const std::string& path)
{
    if (path.empty()) return;
    std::ofstream out(path, std::ios::trunc);
    out << ::getpid() << "\n";
    if (!out) report(Severity::Warning, "cannot write the pid file " + path);
}

int run(const Options& options)
{
    if (::geteuid() != 0) report(Severity::Warning, "not running as root: the Xen devices may refuse us");
    raise_fd_limit();
    if (covers_guest(options.log) || covers_hv(options.log)) ::mkdir(options.log_dir.c_str(), 0755);
    if (covers_hv(options.log)) report(Severity::Warning, "--log=hv: the hypervisor's log is not kept yet");

    XenDevices devices;
    xs::Client xs;
    if (!options.interactive) daemonize();
    write_pid_file(options.pid_file);

    EventLoop loop;
    Daemon daemon(loop, xs, devices, options);
    loop.on_signals([&](int sig) {
        if (sig == SIGHUP) daemon.reopen_logs();
        else loop.stop();
    });
    daemon.start();
    loop.run();
    if (!options.pid_file.empty()) ::unlink(options.pid_file.c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    ParsedCommandLine cmd = parse_options(args);
    switch (cmd.action) {
    case ParsedCommandLine::Action::Error:
        std::cerr << "xenconsoled: " << cmd.error << " (see xenconsoled -h)\n";
        return 2;
    case ParsedCommandLine::Action::Help:
        std::cout << usage();
        return 0;
    case ParsedCommandLine::Action::Version:
        std::cout << VERSION_LINE << "\n";
        return 0;
    case ParsedCommandLine::Action::Run:
        break;
    }
    ::signal(SIGPIPE, SIG_IGN);
    report_open(cmd.options.interactive, cmd.options.verbose);
    try {
        return run(cmd.options);
    } catch (const std::exception& e) {
        report(Severity::Error, e.what());
        if (!cmd.options.interactive) std::cerr << "xenconsoled: " << e.what() << "\n";
        return 1;
    }
}
