#include "report.hpp"

#include <syslog.h>

#include <cstdio>

namespace console {
namespace {

bool opened = false, verbose_ = false, stderr_only = true;

} // namespace

void report_open(bool to_stderr, bool verbose)
{
    verbose_ = verbose;
    stderr_only = false;
    ::openlog("xenconsoled", LOG_PID | (to_stderr ? LOG_PERROR : 0), LOG_DAEMON);
    opened = true;
}

// Until report_open (the unit tests), messages go to stderr only.
void report(Severity severity, const std::string& message)
{
    if (severity == Severity::Debug && !verbose_) return;
    if (!opened || stderr_only) {
        std::fprintf(stderr, "xenconsoled: %s\n", message.c_str());
        return;
    }
    int priority = severity == Severity::Error     ? LOG_ERR
                   : severity == Severity::Warning ? LOG_WARNING
                   : severity == Severity::Info    ? LOG_INFO
                                                   : LOG_DEBUG;
    ::syslog(priority, "%s", message.c_str());
}

} // namespace console
