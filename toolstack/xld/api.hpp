#pragma once
// The toolstack API's requests, dispatched to the domain manager. One JSON
// object per request: {"version": 1, "op": "...", ...}; the reply is
// {"ok": true, ...} or {"ok": false, "error": "...", "rc": N}. README.md
// documents each operation.
#include <functional>
#include <optional>

#include "json/json.hpp"
#include "xld/domain_manager.hpp"

namespace xld {

// A request whose reply comes later (waiting for a domain to go): the
// domain and its UUID, answered once it no longer exists as such.
struct PendingWait {
    uint32_t domid = 0;
    std::string uuid;
};

class Api {
public:
    explicit Api(DomainManager& manager) : manager_(manager) {}
    // The reply, or nullopt with `wait` filled when the reply must wait.
    std::optional<json::Value> handle(const std::string& line, PendingWait& wait);
    // The reply to a finished wait.
    static json::Value ok();
    static json::Value error(const std::string& message, int rc);

private:
    json::Value dispatch(const std::string& op, const json::Value& request, std::optional<PendingWait>& wait);
    DomainManager& manager_;
};

} // namespace xld
