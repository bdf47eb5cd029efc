#include "guest_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <system_error>

namespace console {

std::string timestamp_prefix()
{
    std::time_t now = std::time(nullptr);
    std::tm local{};
    ::localtime_r(&now, &local);
    char text[40];
    size_t n = std::strftime(text, sizeof text, "[%Y-%m-%d %H:%M:%S] ", &local);
    return std::string(text, n);
}

GuestLog::GuestLog(std::string path, bool timestamps) : path_(std::move(path)), timestamps_(timestamps) { open(); }

void GuestLog::open()
{
    int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "open " + path_);
    fd_.reset(fd);
    if (timestamps_) {
        put(timestamp_prefix() + "Logfile Opened\n");
        at_line_start_ = true;
    }
}

void GuestLog::reopen()
{
    fd_.reset();
    open();
}

void GuestLog::write(std::string_view bytes)
{
    if (!timestamps_) return put(bytes);
    std::string out;
    for (char c : bytes) {
        if (at_line_start_) out += timestamp_prefix();
        out += c;
        at_line_start_ = c == '\n';
    }
    put(out);
}

// A full disk loses log lines, never the console.
void GuestLog::put(std::string_view bytes)
{
    while (!bytes.empty()) {
        ssize_t n = ::write(fd_.get(), bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        bytes.remove_prefix(size_t(n));
    }
}

} // namespace console
