// hostile-frontend: a guest program that plays the front-end of its vbd
// and vif against dom0's blkback and netback as a malicious kernel would
// (configs/domu/io-test iotest=hostile, checked by configs/dom0/io-checks).
// It hands the back-ends a grant reference never granted, one past the
// table, a grant of a frame that is not its RAM, a grant meant for another
// domain; then a good grant, which it revokes while the back-end has it
// mapped, and floods the shared ring and the event channel with garbage.
//
// It writes its grant entries itself, through /dev/mem at the grant
// table's guest-physical address (what a kernel can do), its front-end
// nodes through /dev/xen/xenbus and its event channels through
// /dev/xen/evtchn. Each attack prints "hostile: KIND ATTACK: back-end
// state N" (5 or 6 once the back-end gave up on the device); the last line
// is "hostile: done". dom0 must come through unharmed.
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "include/public/grant_table.hpp"
#include "include/public/xen.hpp"
#include "linux_ioctls.hpp"
#include "wire.hpp"

namespace {

namespace abi = xc::linux_abi;
using namespace std::chrono_literals;

void say(const std::string& text) { std::printf("hostile: %s\n", text.c_str()), std::fflush(stdout); }

[[noreturn]] void die(const std::string& text)
{
    say("cannot go on: " + text + " (" + std::strerror(errno) + ")");
    std::exit(1);
}

// xenstore through the kernel's /dev/xen/xenbus: one request, one reply;
// relative paths are the domain's own (/local/domain/D/...).
class Xenbus {
public:
    Xenbus() : fd_(::open("/dev/xen/xenbus", O_RDWR))
    {
        if (fd_ < 0) die("open /dev/xen/xenbus");
    }
    std::optional<std::string> read(const std::string& path) { return call(xenstored::MsgType::Read, path + '\0'); }
    void write(const std::string& path, const std::string& value) { call(xenstored::MsgType::Write, path + '\0' + value); }

private:
    std::optional<std::string> call(xenstored::MsgType type, const std::string& payload)
    {
        xenstored::MsgHeader h{uint32_t(type), ++req_, 0, uint32_t(payload.size())};
        std::string msg(reinterpret_cast<const char*>(&h), sizeof h);
        msg += payload;
        if (::write(fd_, msg.data(), msg.size()) != ssize_t(msg.size())) die("xenbus write");
        xenstored::MsgHeader r{};
        read_exactly(&r, sizeof r);
        std::string body(r.len, '\0');
        read_exactly(body.data(), body.size());
        if (r.type == uint32_t(xenstored::MsgType::Error)) return std::nullopt;
        if (!body.empty() && body.back() == '\0') body.pop_back();
        return body;
    }
    void read_exactly(void* to, size_t n)
    {
        for (size_t done = 0; done < n;) {
            ssize_t got = ::read(fd_, static_cast<char*>(to) + done, n - done);
            if (got <= 0) die("xenbus read");
            done += size_t(got);
        }
    }
    int fd_;
    uint32_t req_ = 0;
};

// The guest's own grant table, frame 0 (the one Linux maps at boot).
// Entries 500 and up are this program's: the kernel hands out the lowest
// free ones, and without front-end drivers it needs a handful.
class Grants {
public:
    static constexpr uint32_t kFirst = 500, kPastTable = 100000;
    Grants()
    {
        int fd = ::open("/dev/mem", O_RDWR | O_SYNC);
        if (fd < 0) die("open /dev/mem");
        void* p = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, xen::GUEST_GNTTAB_BASE);
        if (p == MAP_FAILED) die("mmap of the grant table");
        entries_ = static_cast<volatile xen::grant_entry_v1*>(p);
    }
    // As a kernel fills an entry: frame and domain first, then the flags.
    void grant(uint32_t ref, uint16_t to, uint32_t frame, uint16_t flags = xen::GTF_permit_access)
    {
        entries_[ref].flags = 0;
        __sync_synchronize();
        entries_[ref].domid = to;
        entries_[ref].frame = frame;
        __sync_synchronize();
        entries_[ref].flags = flags;
        __sync_synchronize();
    }
    // Taken back whatever the hypervisor's GTF_reading/GTF_writing say.
    void revoke(uint32_t ref)
    {
        entries_[ref].flags = 0;
        __sync_synchronize();
    }
    uint16_t flags(uint32_t ref) const { return entries_[ref].flags; }

private:
    volatile xen::grant_entry_v1* entries_;
};

// A page of our own, locked in place, and its frame number (pagemap).
struct OwnPage {
    uint8_t* bytes = nullptr;
    uint32_t frame = 0;
    OwnPage()
    {
        if (::posix_memalign(reinterpret_cast<void**>(&bytes), 4096, 4096) != 0) die("posix_memalign");
        std::memset(bytes, 0, 4096);
        if (::mlock(bytes, 4096) != 0) die("mlock");
        int fd = ::open("/proc/self/pagemap", O_RDONLY);
        uint64_t entry = 0;
        if (fd < 0 || ::pread(fd, &entry, 8, off_t(reinterpret_cast<uintptr_t>(bytes) / 4096 * 8)) != 8) die("pagemap");
        ::close(fd);
        if (!(entry >> 63)) die("page not present");
        frame = uint32_t(entry & ((1ull << 55) - 1));
    }
};

class EventChannels {
public:
    EventChannels() : fd_(::open("/dev/xen/evtchn", O_RDWR))
    {
        if (fd_ < 0) die("open /dev/xen/evtchn");
    }
    uint32_t unbound_for_dom0()
    {
        abi::ioctl_evtchn_bind_unbound_port bind{0};
        int port = ::ioctl(fd_, abi::IOCTL_EVTCHN_BIND_UNBOUND_PORT, &bind);
        if (port < 0) die("bind unbound port");
        return uint32_t(port);
    }
    void notify(uint32_t port, int times)
    {
        abi::ioctl_evtchn_port p{port};
        for (int i = 0; i < times; ++i) ::ioctl(fd_, abi::IOCTL_EVTCHN_NOTIFY, &p);
    }

private:
    int fd_;
};

std::mt19937 garbage(20261204);

void fill_garbage(uint8_t* page, size_t from)
{
    for (size_t i = from; i < 4096; i += 4) {
        uint32_t word = garbage();
        std::memcpy(page + i, &word, 4);
    }
}

// A front-end device and its back-end, as the toolstack wrote them.
class Device {
public:
    Device(Xenbus& xs, const std::string& kind, const std::string& devid) : xs_(xs), fe_("device/" + kind + "/" + devid)
    {
        backend_ = xs.read(fe_ + "/backend").value_or("");
        if (backend_.empty()) die("no back-end for " + fe_);
    }
    const std::string& frontend() const { return fe_; }
    int backend_state() { return std::atoi(xs_.read(backend_ + "/state").value_or("0").c_str()); }
    bool wait_backend(const std::function<bool(int)>& done, std::chrono::milliseconds timeout = 10s)
    {
        for (auto end = std::chrono::steady_clock::now() + timeout; std::chrono::steady_clock::now() < end;) {
            if (done(backend_state())) return true;
            std::this_thread::sleep_for(50ms);
        }
        return done(backend_state());
    }
    void set(const std::string& key, const std::string& value) { xs_.write(fe_ + "/" + key, value); }
    void state(int s) { set("state", std::to_string(s)); }
    // Back to a back-end waiting for a front-end: we close, then start over
    // (both back-ends take a front-end that comes back after Closed).
    bool reset()
    {
        state(6);
        wait_backend([](int s) { return s == 6 || s == 2; }, 5s);
        state(1);
        return wait_backend([](int s) { return s == 2; });
    }

private:
    Xenbus& xs_;
    std::string fe_, backend_;
};

void report(Device& d, const std::string& what, bool gave_up)
{
    say(d.frontend() + " " + what + ": back-end state " + std::to_string(d.backend_state()) +
        (gave_up ? " (refused)" : " (not refused)"));
}

bool refused(int s) { return s == 5 || s == 6; }

void attack_vbd(Xenbus& xs, Grants& grants, EventChannels& evtchn)
{
    Device vbd(xs, "vbd", "51712");
    if (!vbd.wait_backend([](int s) { return s == 2; })) say("vbd: back-end never waited for us");
    const uint32_t port = evtchn.unbound_for_dom0();
    auto offer = [&](uint32_t ref) {
        vbd.set("ring-ref", std::to_string(ref));
        vbd.set("event-channel", std::to_string(port));
        vbd.set("protocol", "arm-abi");
        vbd.state(3);
    };
    OwnPage ring;
    struct Case {
        const char* name;
        uint32_t ref;
        std::function<void()> prepare;
    } cases[] = {
        {"never-granted-ref", Grants::kFirst, [&] { grants.revoke(Grants::kFirst); }},
        {"ref-past-table", Grants::kPastTable, [] {}},
        {"frame-not-ours", Grants::kFirst + 1, [&] { grants.grant(Grants::kFirst + 1, 0, 0x7ffff0); }},
        {"granted-to-another-domain", Grants::kFirst + 2, [&] { grants.grant(Grants::kFirst + 2, 7, ring.frame); }},
    };
    for (Case& c : cases) {
        c.prepare();
        offer(c.ref);
        bool gave_up = vbd.wait_backend(refused);
        report(vbd, c.name, gave_up);
        if (!vbd.reset()) say("vbd: back-end did not come back after " + std::string(c.name));
    }
    // A real ring, revoked once mapped, then garbage and a flood of events.
    const uint32_t ref = Grants::kFirst + 3;
    grants.grant(ref, 0, ring.frame);
    offer(ref);
    bool connected = vbd.wait_backend([](int s) { return s == 4; });
    char flags[16];
    std::snprintf(flags, sizeof flags, "0x%x", grants.flags(ref));
    say(std::string("vbd good-ring: back-end ") + (connected ? "connected" : "did not connect") + ", state " +
        std::to_string(vbd.backend_state()) + ", grant flags " + flags);
    grants.revoke(ref);
    fill_garbage(ring.bytes, 16);
    for (uint32_t prod : {0x7fffffffu, 1u, 33u, 0xffffffffu}) {
        std::memcpy(ring.bytes, &prod, 4); // req_prod
        evtchn.notify(port, 2000);
    }
    report(vbd, "revoked-while-mapped-and-flooded", refused(vbd.backend_state()));
    vbd.state(6);
    vbd.wait_backend([](int s) { return s == 6; });
    report(vbd, "closed", true);
}

void attack_vif(Xenbus& xs, Grants& grants, EventChannels& evtchn)
{
    Device vif(xs, "vif", "0");
    if (!vif.wait_backend([](int s) { return s == 2; })) say("vif: back-end never waited for us");
    const uint32_t port = evtchn.unbound_for_dom0();
    auto offer = [&](uint32_t tx, uint32_t rx) {
        vif.set("tx-ring-ref", std::to_string(tx));
        vif.set("rx-ring-ref", std::to_string(rx));
        vif.set("event-channel", std::to_string(port));
        vif.set("request-rx-copy", "1");
        vif.set("feature-rx-notify", "1");
        vif.state(4);
    };
    grants.revoke(Grants::kFirst + 4);
    offer(Grants::kFirst + 4, Grants::kPastTable);
    // netback reports the failed mapping, then says Connected all the
    // same: a short wait (dom0's kernel log is the check).
    report(vif, "garbage-ring-refs", vif.wait_backend(refused, 2s));
    if (!vif.reset()) say("vif: back-end did not come back");
    OwnPage tx, rx;
    grants.grant(Grants::kFirst + 5, 0, tx.frame);
    grants.grant(Grants::kFirst + 6, 0, rx.frame);
    offer(Grants::kFirst + 5, Grants::kFirst + 6);
    bool connected = vif.wait_backend([](int s) { return s == 4; });
    say(std::string("vif good-rings: back-end ") + (connected ? "connected" : "did not connect") + ", state " +
        std::to_string(vif.backend_state()));
    grants.revoke(Grants::kFirst + 5);
    fill_garbage(tx.bytes, 16);
    for (uint32_t prod : {0x7fffffffu, 300u, 0xffffffffu}) {
        std::memcpy(tx.bytes, &prod, 4); // req_prod
        evtchn.notify(port, 2000);
    }
    report(vif, "revoked-while-mapped-and-flooded", refused(vif.backend_state()));
    vif.state(6);
    vif.wait_backend([](int s) { return s == 6; });
    report(vif, "closed", true);
}

} // namespace

int main()
{
    Xenbus xs;
    Grants grants;
    EventChannels evtchn;
    attack_vbd(xs, grants, evtchn);
    attack_vif(xs, grants, evtchn);
    say("done");
    return 0;
}
