// The host attack test's client (tests/xenstored/host_attack_test.sh): one
// guest floods a real xenstored (started with -G, so guests can be spoken
// for over sockets) with quota exhaustion, watch-event floods, pipelined
// requests, many transactions and malformed or oversized messages, while
// dom0 and another guest keep working within a deadline and the daemon's
// peak memory stays under a bound. Prints PASS/FAIL lines.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "wire_client.hpp"

using namespace wire;
using Clock = std::chrono::steady_clock;

namespace {

int failures = 0;
void check(bool ok, const std::string& name, const std::string& detail = "") {
    std::printf("%s xenstored/attack/%s%s%s\n", ok ? "PASS" : "FAIL", name.c_str(), ok || detail.empty() ? "" : ": ",
                ok ? "" : detail.c_str());
    std::fflush(stdout);
    failures += !ok;
}

// VmRSS or VmHWM of the daemon, in KiB.
long memory_kib(int pid, const std::string& field) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
    }
    return -1;
}

// The bystanders: dom0 and guest 7 write and read back, each within the deadline.
struct Victims {
    Client& dom0;
    Client& guest;
    int round = 0;
    double worst_ms = 0;
    std::string trouble;
    void poke() {
        const auto begin = Clock::now();
        const std::string value = std::to_string(++round);
        bool ok = dom0.write("/victim/k", value) == "OK" && dom0.call(Read, args({"/victim/k"})).payload == value &&
                  guest.write("k", value) == "OK" && guest.call(Read, args({"k"})).payload == value;
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
        worst_ms = std::max(worst_ms, ms);
        if (!ok && trouble.empty()) trouble = "round " + value + " failed";
    }
};

void introduce(Client& admin, int domid, const std::string& perms_extra = "") {
    const std::string id = std::to_string(domid), home = "/local/domain/" + id;
    admin.call(Introduce, args({id, "0", "1"}));
    admin.write(home, "");
    std::string p = home + '\0' + "n" + id + '\0';
    if (!perms_extra.empty()) p += perms_extra + '\0';
    admin.call(SetPerms, p);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s SOCKET DAEMON_PID MAX_PEAK_MIB\n", argv[0]);
        return 2;
    }
    const std::string socket = argv[1];
    const int pid = std::stoi(argv[2]);
    const long max_kib = std::stol(argv[3]) * 1024;
    auto guest_socket = [&](int domid) { return socket + "-dom" + std::to_string(domid); };

    Client admin(socket);
    introduce(admin, 5, "r6");  // the attacker; guest 6 may read its nodes
    introduce(admin, 6);        // a guest that watches and never reads
    introduce(admin, 7);        // a bystander guest
    Client attacker(guest_socket(5)), dom0(socket), bystander(guest_socket(7)), lazy_guest(guest_socket(6));
    Client lazy_dom0(socket);
    Victims victims{dom0, bystander, 0, 0, ""};
    victims.poke();
    check(victims.trouble.empty() && attacker.fd() >= 0, "setup", victims.trouble);
    const long rss_start = memory_kib(pid, "VmRSS");

    // Watchers that never read: every change to the attacker's nodes queues
    // events of ~2 KiB per watch for them, far more than memory allows.
    const std::string fat(2000, 't');
    int lazy_watches = 0;
    for (int i = 0; i < 100; ++i) lazy_watches += lazy_dom0.call(Watch, args({"/local/domain/5", fat + std::to_string(i)})).status() == "OK";
    for (int i = 0; i < 200; ++i) lazy_watches += lazy_guest.call(Watch, args({"/local/domain/5", fat + std::to_string(i)})).status() == "OK";
    check(lazy_watches == 100 + 129, "watch-quota-guest-129-then-E2BIG", std::to_string(lazy_watches) + " watches");

    // Node quota: the home node plus 999 more, then ENOSPC (in directories
    // of 40: a node's record, child names included, is limited too);
    // writes go on failing; the bystanders do not notice.
    std::vector<std::string> nodes;
    std::string first_error;
    for (int i = 0; i < 1200; ++i) {
        const std::string name = "d" + std::to_string(i / 40) + "/n" + std::to_string(i);
        auto status = attacker.write(name, "x");
        if (status == "OK") nodes.push_back(name);
        else if (first_error.empty()) first_error = status;
        if (i % 100 == 0) victims.poke();
    }
    auto usage = admin.call(Control, args({"quota", "5"})).payload;
    check(usage.find("nodes: 1000\n") != std::string::npos && first_error == "ENOSPC", "node-quota",
          usage + " then " + first_error);

    // Event flood: rewrite every node, 20 requests in flight (the
    // outstanding quota), so each lazy watcher is owed hundreds of MiB.
    int flooded = 0;
    const int count = static_cast<int>(nodes.size());
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < count; i += 20) {
            int sent = 0;
            for (int j = i; j < std::min(i + 20, count); ++j) {
                sent += attacker.send(Write, nodes[static_cast<std::size_t>(j)] + '\0' + std::to_string(round));
            }
            for (int j = 0; j < sent; ++j) flooded += attacker.reply().status() == "OK";
            if (i % 200 == 0) victims.poke();
        }
    }
    check(flooded == 2 * count, "event-flood-writes", std::to_string(flooded) + "/" + std::to_string(2 * count));

    // Watches until E2BIG, with tokens as long as a message allows.
    int watches = 0;
    std::string watch_error;
    for (int i = 0; i < 300 && watch_error.empty(); ++i) {
        auto status = attacker.call(Watch, args({"w", std::string(4000, 'a') + std::to_string(i)})).status();
        if (status == "OK") ++watches;
        else watch_error = status;
    }
    victims.poke();
    check(watches == 129 && watch_error == "E2BIG", "watch-quota", std::to_string(watches) + " then " + watch_error);

    // Transactions: 11 open (Xen allows one over the quota), each touching
    // nodes until its node quota runs out.
    int transactions = 0, touched = 0;
    std::string tx_error;
    for (int t = 0; t < 20 && tx_error.empty(); ++t) {
        auto r = attacker.call(TransactionStart, args({""}));
        if (r.status() != "OK") { tx_error = r.status(); break; }
        ++transactions;
        const auto tx = static_cast<std::uint32_t>(std::stoul(r.payload));
        for (int i = 0; i < 1100; ++i) {
            if (attacker.call(Read, args({"x" + std::to_string(i)}), tx).status() == "ENOSPC") break;
            ++touched;
        }
        victims.poke();
    }
    check(transactions == 11 && tx_error == "ENOSPC", "transaction-quota", std::to_string(transactions) + " then " + tx_error);
    // Reading absent x<i> looks at the home node too: 1023 + 1 = 1024.
    check(touched == 11 * 1023, "transaction-node-quota", std::to_string(touched) + " nodes touched");

    // Pipelined requests, none read: the daemon stops reading the guest and
    // serves everyone else; then every reply comes, in order.
    int pipelined = 0;
    for (int i = 0; i < 400; ++i) pipelined += attacker.send(Read, args({nodes[1]}));
    victims.poke();
    int answered = 0;
    for (int i = 0; i < pipelined; ++i) answered += attacker.reply().payload == "1";  // last written value
    check(pipelined == 400 && answered == 400, "outstanding-backpressure", std::to_string(answered) + "/400");

    // Garbage: unknown types, bad payloads, then a header announcing more
    // than 4096 bytes, which kills the guest's connection (until RELEASE).
    check(attacker.call(9999, "x").status() == "ENOSYS" && attacker.call(Read, "no-nul").status() == "EINVAL",
          "malformed-requests-get-errors");
    Header huge{Read, 1, 0, 1u << 30};
    attacker.send_raw(std::string(reinterpret_cast<const char*>(&huge), sizeof(huge)) + std::string(8192, 'z'));
    check(attacker.reply().status() == "EOF", "oversized-header-drops-connection");
    Client again(guest_socket(5));
    check(again.call(Read, args({nodes[1]})).status() == "EOF", "dropped-guest-stays-dead");
    Client rogue(socket);
    rogue.send_raw(std::string(reinterpret_cast<const char*>(&huge), sizeof(huge)));
    check(rogue.reply().status() == "EOF", "oversized-header-drops-socket-client");
    victims.poke();

    check(victims.trouble.empty(), "bystanders-never-failed", victims.trouble);
    check(victims.worst_ms < 1000, "bystanders-within-deadline",
          "worst round " + std::to_string(victims.worst_ms) + " ms");
    const long peak = memory_kib(pid, "VmHWM"), rss = memory_kib(pid, "VmRSS");
    std::printf("info: daemon RSS %ld KiB at start, %ld KiB now, peak %ld KiB; worst bystander round %.1f ms\n", rss_start,
                rss, peak, victims.worst_ms);
    check(peak > 0 && peak < max_kib, "memory-bounded", "peak " + std::to_string(peak) + " KiB");

    // RELEASE takes everything of the attacker: a reintroduced domid 5
    // starts with nothing.
    check(admin.call(Release, args({"5"})).status() == "OK", "release");
    check(admin.call(Read, args({"/local/domain/5/" + nodes[1]})).status() == "ENOENT", "release-removes-nodes");
    admin.call(Introduce, args({"5", "0", "1"}));
    auto quota = admin.call(Control, args({"quota", "5"})).payload;
    check(quota.find("nodes: 0\nwatches: 0\ntransactions: 0\n") != std::string::npos, "release-leaves-nothing", quota);
    victims.poke();
    check(victims.trouble.empty(), "bystanders-after-release", victims.trouble);
    return failures == 0 ? 0 : 1;
}
