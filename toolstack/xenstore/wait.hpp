#pragma once
// Waiting for xenstore to reach a state: watch the nodes that change it,
// test, sleep until an event (or a poll interval, for state outside the
// store such as a network interface), test again, until a deadline. One
// loop for every wait of the toolstack: the console's tty, netback's vif,
// back-ends closing.
#include <functional>
#include <string>
#include <vector>

#include "xenstore/client.hpp"

namespace xs {

// True once `ready()` holds (tested at least once), false when `timeout_ms`
// passed first. `poll_ms` > 0 re-tests at least that often without events.
// The watches (token `token`) are gone on return. Every queued event is
// dropped meanwhile: a client that waits must not hold other watches.
bool wait_until(Client& client, const std::vector<std::string>& paths, const std::string& token, int timeout_ms,
                const std::function<bool()>& ready, int poll_ms = 0);

} // namespace xs
