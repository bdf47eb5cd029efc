#include "xenstore/wait.hpp"

#include <algorithm>
#include <chrono>

namespace xs {

bool wait_until(Client& client, const std::vector<std::string>& paths, const std::string& token, int timeout_ms,
                const std::function<bool()>& ready, int poll_ms)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    bool done = false;
    try {
        for (const std::string& path : paths) client.watch(path, token);
        for (;;) {
            if ((done = ready())) break;
            long long left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
            if (left <= 0) break;
            // Each watch fires once when set, so the first wait returns at
            // once; a later one sleeps until something changed.
            client.wait_event(int(poll_ms > 0 ? std::min<long long>(left, poll_ms) : left));
            while (client.take_event()) {
            }
        }
    } catch (...) {
        for (const std::string& path : paths) {
            try {
                client.unwatch(path, token);
            } catch (...) {
            }
        }
        throw;
    }
    for (const std::string& path : paths) client.unwatch(path, token);
    while (client.take_event()) {
    }
    return done;
}

} // namespace xs
