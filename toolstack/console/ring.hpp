#pragma once
// Console 0's shared ring (io/console.h) as seen from the daemon: guest
// output is drained from `out`, keyboard input produced into `in`. The page
// is guest memory: every index is read once, checked (prod - cons <= size)
// before it is used, and only masked offsets touch the arrays, so a hostile
// guest can at worst make the daemon stop serving its own console.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace console {

enum class RingStatus {
    Ok,
    Corrupt, // prod - cons > size: the guest broke the ring
};

struct RingCopy {
    RingStatus status = RingStatus::Ok;
    size_t bytes = 0; // copied, and the ring index moved by as much
};

// The bytes the ring page must have (sizeof xencons_interface).
size_t ring_page_size();

// Appends up to `max` bytes of `out` to `to` and advances out_cons.
RingCopy ring_read_out(std::span<uint8_t> page, std::string& to, size_t max);
// Copies what fits of `from` into `in` and advances in_prod.
RingCopy ring_write_in(std::span<uint8_t> page, std::span<const uint8_t> from);
// Free bytes in `in` (0 when the ring is corrupt).
size_t ring_in_space(std::span<uint8_t> page);
// Bytes waiting in `out` (0 when the ring is corrupt).
size_t ring_out_pending(std::span<uint8_t> page);

} // namespace console
