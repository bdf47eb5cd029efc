// libFuzzer target: arbitrary bytes as the request streams of a privileged
// socket client and of an unprivileged guest, through the parser and the
// whole dispatcher. Any crash, leak or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <span>

#include "daemon.hpp"

using namespace xenstored;

namespace {

struct NoXen final : DomainBackend {
    // Some domids are gone, some shut down or dying (for check_domains).
    DomainState domain_state(std::uint32_t domid) override {
        static constexpr DomainState kStates[] = {DomainState::Running, DomainState::ShutDown, DomainState::Gone,
                                                  DomainState::Running, DomainState::Dying};
        return kStates[domid % 5];
    }
    Error attach(Connection&, std::uint32_t, std::uint64_t, std::uint32_t) override { return Error::Ok; }
    Error rebind(Connection&, std::uint32_t, std::uint32_t) override { return Error::Ok; }
};

void drain(Connection& conn) {
    while (conn.has_output()) conn.advance(conn.front().size() - conn.front_offset());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    NoXen backend;
    Quotas quotas;
    quotas.nodes = 64;  // small quotas reach the limits within one input
    quotas.transaction_nodes = 32;
    Daemon daemon(quotas, backend);
    Connection& dom0 = daemon.add_socket_connection();
    daemon.introduce(5, 0, 1);
    // Chunks: one selector byte (which client, how long), then the bytes.
    std::size_t pos = 0;
    while (pos < size) {
        const std::uint8_t selector = data[pos++];
        const std::size_t length = std::min<std::size_t>(size - pos, 1 + (selector >> 1) * 8);
        auto chunk = std::span(data + pos, length);
        pos += length;
        auto it = daemon.domains().find(5);
        Connection* target = (selector & 1) && it != daemon.domains().end() && it->second.conn ? it->second.conn : &dom0;
        if (!daemon.receive(*target, chunk) && target != &dom0) daemon.release_domain(5);
        if (!daemon.process_input(dom0)) break;
        drain(dom0);
        if (it = daemon.domains().find(5); it != daemon.domains().end() && it->second.conn) drain(*it->second.conn);
        // Now and then a VIRQ_DOM_EXC: domains the requests introduced may
        // be found shut down, dying or gone.
        if ((selector & 0xf0) == 0xf0) daemon.check_domains();
    }
    return 0;
}
