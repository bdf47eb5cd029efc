#include "cli/console_attach.hpp"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace xl {
namespace {

constexpr char kEscape = 0x1d; // Ctrl-]

// Puts a terminal in raw mode for as long as it lives.
class RawTerminal {
public:
    explicit RawTerminal(int fd) : fd_(fd)
    {
        if (!::isatty(fd) || ::tcgetattr(fd, &saved_) != 0) return;
        termios raw = saved_;
        ::cfmakeraw(&raw);
        active_ = ::tcsetattr(fd, TCSANOW, &raw) == 0;
    }
    ~RawTerminal()
    {
        if (active_) ::tcsetattr(fd_, TCSANOW, &saved_);
    }

private:
    int fd_;
    termios saved_{};
    bool active_ = false;
};

bool write_all(int fd, const char* data, size_t size)
{
    while (size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) return false;
        data += n;
        size -= size_t(n);
    }
    return true;
}

} // namespace

int attach_console(const std::string& tty)
{
    int console = ::open(tty.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (console < 0) {
        std::fprintf(stderr, "Unable to attach console: %s: %s\n", tty.c_str(), std::strerror(errno));
        return 1;
    }
    termios settings{};
    if (::tcgetattr(console, &settings) == 0) {
        ::cfmakeraw(&settings);
        ::tcsetattr(console, TCSANOW, &settings);
    }
    RawTerminal terminal(STDIN_FILENO);
    bool input_open = true;
    for (;;) {
        pollfd fds[2] = {{console, POLLIN, 0}, {STDIN_FILENO, short(input_open ? POLLIN : 0), 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        char buffer[4096];
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = ::read(console, buffer, sizeof(buffer));
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (n <= 0 || !write_all(STDOUT_FILENO, buffer, size_t(n))) break;
        }
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = ::read(STDIN_FILENO, buffer, sizeof(buffer));
            if (n <= 0) {
                input_open = false; // end of input: keep showing the console
                continue;
            }
            // As xenconsole: Ctrl-] alone in a read detaches.
            if (n == 1 && buffer[0] == kEscape) break;
            if (!write_all(console, buffer, size_t(n))) break;
        }
    }
    ::close(console);
    return 0;
}

} // namespace xl
