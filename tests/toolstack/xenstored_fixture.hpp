#pragma once
// Our xenstored on a private socket for one test: started with no domain
// support (-D), stopped and its directory removed at the end.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
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
        for (int i = 0; i < 100 && !std::filesystem::exists(socket_); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
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
    std::string dir_, socket_;
    pid_t pid_ = -1;
};

} // namespace test
