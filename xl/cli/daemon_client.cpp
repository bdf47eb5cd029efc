#include "cli/daemon_client.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "api/protocol.hpp"

namespace xl {
namespace {

std::string socket_path()
{
    if (const char* env = std::getenv(toolstack::api::kSocketEnv); env && *env) return env;
    return toolstack::api::kDefaultSocket;
}

} // namespace

DaemonClient::DaemonClient()
{
    const std::string path = socket_path();
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int error = fd_ < 0 ? errno : 0;
    if (!error && path.size() >= sizeof(address.sun_path)) error = ENAMETOOLONG;
    if (!error) {
        std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) error = errno;
    }
    if (error) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
        throw DaemonUnreachable("xl: the toolstack daemon is not running (" + path + ": " + std::strerror(error) +
                                "); start it with: xld");
    }
}

DaemonClient::~DaemonClient()
{
    if (fd_ >= 0) ::close(fd_);
}

json::Value DaemonClient::call(const std::string& op, json::Value fields)
{
    json::Value request = json::Value::object();
    request.set("version", json::Value::integer(toolstack::api::kVersion));
    request.set("op", json::Value::string(op));
    for (const auto& [key, value] : fields.members()) request.set(key, value);
    std::string line = json::write(request) + "\n";
    for (std::string_view rest = line; !rest.empty();) {
        ssize_t n = ::send(fd_, rest.data(), rest.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw DaemonUnreachable(std::string("xl: lost the toolstack daemon: ") + std::strerror(errno));
        rest.remove_prefix(size_t(n));
    }
    size_t end;
    while ((end = pending_.find('\n')) == std::string::npos) {
        char buffer[65536];
        ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw DaemonUnreachable("xl: the toolstack daemon closed the connection without an answer");
        pending_.append(buffer, size_t(n));
    }
    json::Value reply = json::parse(std::string_view(pending_).substr(0, end));
    pending_.erase(0, end + 1);
    const json::Value* ok = reply.get("ok");
    if (!ok || !ok->as_bool("ok")) {
        const json::Value* message = reply.get("error");
        const json::Value* rc = reply.get("rc");
        throw DaemonError(message ? message->as_string("error") : "the daemon refused",
                          rc ? int(rc->as_integer("rc")) : -3);
    }
    return reply;
}

} // namespace xl
