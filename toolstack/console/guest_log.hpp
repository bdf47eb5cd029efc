#pragma once
// A guest's console log, <logdir>/guest-<name>.log, appended to (0644).
// With timestamps each line starts with "[YYYY-MM-DD HH:MM:SS] " (local
// time) and opening writes a "Logfile Opened" line, as xenconsoled does.
// reopen() is SIGHUP's: logrotate moved the file away.
#include <string>
#include <string_view>

#include "unique_fd.hpp"

namespace console {

class GuestLog {
public:
    // Throws std::system_error when the file cannot be opened.
    GuestLog(std::string path, bool timestamps);
    void write(std::string_view bytes);
    void reopen();
    const std::string& path() const { return path_; }

private:
    void open();
    void put(std::string_view bytes);

    std::string path_;
    bool timestamps_;
    bool at_line_start_ = true;
    UniqueFd fd_;
};

std::string timestamp_prefix(); // "[YYYY-MM-DD HH:MM:SS] "

} // namespace console
