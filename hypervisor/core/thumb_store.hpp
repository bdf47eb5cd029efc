#pragma once
// Cortex-A15 erratum 766422: for a Thumb store that takes a stage-2 data
// abort, HSR.SRT may name the wrong register. The register is taken from
// the instruction itself instead.
#include <cstdint>
#include <optional>

namespace hv {

// first: the first halfword; second: the next one (used when the first
// says the instruction is 32 bits wide). The source register of a
// single-register Thumb store, or nullopt for anything else.
std::optional<unsigned> thumb_store_source_register(uint16_t first, uint16_t second);

inline bool thumb_is_32bit(uint16_t first) { return (first >> 11) >= 0x1d; }

} // namespace hv
