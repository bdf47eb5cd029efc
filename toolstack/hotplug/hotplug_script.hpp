#pragma once
// A hotplug script the user named (disk `script=`, vif `script=`), run as
// libxl runs it: argv[1] the action (add/remove, online/offline), for a vif
// argv[2] "type_if=vif"; XENBUS_TYPE, XENBUS_PATH (relative to dom0's
// home), XENBUS_BASE_PATH and script in the environment, plus `extra_env`.
// Killed after `timeout_ms` (libxl's 40 s).
#include <string>
#include <utility>
#include <vector>

namespace toolstack {

struct ScriptRun {
    std::string script;     // absolute, or a name under /etc/xen/scripts
    std::string action;
    std::string kind;       // vbd, vif
    std::string xenbus_path; // backend/K/D/N
    std::vector<std::pair<std::string, std::string>> extra_env;
    int timeout_ms = 40000;
};

// Throws HotplugError if it cannot run, fails or times out.
void run_hotplug_script(const ScriptRun& run);

// A script name as libxl resolves it: a relative one lives in /etc/xen/scripts.
std::string script_path(const std::string& script);

} // namespace toolstack
