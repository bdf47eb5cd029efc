#pragma once
// Our xenstored on a private socket for one test: started with no domain
// support (-D), stopped and its directory removed at the end.
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

namespace test {

class PrivateXenstored {
public:
    PrivateXenstored()
    {
        char pattern[] = "/tmp/toolstack-xs.XXXXXX";
        dir_ = ::mkdtemp(pattern);
        socket_ = dir_ + "/socket";
        pid_ = ::fork();
        if (pid_ == 0) {
            ::setenv("XENSTORED_RUNDIR", dir_.c_str(), 1);
            ::execl(XENSTORED_BINARY, "xenstored", "-N", "-D", "-F", (dir_ + "/pid").c_str(), "-L",
                    (dir_ + "/log").c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        // Until it accepts a connection: the socket's file exists from its
        // bind, before its listen (a busy host showed the gap).
        for (int i = 0; i < 500 && !accepts(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ~PrivateXenstored()
    {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
        std::filesystem::remove_all(dir_);
    }
    const std::string& socket() const { return socket_; }

private:
    bool accepts() const
    {
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, socket_.c_str(), sizeof(address.sun_path) - 1);
        int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) return false;
        bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
        ::close(fd);
        return ok;
    }

    std::string dir_, socket_;
    pid_t pid_ = -1;
};

} // namespace test
