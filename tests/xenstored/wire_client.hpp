// A blocking xenstore client over a unix socket for the host attack test:
// speaks the wire protocol directly, so it can also speak it badly.
#pragma once
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace wire {

enum Type : std::uint32_t {
    Control = 0, Directory = 1, Read = 2, Watch = 4, TransactionStart = 6, TransactionEnd = 7,
    Introduce = 8, Release = 9, Write = 11, SetPerms = 14, WatchEvent = 15, Error = 16,
};

struct Header {
    std::uint32_t type, req_id, tx_id, len;
};

struct Reply {
    Header header{};
    std::string payload;
    // "OK" for success, the error name for ERROR, "EOF" when the daemon hung up.
    std::string status() const {
        if (header.type == Error) return payload.substr(0, payload.find('\0'));
        return "OK";
    }
};

inline std::string args(std::initializer_list<std::string_view> parts) {
    std::string s;
    for (auto p : parts) s.append(p).push_back('\0');
    return s;
}

class Client {
public:
    // Connects with send/receive timeouts of `timeout_ms`; fd() < 0 on failure.
    explicit Client(const std::string& path, int timeout_ms = 2000) {
        fd_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
        timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) close();
    }
    ~Client() { close(); }
    Client(const Client&) = delete;
    int fd() const { return fd_; }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

    bool send_raw(std::string_view bytes) {
        while (!bytes.empty()) {
            ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }
    bool send(std::uint32_t type, std::string_view payload, std::uint32_t tx = 0) {
        Header h{type, ++req_, tx, static_cast<std::uint32_t>(payload.size())};
        std::string bytes(reinterpret_cast<const char*>(&h), sizeof(h));
        return send_raw(bytes.append(payload));
    }
    // The next message, events included; nullopt on EOF or timeout.
    std::optional<Reply> receive() {
        Reply r;
        if (!read_exact(reinterpret_cast<char*>(&r.header), sizeof(r.header))) return std::nullopt;
        r.payload.resize(r.header.len);
        if (r.header.len && !read_exact(r.payload.data(), r.header.len)) return std::nullopt;
        return r;
    }
    // The next reply, skipping watch events; status "EOF" if none came.
    Reply reply() {
        for (;;) {
            auto r = receive();
            if (!r) return Reply{{Error, 0, 0, 4}, std::string("EOF\0", 4)};
            if (r->header.type != WatchEvent) return *r;
        }
    }
    Reply call(std::uint32_t type, std::string_view payload, std::uint32_t tx = 0) {
        if (!send(type, payload, tx)) return Reply{{Error, 0, 0, 4}, std::string("EOF\0", 4)};
        return reply();
    }
    std::string write(std::string_view path, std::string_view value, std::uint32_t tx = 0) {
        std::string p(path);
        p.push_back('\0');
        return call(Write, p.append(value), tx).status();
    }

private:
    bool read_exact(char* out, std::size_t n) {
        while (n > 0) {
            ssize_t got = ::recv(fd_, out, n, 0);
            if (got <= 0) return false;
            out += got;
            n -= static_cast<std::size_t>(got);
        }
        return true;
    }
    int fd_ = -1;
    std::uint32_t req_ = 0;
};

}  // namespace wire
