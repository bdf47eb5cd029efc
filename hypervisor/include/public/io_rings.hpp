#pragma once
// The two shared ring pages the toolstack sets up for every guest: the
// xenstore ring (io/xs_wire.h) and console 0's ring (io/console.h). Indexes
// run freely; an index masked by the ring size gives the byte position.
#include <cstdint>

namespace xen {

inline constexpr uint32_t XENSTORE_RING_SIZE = 1024;
inline constexpr uint32_t XENSTORE_SERVER_FEATURE_RECONNECTION = 1;
inline constexpr uint32_t XENSTORE_CONNECTED = 0, XENSTORE_RECONNECT = 1;

struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE]; // guest -> xenstored
    char rsp[XENSTORE_RING_SIZE]; // xenstored -> guest: replies and watch events
    uint32_t req_cons, req_prod;
    uint32_t rsp_cons, rsp_prod;
    uint32_t server_features;
    uint32_t connection;
    uint32_t error;
};
static_assert(sizeof(xenstore_domain_interface) == 2076);

inline constexpr uint32_t XENCONS_IN_SIZE = 1024, XENCONS_OUT_SIZE = 2048;

struct xencons_interface {
    char in[XENCONS_IN_SIZE];   // console daemon -> guest (keyboard)
    char out[XENCONS_OUT_SIZE]; // guest -> console daemon
    uint32_t in_cons, in_prod;
    uint32_t out_cons, out_prod;
};
static_assert(sizeof(xencons_interface) == 3088);

} // namespace xen
