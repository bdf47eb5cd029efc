// Where the daemon's messages go: syslog, or a file (-L), plus the
// optional message trace (-T).
#pragma once
#include <cstdio>
#include <string>
#include <string_view>

#include "connection.hpp"
#include "wire.hpp"

namespace xenstored {

class Logger {
public:
    Logger(const std::string& log_file, const std::string& trace_file, bool verbose);
    ~Logger();
    Logger(const Logger&) = delete;
    Logger& operator=(const Logger&) = delete;

    void info(std::string_view text);
    void warning(std::string_view text);
    void error(std::string_view text);
    void debug(std::string_view text) {
        if (verbose_) info(text);
    }
    bool tracing() const { return trace_ != nullptr; }
    void trace(const Connection& conn, bool incoming, const MsgHeader& header, std::string_view payload);

private:
    void write(int priority, std::string_view text);
    std::FILE* log_ = nullptr;
    std::FILE* trace_ = nullptr;
    bool verbose_;
};

}  // namespace xenstored
