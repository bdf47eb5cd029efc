#pragma once
// The console daemon's devices for host tests: the domain list is the
// test's, each domain's console ring is a page of plain memory, and event
// channels keep Linux evtchn's rules (a port that fired is masked until
// unmasked; firing a masked port leaves it pending until then). The fd is a
// pipe, readable while a port is queued.
#include <fcntl.h>
#include <unistd.h>

#include <deque>
#include <map>
#include <set>
#include <stdexcept>
#include <vector>

#include "console/devices.hpp"
#include "include/public/io_rings.hpp"

namespace test {

class FakeConsoleDevices final : public console::Devices {
public:
    FakeConsoleDevices()
    {
        if (::pipe2(pipe_, O_NONBLOCK | O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    }
    ~FakeConsoleDevices() override
    {
        ::close(pipe_[0]);
        ::close(pipe_[1]);
    }

    // The test's side.
    std::vector<console::DomainState> live;
    std::map<uint32_t, std::vector<uint8_t>> pages; // domid -> its ring page
    std::map<uint32_t, unsigned> notifications;      // local port -> notify() calls
    std::map<uint32_t, int> mapped;                  // domid -> mappings alive
    bool fail_map = false;

    xen::xencons_interface& ring(uint32_t domid)
    {
        auto& page = pages[domid];
        page.resize(4096);
        return *reinterpret_cast<xen::xencons_interface*>(page.data());
    }
    void guest_write(uint32_t domid, std::string_view text)
    {
        auto& r = ring(domid);
        for (char c : text) r.out[r.out_prod++ & (xen::XENCONS_OUT_SIZE - 1)] = c;
    }
    std::string guest_read(uint32_t domid)
    {
        auto& r = ring(domid);
        std::string s;
        while (r.in_cons != r.in_prod) s += r.in[r.in_cons++ & (xen::XENCONS_IN_SIZE - 1)];
        return s;
    }
    // The guest kicks its end of the channel bound to (domid, remote_port).
    bool fire(uint32_t domid, uint32_t remote_port)
    {
        for (auto& [local, b] : bound)
            if (b.domid == domid && b.remote_port == remote_port) {
                if (b.masked) b.pending = true;
                else queue(local);
                return true;
            }
        return false;
    }
    std::optional<uint32_t> local_port_of(uint32_t domid) const
    {
        for (auto& [local, b] : bound)
            if (b.domid == domid) return local;
        return std::nullopt;
    }
    bool masked(uint32_t local) const { return bound.at(local).masked; }

    struct Binding {
        uint32_t domid, remote_port;
        bool masked = false, pending = false;
    };
    std::map<uint32_t, Binding> bound;

    // console::Devices
    std::vector<console::DomainState> domains() override { return live; }
    std::unique_ptr<console::RingMapping> map_ring(uint32_t domid, uint64_t) override
    {
        if (fail_map) throw std::runtime_error("map refused");
        ring(domid);
        return std::make_unique<Mapping>(*this, domid);
    }
    uint32_t bind_interdomain(uint32_t domid, uint32_t remote_port) override
    {
        uint32_t local = next_port_++;
        bound[local] = {domid, remote_port};
        return local;
    }
    void unbind(uint32_t local) override
    {
        if (!bound.erase(local)) throw std::runtime_error("unbind of an unbound port");
        std::erase(queue_, local);
    }
    void notify(uint32_t local) override
    {
        if (!bound.count(local)) throw std::runtime_error("notify of an unbound port");
        ++notifications[local];
    }
    std::optional<uint32_t> pending() override
    {
        char drain[64];
        if (queue_.empty()) {
            while (::read(pipe_[0], drain, sizeof drain) > 0) {
            }
            return std::nullopt;
        }
        uint32_t p = queue_.front();
        queue_.pop_front();
        return p;
    }
    void unmask(uint32_t local) override
    {
        auto& b = bound.at(local);
        b.masked = false;
        if (std::exchange(b.pending, false)) queue(local);
    }
    int event_fd() override { return pipe_[0]; }

private:
    struct Mapping final : console::RingMapping {
        Mapping(FakeConsoleDevices& d, uint32_t id) : devices(d), domid(id) { ++devices.mapped[domid]; }
        ~Mapping() override { --devices.mapped[domid]; }
        std::span<uint8_t> bytes() override { return devices.pages[domid]; }
        FakeConsoleDevices& devices;
        uint32_t domid;
    };

    void queue(uint32_t local)
    {
        bound.at(local).masked = true;
        queue_.push_back(local);
        char one = 1;
        if (::write(pipe_[1], &one, 1) < 0) {
        }
    }

    int pipe_[2];
    uint32_t next_port_ = 10;
    std::deque<uint32_t> queue_;
};

} // namespace test
