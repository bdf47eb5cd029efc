#pragma once
// Distinct types for the address spaces the hypervisor juggles, so a
// guest-physical address can never be passed where a machine address is
// expected (Hafnium's lesson). Arithmetic stays explicit through .value.
#include <compare>
#include <cstdint>

namespace hv {

inline constexpr uint64_t kPageSize = 4096;
inline constexpr unsigned kPageShift = 12;

template <class Tag>
struct Address {
    uint64_t value = 0;
    constexpr Address() = default;
    constexpr explicit Address(uint64_t v) : value(v) {}
    constexpr Address operator+(uint64_t off) const { return Address(value + off); }
    constexpr uint64_t operator-(Address other) const { return value - other.value; }
    constexpr auto operator<=>(const Address&) const = default;
    constexpr bool page_aligned() const { return (value & (kPageSize - 1)) == 0; }
};

struct MachineTag;
struct GuestPhysTag;
// Machine (host physical) address.
using Pa = Address<MachineTag>;
// Guest-physical (intermediate physical) address: what stage 2 translates.
using Ipa = Address<GuestPhysTag>;

constexpr uint64_t align_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }
constexpr uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }
constexpr bool is_aligned(uint64_t v, uint64_t a) { return (v & (a - 1)) == 0; }

} // namespace hv
