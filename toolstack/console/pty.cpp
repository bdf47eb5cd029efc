#include "pty.hpp"

#include <fcntl.h>
#include <pty.h>
#include <termios.h>

#include <cerrno>
#include <system_error>

namespace console {

Pty::Pty()
{
    int master = -1, slave = -1;
    char name[128] = {};
    if (::openpty(&master, &slave, name, nullptr, nullptr) < 0) throw std::system_error(errno, std::generic_category(), "openpty");
    master_.reset(master);
    slave_.reset(slave);
    slave_path_ = name;
    termios t{};
    if (::tcgetattr(slave, &t) == 0) {
        ::cfmakeraw(&t);
        ::tcsetattr(slave, TCSANOW, &t);
    }
    for (int fd : {master, slave}) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    int flags = ::fcntl(master, F_GETFL);
    if (flags < 0 || ::fcntl(master, F_SETFL, flags | O_NONBLOCK) < 0)
        throw std::system_error(errno, std::generic_category(), "pty master O_NONBLOCK");
}

} // namespace console
