// The unix socket clients (libxenstore, xenstore-utils) connect to. Each
// accepted client becomes a privileged connection of the daemon.
#pragma once
#include <memory>
#include <string>

namespace xenstored {

class Daemon;
class EventLoop;

// Where libxenstore looks: $XENSTORED_PATH, else $XENSTORED_RUNDIR/socket,
// else /run/xenstored/socket.
std::string default_socket_path();

class SocketServer {
public:
    // Creates the directory (0755), binds, chmods 0600 and listens; throws
    // std::system_error on failure.
    SocketServer(EventLoop& loop, Daemon& daemon, std::string path);
    ~SocketServer();

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace xenstored
