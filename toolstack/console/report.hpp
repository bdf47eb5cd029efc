#pragma once
// The daemon's own messages: syslog (facility daemon), copied to stderr in
// the foreground. Debug lines only with -v.
#include <string>

namespace console {

enum class Severity { Error, Warning, Info, Debug };

void report_open(bool to_stderr, bool verbose);
void report(Severity severity, const std::string& message);

} // namespace console
