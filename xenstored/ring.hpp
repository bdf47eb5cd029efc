// The shared page of a domain's xenstore connection (struct
// xenstore_domain_interface): a 1 KiB request ring, a 1 KiB reply ring and
// free-running byte indexes. RingChannel is the daemon's side of it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace xenstored {

inline constexpr std::uint32_t kRingSize = 1024;  // XENSTORE_RING_SIZE

struct XenstoreInterface {
    char req[kRingSize];
    char rsp[kRingSize];
    std::uint32_t req_cons, req_prod;  // daemon advances req_cons
    std::uint32_t rsp_cons, rsp_prod;  // daemon advances rsp_prod
    std::uint32_t server_features;
    std::uint32_t connection;
    std::uint32_t error;
};
static_assert(offsetof(XenstoreInterface, req_cons) == 2048);
static_assert(offsetof(XenstoreInterface, rsp_prod) == 2060);
static_assert(offsetof(XenstoreInterface, server_features) == 2064);
static_assert(offsetof(XenstoreInterface, connection) == 2068);
static_assert(offsetof(XenstoreInterface, error) == 2072);

enum class RingError : std::uint32_t {
    None = 0,
    Comm = 1,
    RingIndex = 2,  // prod - cons beyond the ring: the peer is broken
    Protocol = 3,   // a message longer than the payload limit
};

class RingChannel {
public:
    explicit RingChannel(XenstoreInterface* page) : page_(page) {}

    // Request bytes the guest produced, up to out.size(); nullopt when the
    // indexes are inconsistent.
    std::optional<std::size_t> read_requests(std::span<std::uint8_t> out);
    // Reply bytes written into free space, up to in.size(); nullopt as above.
    std::optional<std::size_t> write_replies(std::span<const std::uint8_t> in);

    // INTRODUCE of a guest: indexes to 0, connected, no error.
    void reset();
    void mark_connected();
    void set_error(RingError error);

private:
    XenstoreInterface* page_;
};

}  // namespace xenstored
