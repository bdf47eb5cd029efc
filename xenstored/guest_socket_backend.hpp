// Domains without a hypervisor, for tests on the host: each introduced
// domain gets a unix socket "<socket>-dom<domid>" that stands in for its
// ring page. Whoever connects there speaks as that domain, unprivileged and
// under its quotas, so attacks by a guest can be tried from a shell.
#pragma once
#include <string>

#include "domain_backend.hpp"
#include "event_loop.hpp"

namespace xenstored {

class Daemon;

class GuestSocketBackend final : public DomainBackend {
public:
    GuestSocketBackend(EventLoop& loop, std::string socket_path)
        : loop_(loop), socket_path_(std::move(socket_path)) {}

    void set_daemon(Daemon& daemon) { daemon_ = &daemon; }

    DomainState domain_state(std::uint32_t domid) override {
        return domid < kDomidFirstReserved ? DomainState::Running : DomainState::Gone;
    }
    Error attach(Connection& conn, std::uint32_t domid, std::uint64_t gfn, std::uint32_t port) override;
    Error rebind(Connection&, std::uint32_t, std::uint32_t) override { return Error::Ok; }

    static std::string path_for(const std::string& socket_path, std::uint32_t domid) {
        return socket_path + "-dom" + std::to_string(domid);
    }

private:
    EventLoop& loop_;
    std::string socket_path_;
    Daemon* daemon_ = nullptr;
};

}  // namespace xenstored
