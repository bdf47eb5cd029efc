// Throughput and latency of a xenstore daemon over its unix socket:
// read, write, directory and transaction (start + write + commit) with 1,
// 8 and 64 concurrent clients. It speaks the wire protocol itself, so it
// can measure any daemon: ours, or Xen's inside a dom0.
//
//   xenstored_bench <socket path> [seconds per run, default 1]
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Header {
    std::uint32_t type, req_id, tx_id, len;
};
enum : std::uint32_t { kDirectory = 1, kRead = 2, kTxStart = 6, kTxEnd = 7, kWrite = 11, kError = 16 };

class XsClient {
public:
    explicit XsClient(const std::string& path) {
        fd_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
            std::perror(("connect " + path).c_str());
            std::exit(1);
        }
    }
    ~XsClient() { ::close(fd_); }

    // One request, one reply; false on an error reply.
    bool call(std::uint32_t type, const std::string& payload, std::uint32_t tx, std::string* reply = nullptr) {
        Header h{type, ++req_, tx, static_cast<std::uint32_t>(payload.size())};
        std::string msg(reinterpret_cast<const char*>(&h), sizeof(h));
        msg += payload;
        if (!write_all(msg)) std::exit(1);
        Header r{};
        std::string body;
        do {  // watch events are not expected, but skip them
            if (!read_all(&r, sizeof(r))) std::exit(1);
            body.resize(r.len);
            if (r.len && !read_all(body.data(), r.len)) std::exit(1);
        } while (r.type == 15);
        if (reply) *reply = body;
        return r.type != kError;
    }

private:
    bool write_all(const std::string& s) {
        std::size_t done = 0;
        while (done < s.size()) {
            ssize_t n = ::write(fd_, s.data() + done, s.size() - done);
            if (n <= 0) return false;
            done += static_cast<std::size_t>(n);
        }
        return true;
    }
    bool read_all(void* buf, std::size_t len) {
        auto* p = static_cast<char*>(buf);
        while (len) {
            ssize_t n = ::read(fd_, p, len);
            if (n <= 0) return false;
            p += n;
            len -= static_cast<std::size_t>(n);
        }
        return true;
    }
    int fd_ = -1;
    std::uint32_t req_ = 0;
};

std::string z(const std::string& s) { return s + std::string(1, '\0'); }

enum class Op { Read, Write, Directory, Transaction };
const char* name(Op op) {
    switch (op) {
    case Op::Read: return "read";
    case Op::Write: return "write";
    case Op::Directory: return "directory";
    case Op::Transaction: return "transaction";
    }
    return "?";
}

void one_op(XsClient& c, Op op, int client, std::uint64_t i) {
    const std::string mine = "/bench/c" + std::to_string(client);
    switch (op) {
    case Op::Read: c.call(kRead, z("/bench/data/k" + std::to_string(i % 16)), 0); break;
    case Op::Write: c.call(kWrite, z(mine + "/w") + std::to_string(i), 0); break;
    case Op::Directory: c.call(kDirectory, z("/bench/data"), 0); break;
    case Op::Transaction: {
        std::string id;
        c.call(kTxStart, z(""), 0, &id);
        const auto tx = static_cast<std::uint32_t>(std::stoul(id));
        c.call(kRead, z(mine + "/t"), tx);
        c.call(kWrite, z(mine + "/t") + std::to_string(i), tx);
        c.call(kTxEnd, z("T"), tx);
        break;
    }
    }
}

void run(const std::string& path, Op op, int clients, double seconds) {
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(clients));
    std::atomic<bool> stop{false};
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t) {
        threads.emplace_back([&, t] {
            XsClient c(path);
            auto& lat = latencies[static_cast<std::size_t>(t)];
            lat.reserve(1 << 16);
            ++ready;
            while (ready.load() < clients) std::this_thread::yield();
            for (std::uint64_t i = 0; !stop.load(std::memory_order_relaxed); ++i) {
                auto start = Clock::now();
                one_op(c, op, t, i);
                lat.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
            }
        });
    }
    while (ready.load() < clients) std::this_thread::yield();
    auto begin = Clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& th : threads) th.join();
    double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
    std::vector<double> all;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    auto pct = [&](double p) { return all.empty() ? 0.0 : all[static_cast<std::size_t>(p * static_cast<double>(all.size() - 1))]; };
    std::printf("%-12s %4d clients %10.0f ops/s   p50 %8.1f us   p99 %8.1f us\n", name(op), clients,
                static_cast<double>(all.size()) / elapsed, pct(0.50), pct(0.99));
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <xenstored socket> [seconds per run]\n", argv[0]);
        return 2;
    }
    const std::string path = argv[1];
    const double seconds = argc > 2 ? std::atof(argv[2]) : 1.0;
    {
        XsClient setup(path);
        for (int k = 0; k < 16; ++k) setup.call(kWrite, z("/bench/data/k" + std::to_string(k)) + "value", 0);
    }
    std::printf("xenstored_bench: %s, %.1f s per run\n", path.c_str(), seconds);
    for (Op op : {Op::Read, Op::Write, Op::Directory, Op::Transaction}) {
        for (int clients : {1, 8, 64}) run(path, op, clients, seconds);
    }
    XsClient cleanup(path);
    cleanup.call(13, z("/bench"), 0);
    return 0;
}
