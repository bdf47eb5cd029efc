// ptyrun SECONDS COMMAND [ARGS...]: runs COMMAND on a new pseudo-terminal,
// as if someone sat at it: what ptyrun reads on its stdin is typed into the
// terminal, what COMMAND prints there comes out on ptyrun's stdout. After
// SECONDS the command's session is killed and ptyrun exits 124 (as
// timeout(1)); otherwise with the command's status. For end-to-end tests of
// interactive programs in dom0 (xl console reads the keyboard only from a
// terminal), where busybox has no script(1).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace {

double now()
{
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

bool write_all(int fd, const char* p, ssize_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, size_t(n));
        if (w < 0) return false;
        p += w;
        n -= w;
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: ptyrun SECONDS COMMAND [ARGS...]\n");
        return 2;
    }
    double limit = std::atof(argv[1]);
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) || unlockpt(master)) {
        std::perror("ptyrun: pseudo-terminal");
        return 2;
    }
    const char* slave_name = ptsname(master);
    pid_t child = fork();
    if (child < 0) {
        std::perror("ptyrun: fork");
        return 2;
    }
    if (child == 0) {
        // A session of its own, with the terminal as its controlling one.
        setsid();
        int slave = open(slave_name, O_RDWR);
        if (slave < 0) _exit(127);
        ioctl(slave, TIOCSCTTY, 0);
        dup2(slave, 0);
        dup2(slave, 1);
        dup2(slave, 2);
        if (slave > 2) close(slave);
        close(master);
        execvp(argv[2], argv + 2);
        std::perror("ptyrun: exec");
        _exit(127);
    }
    double deadline = now() + limit;
    bool input_open = true;
    int status = 0;
    for (;;) {
        double left = deadline - now();
        if (left <= 0) {
            kill(-child, SIGKILL);
            waitpid(child, nullptr, 0);
            return 124;
        }
        pollfd fds[2] = {{master, POLLIN, 0}, {0, POLLIN, 0}};
        int n = poll(fds, input_open ? 2 : 1, int(left * 1000) + 1);
        if (n < 0) continue;
        char buf[4096];
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t r = read(master, buf, sizeof buf);
            if (r > 0) write_all(1, buf, r);
            else break; // the terminal closed: the command is done
        }
        if (input_open && (fds[1].revents & (POLLIN | POLLHUP))) {
            ssize_t r = read(0, buf, sizeof buf);
            if (r > 0) write_all(master, buf, r);
            else input_open = false; // nothing more to type; the command runs on
        }
    }
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
