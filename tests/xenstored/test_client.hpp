// Test helpers: a daemon with a fake domain backend, and connections that
// send requests and collect what the daemon queued for them.
#pragma once
#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "daemon.hpp"

namespace xenstored::test {

// Domains exist unless listed as missing; attaching always works.
class FakeBackend final : public DomainBackend {
public:
    DomainState domain_state(std::uint32_t domid) override {
        if (domid >= kDomidFirstReserved || missing.count(domid)) return DomainState::Gone;
        auto it = states.find(domid);
        return it == states.end() ? DomainState::Running : it->second;
    }
    Error attach(Connection&, std::uint32_t, std::uint64_t, std::uint32_t) override { return Error::Ok; }
    Error rebind(Connection&, std::uint32_t, std::uint32_t) override { return Error::Ok; }
    std::set<std::uint32_t> missing;
    std::map<std::uint32_t, DomainState> states;
};

struct Reply {
    MsgType type{};
    std::uint32_t req_id = 0;
    std::uint32_t tx_id = 0;
    std::string payload;
    bool is_error() const { return type == MsgType::Error; }
    std::string error() const { return is_error() ? payload.substr(0, payload.size() - 1) : "OK"; }
};

// Drains everything queued on `conn`.
inline std::vector<Reply> drain(Connection& conn) {
    std::vector<Reply> out;
    while (conn.has_output()) {
        const std::string& bytes = conn.front();
        MsgHeader h;
        std::memcpy(&h, bytes.data(), sizeof(h));
        out.push_back({static_cast<MsgType>(h.type), h.req_id, h.tx_id, bytes.substr(sizeof(h))});
        conn.advance(bytes.size());
    }
    return out;
}

inline std::string args(std::initializer_list<std::string_view> parts) {
    std::string s;
    for (auto p : parts) {
        s.append(p);
        s.push_back('\0');
    }
    return s;
}

class Client {
public:
    Client(Daemon& daemon, Connection& conn) : daemon_(daemon), conn_(&conn) {}
    Connection& conn() { return *conn_; }

    // Sends one request and returns its reply; watch events that arrive
    // meanwhile are kept in `events`.
    Reply request(MsgType type, std::string_view payload, std::uint32_t tx = 0) {
        std::string msg = encode_message(type, ++req_, tx, payload);
        daemon_.receive(*conn_, std::span(reinterpret_cast<const std::uint8_t*>(msg.data()), msg.size()));
        Reply reply{MsgType::Error, 0, 0, "none"};
        bool got = false;
        for (auto& r : drain(*conn_)) {
            if (r.type == MsgType::WatchEvent) events.push_back(r.payload);
            else if (!got) reply = r, got = true;
        }
        EXPECT_TRUE(got) << "no reply";
        return reply;
    }
    std::string read(std::string_view path, std::uint32_t tx = 0) {
        auto r = request(MsgType::Read, args({path}), tx);
        return r.is_error() ? "ERR:" + r.error() : r.payload;
    }
    std::string write(std::string_view path, std::string_view value, std::uint32_t tx = 0) {
        std::string p(path);
        p.push_back('\0');
        p.append(value);
        return request(MsgType::Write, p, tx).error();
    }
    std::string mkdir(std::string_view path, std::uint32_t tx = 0) { return request(MsgType::Mkdir, args({path}), tx).error(); }
    std::string rm(std::string_view path, std::uint32_t tx = 0) { return request(MsgType::Rm, args({path}), tx).error(); }
    std::string dir(std::string_view path, std::uint32_t tx = 0) {
        auto r = request(MsgType::Directory, args({path}), tx);
        if (r.is_error()) return "ERR:" + r.error();
        for (auto& c : r.payload) if (c == '\0') c = ',';
        return r.payload;
    }
    std::string chmod(std::string_view path, std::initializer_list<std::string_view> perms, std::uint32_t tx = 0) {
        std::string p(path);
        p.push_back('\0');
        p += args(perms);
        return request(MsgType::SetPerms, p, tx).error();
    }
    std::string perms(std::string_view path) {
        auto r = request(MsgType::GetPerms, args({path}));
        if (r.is_error()) return "ERR:" + r.error();
        for (auto& c : r.payload) if (c == '\0') c = ',';
        return r.payload;
    }
    std::string watch(std::string_view path, std::string_view token) {
        return request(MsgType::Watch, args({path, token})).error();
    }
    std::string unwatch(std::string_view path, std::string_view token) {
        return request(MsgType::Unwatch, args({path, token})).error();
    }
    std::uint32_t start() {
        auto r = request(MsgType::TransactionStart, args({""}));
        return r.is_error() ? 0 : static_cast<std::uint32_t>(std::stoul(r.payload));
    }
    std::string end(std::uint32_t tx, bool commit = true) {
        return request(MsgType::TransactionEnd, args({commit ? "T" : "F"}), tx).error();
    }
    // Events collected so far as "path|token", then forgotten.
    std::vector<std::string> take_events() {
        for (auto& r : drain(*conn_)) if (r.type == MsgType::WatchEvent) events.push_back(r.payload);
        std::vector<std::string> out;
        for (auto& e : events) {
            auto nul = e.find('\0');
            out.push_back(e.substr(0, nul) + "|" + e.substr(nul + 1, e.size() - nul - 2));
        }
        events.clear();
        return out;
    }
    std::vector<std::string> events;

private:
    Daemon& daemon_;
    Connection* conn_;
    std::uint32_t req_ = 0;
};

// A daemon with a privileged socket client (dom0) ready.
struct DaemonFixture : ::testing::Test {
    FakeBackend backend;
    Quotas quotas;
    std::unique_ptr<Daemon> daemon = std::make_unique<Daemon>(quotas, backend);
    Client dom0{*daemon, daemon->add_socket_connection()};

    // Introduces `domid` and returns a client speaking as that domain.
    Client guest(std::uint32_t domid) {
        EXPECT_EQ(dom0.request(MsgType::Introduce, args({std::to_string(domid), "0", "1"})).error(), "OK");
        return Client(*daemon, *daemon->domains().at(domid).conn);
    }
};

}  // namespace xenstored::test
