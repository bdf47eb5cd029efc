#include "hotplug/hotplug_script.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "hotplug/hotplug_error.hpp"

namespace toolstack {

std::string script_path(const std::string& script)
{
    return !script.empty() && script[0] == '/' ? script : "/etc/xen/scripts/" + script;
}

void run_hotplug_script(const ScriptRun& run)
{
    const std::string path = script_path(run.script);
    if (::access(path.c_str(), X_OK) != 0)
        throw HotplugError("hotplug script " + path + " cannot be run: " + std::strerror(errno));
    std::vector<std::string> args{path, run.action};
    if (run.kind == "vif") args.push_back("type_if=vif");
    std::vector<std::string> env{"script=" + path, "XENBUS_TYPE=" + run.kind, "XENBUS_PATH=" + run.xenbus_path,
                                 "XENBUS_BASE_PATH=backend", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"};
    for (const auto& [key, value] : run.extra_env) env.push_back(key + "=" + value);
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);

    pid_t pid = ::fork();
    if (pid < 0) throw HotplugError(std::string("cannot start a hotplug script: ") + std::strerror(errno));
    if (pid == 0) {
        ::setsid();
        ::execve(path.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(run.timeout_ms);
    int status = 0;
    for (;;) {
        pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (done < 0 && errno != EINTR) throw HotplugError(std::string("waiting for ") + path + ": " + std::strerror(errno));
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(-pid, SIGKILL);
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            throw HotplugError("hotplug script " + path + " " + run.action + " timed out");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw HotplugError("hotplug script " + path + " " + run.action + " failed (" +
                           (WIFEXITED(status) ? "status " + std::to_string(WEXITSTATUS(status))
                                              : "signal " + std::to_string(WTERMSIG(status))) +
                           ")");
}

} // namespace toolstack
