#include "xenstore/client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace xs {
namespace {

// The errno of each error name xenstored answers with.
int errno_of(std::string_view name)
{
    static const struct {
        const char* name;
        int value;
    } kNames[] = {{"EINVAL", EINVAL}, {"EACCES", EACCES}, {"EEXIST", EEXIST}, {"EISDIR", EISDIR},
                  {"ENOENT", ENOENT}, {"ENOMEM", ENOMEM}, {"ENOSPC", ENOSPC}, {"EIO", EIO},
                  {"ENOTEMPTY", ENOTEMPTY}, {"ENOSYS", ENOSYS}, {"EROFS", EROFS}, {"EBUSY", EBUSY},
                  {"EAGAIN", EAGAIN}, {"EISCONN", EISCONN}, {"E2BIG", E2BIG}, {"EPERM", EPERM}};
    for (const auto& n : kNames)
        if (name == n.name) return n.value;
    return EIO;
}

std::string with_nul(std::string_view s)
{
    std::string out(s);
    out.push_back('\0');
    return out;
}

// Splits a payload of NUL-terminated strings.
std::vector<std::string> split(std::string_view payload)
{
    std::vector<std::string> parts;
    while (!payload.empty()) {
        size_t end = payload.find('\0');
        parts.emplace_back(payload.substr(0, end));
        if (end == std::string_view::npos) break;
        payload.remove_prefix(end + 1);
    }
    return parts;
}

} // namespace

XenstoreError::XenstoreError(std::string what, std::string name, int error_number, bool answered)
    : std::runtime_error(std::move(what)), name_(std::move(name)), errno_(error_number), answered_(answered)
{
}

std::string Client::default_socket()
{
    if (const char* path = std::getenv("XENSTORED_PATH"); path && *path) return path;
    return "/run/xenstored/socket";
}

namespace {

// The socket may be non-blocking (an event loop watching fd() may have made
// it so): a call still waits for its whole reply.
bool wait_ready(int fd, short events)
{
    pollfd p{fd, events, 0};
    for (;;) {
        int n = ::poll(&p, 1, -1);
        if (n < 0 && errno == EINTR) continue;
        return n > 0;
    }
}

} // namespace

Client::Client(const std::string& socket_path)
{
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (fd_ < 0 || socket_path.size() >= sizeof(address.sun_path)) {
        int e = fd_ < 0 ? errno : ENAMETOOLONG;
        if (fd_ >= 0) ::close(fd_);
        throw XenstoreError("xenstore: cannot connect to " + socket_path + ": " + std::strerror(e), "EIO", e);
    }
    std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
        int e = errno;
        ::close(fd_);
        fd_ = -1;
        throw XenstoreError("xenstore: cannot connect to " + socket_path + ": " + std::strerror(e) +
                                " (is xenstored running?)",
                            "EIO", e);
    }
}

Client::~Client()
{
    if (fd_ >= 0) ::close(fd_);
}

std::string Client::encode(MsgType type, Tx tx, std::string_view payload, uint32_t* id)
{
    if (payload.size() > xenstored::kPayloadMax)
        throw XenstoreError("xenstore: request of " + std::to_string(payload.size()) + " bytes is too big", "E2BIG", E2BIG);
    if (id) *id = next_request_;
    xenstored::MsgHeader header{static_cast<uint32_t>(type), next_request_++, tx, uint32_t(payload.size())};
    std::string bytes(reinterpret_cast<const char*>(&header), sizeof(header));
    bytes.append(payload);
    return bytes;
}

void Client::send_bytes(std::string_view bytes)
{
    std::string_view rest = bytes;
    while (!rest.empty()) {
        ssize_t n = ::send(fd_, rest.data(), rest.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && wait_ready(fd_, POLLOUT)) continue;
        // Part of a request may have gone: the stream is out of step.
        if (n <= 0) fail(std::string("xenstore: connection lost: ") + std::strerror(errno));
        rest.remove_prefix(size_t(n));
    }
}

Client::Message Client::receive()
{
    auto read_exact = [this](char* out, size_t n) {
        while (n > 0) {
            ssize_t got = ::recv(fd_, out, n, 0);
            if (got < 0 && errno == EINTR) continue;
            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && wait_ready(fd_, POLLIN)) continue;
            if (got <= 0) fail("xenstore: the daemon closed the connection");
            out += got;
            n -= size_t(got);
        }
    };
    Message m;
    read_exact(reinterpret_cast<char*>(&m.header), sizeof(m.header));
    if (m.header.len > xenstored::kPayloadMax) fail("xenstore: oversized reply");
    m.payload.resize(m.header.len);
    read_exact(m.payload.data(), m.payload.size());
    return m;
}

void Client::fail(const std::string& why)
{
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    throw XenstoreError(why, "EIO", EIO);
}

std::string Client::call(MsgType type, Tx tx, std::string_view payload, const char* what, std::string_view path)
{
    uint32_t id;
    send_bytes(encode(type, tx, payload, &id));
    return reply(what, path, id);
}

std::string Client::reply(const char* what, std::string_view path, uint32_t id)
{
    for (;;) {
        Message m = receive();
        if (m.header.type == static_cast<uint32_t>(MsgType::WatchEvent)) {
            auto parts = split(m.payload);
            if (parts.size() >= 2) events_.push_back({parts[0], parts[1]});
            continue;
        }
        if (m.header.req_id != id)
            fail("xenstore: reply to request " + std::to_string(m.header.req_id) + " where " + std::to_string(id) +
                 "'s was due");
        if (m.header.type == static_cast<uint32_t>(MsgType::Error)) {
            std::string name = m.payload.substr(0, m.payload.find('\0'));
            std::string message = std::string("xenstore ") + what;
            if (!path.empty()) message.append(" ").append(path);
            throw XenstoreError(message + ": " + name, name, errno_of(name), true);
        }
        return std::move(m.payload);
    }
}

std::optional<std::string> Client::read(Tx tx, std::string_view path)
{
    try {
        return call(MsgType::Read, tx, with_nul(path), "read", path);
    } catch (const XenstoreError& e) {
        if (e.error_number() == ENOENT) return std::nullopt;
        throw;
    }
}

std::vector<std::optional<std::string>> Client::read_many(Tx tx, const std::vector<std::string>& paths)
{
    // In rounds small enough that neither side's socket buffer fills while
    // the other is still writing.
    constexpr size_t kPerRound = 128;
    std::vector<std::optional<std::string>> out;
    out.reserve(paths.size());
    std::optional<XenstoreError> first;
    for (size_t start = 0; start < paths.size(); start += kPerRound) {
        const size_t end = std::min(paths.size(), start + kPerRound);
        std::string bytes;
        std::vector<uint32_t> ids(end - start);
        for (size_t i = start; i < end; ++i) bytes += encode(MsgType::Read, tx, with_nul(paths[i]), &ids[i - start]);
        send_bytes(bytes);
        for (size_t i = start; i < end; ++i) {
            try {
                out.emplace_back(reply("read", paths[i], ids[i - start]));
            } catch (const XenstoreError& e) {
                if (!e.answered()) throw; // the connection itself: no answer is coming
                out.emplace_back(std::nullopt);
                if (e.error_number() != ENOENT && !first) first = e;
            }
        }
    }
    if (first) throw *first;
    return out;
}

std::vector<std::string> Client::directory(Tx tx, std::string_view path)
{
    try {
        return split(call(MsgType::Directory, tx, with_nul(path), "directory", path));
    } catch (const XenstoreError& e) {
        if (e.error_number() == ENOENT) return {};
        throw;
    }
}

void Client::write(Tx tx, std::string_view path, std::string_view value)
{
    call(MsgType::Write, tx, with_nul(path).append(value), "write", path);
}

void Client::mkdir(Tx tx, std::string_view path) { call(MsgType::Mkdir, tx, with_nul(path), "mkdir", path); }

void Client::remove(Tx tx, std::string_view path)
{
    try {
        call(MsgType::Rm, tx, with_nul(path), "rm", path);
    } catch (const XenstoreError& e) {
        if (e.error_number() != ENOENT) throw;
    }
}

void Client::set_perms(Tx tx, std::string_view path, const std::vector<std::string>& perms)
{
    std::string payload = with_nul(path);
    for (const std::string& p : perms) payload.append(with_nul(p));
    call(MsgType::SetPerms, tx, payload, "set-perms", path);
}

std::vector<std::string> Client::get_perms(Tx tx, std::string_view path)
{
    return split(call(MsgType::GetPerms, tx, with_nul(path), "get-perms", path));
}

Tx Client::transaction_start()
{
    std::string id = call(MsgType::TransactionStart, 0, std::string(1, '\0'), "transaction start", "");
    return Tx(std::strtoul(id.c_str(), nullptr, 10));
}

bool Client::transaction_end(Tx tx, bool commit)
{
    try {
        call(MsgType::TransactionEnd, tx, with_nul(commit ? "T" : "F"), "transaction end", "");
        return true;
    } catch (const XenstoreError& e) {
        if (e.error_number() == EAGAIN) return false;
        throw;
    }
}

void Client::watch(std::string_view path, std::string_view token)
{
    call(MsgType::Watch, 0, with_nul(path).append(with_nul(token)), "watch", path);
}

void Client::unwatch(std::string_view path, std::string_view token)
{
    call(MsgType::Unwatch, 0, with_nul(path).append(with_nul(token)), "unwatch", path);
}

void Client::introduce(uint32_t domid, uint64_t store_gfn, uint32_t store_port)
{
    std::string payload = with_nul(std::to_string(domid)) + with_nul(std::to_string(store_gfn)) +
                          with_nul(std::to_string(store_port));
    call(MsgType::Introduce, 0, payload, "introduce", std::to_string(domid));
}

bool Client::is_introduced(uint32_t domid)
{
    std::string answer = call(MsgType::IsDomainIntroduced, 0, with_nul(std::to_string(domid)), "is-introduced", "");
    return answer.rfind("T", 0) == 0;
}

std::optional<WatchEvent> Client::take_event()
{
    if (events_.empty()) return std::nullopt;
    WatchEvent e = std::move(events_.front());
    events_.pop_front();
    return e;
}

bool Client::wait_event(int timeout_ms)
{
    if (fd_ < 0) throw XenstoreError("xenstore: the connection was closed after an error", "EIO", EIO);
    while (events_.empty()) {
        pollfd p{fd_, POLLIN, 0};
        int n = ::poll(&p, 1, timeout_ms);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        Message m = receive();
        if (m.header.type != static_cast<uint32_t>(MsgType::WatchEvent)) continue; // a stray reply
        auto parts = split(m.payload);
        if (parts.size() >= 2) events_.push_back({parts[0], parts[1]});
    }
    return true;
}

void Batch::add(MsgType type, std::string_view payload, const char* what, std::string_view path)
{
    uint32_t id;
    bytes_ += client_.encode(type, tx_, payload, &id);
    pending_.push_back({what, std::string(path), id});
    if (bytes_.size() >= kFlushBytes) run();
}

void Batch::write(std::string_view path, std::string_view value)
{
    add(MsgType::Write, with_nul(path).append(value), "write", path);
}

void Batch::remove(std::string_view path) { add(MsgType::Rm, with_nul(path), "rm", path); }

void Batch::set_perms(std::string_view path, const std::vector<std::string>& perms)
{
    std::string payload = with_nul(path);
    for (const std::string& p : perms) payload.append(with_nul(p));
    add(MsgType::SetPerms, payload, "set-perms", path);
}

void Batch::run()
{
    std::vector<Pending> pending;
    pending.swap(pending_);
    std::string bytes;
    bytes.swap(bytes_);
    if (pending.empty()) return;
    client_.send_bytes(bytes);
    std::optional<XenstoreError> first;
    for (const Pending& p : pending) {
        try {
            client_.reply(p.what, p.path, p.id);
        } catch (const XenstoreError& e) {
            bool absent_is_fine = std::string_view(p.what) == "rm" && e.error_number() == ENOENT;
            if (!absent_is_fine && !first) first = e;
            if (!e.answered()) throw; // the connection itself: no answer is coming
        }
    }
    if (first) throw *first;
}

} // namespace xs
