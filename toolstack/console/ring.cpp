#include "ring.hpp"

#include <atomic>
#include <cstddef>

#include "include/public/io_rings.hpp"

namespace console {
namespace {

using xen::xencons_interface;
using xen::XENCONS_IN_SIZE;
using xen::XENCONS_OUT_SIZE;

static_assert((XENCONS_IN_SIZE & (XENCONS_IN_SIZE - 1)) == 0 && (XENCONS_OUT_SIZE & (XENCONS_OUT_SIZE - 1)) == 0,
              "ring sizes are powers of two: an index masked by size - 1 stays inside");

// The guest writes these concurrently: one load each, never a re-read.
uint32_t load(std::span<uint8_t> page, size_t offset)
{
    return std::atomic_ref<uint32_t>(*reinterpret_cast<uint32_t*>(page.data() + offset)).load(std::memory_order_acquire);
}

void store(std::span<uint8_t> page, size_t offset, uint32_t value)
{
    std::atomic_ref<uint32_t>(*reinterpret_cast<uint32_t*>(page.data() + offset)).store(value, std::memory_order_release);
}

constexpr size_t IN = offsetof(xencons_interface, in), OUT = offsetof(xencons_interface, out);
constexpr size_t IN_CONS = offsetof(xencons_interface, in_cons), IN_PROD = offsetof(xencons_interface, in_prod);
constexpr size_t OUT_CONS = offsetof(xencons_interface, out_cons), OUT_PROD = offsetof(xencons_interface, out_prod);

} // namespace

size_t ring_page_size() { return sizeof(xencons_interface); }

RingCopy ring_read_out(std::span<uint8_t> page, std::string& to, size_t max)
{
    if (page.size() < sizeof(xencons_interface)) return {RingStatus::Corrupt, 0};
    uint32_t cons = load(page, OUT_CONS);
    uint32_t prod = load(page, OUT_PROD); // acquire: the data below is read after the index
    uint32_t pending = prod - cons;
    if (pending > XENCONS_OUT_SIZE) return {RingStatus::Corrupt, 0};
    size_t n = std::min<size_t>(pending, max);
    for (size_t i = 0; i < n; ++i) to.push_back(char(page[OUT + ((cons + i) & (XENCONS_OUT_SIZE - 1))]));
    // Release: the data is read before the guest sees the space freed.
    if (n) store(page, OUT_CONS, cons + uint32_t(n));
    return {RingStatus::Ok, n};
}

RingCopy ring_write_in(std::span<uint8_t> page, std::span<const uint8_t> from)
{
    if (page.size() < sizeof(xencons_interface)) return {RingStatus::Corrupt, 0};
    uint32_t cons = load(page, IN_CONS);
    uint32_t prod = load(page, IN_PROD);
    uint32_t used = prod - cons;
    if (used > XENCONS_IN_SIZE) return {RingStatus::Corrupt, 0};
    size_t n = std::min<size_t>(XENCONS_IN_SIZE - used, from.size());
    for (size_t i = 0; i < n; ++i) page[IN + ((prod + i) & (XENCONS_IN_SIZE - 1))] = from[i];
    // Release: the guest sees the bytes before the index that covers them.
    if (n) store(page, IN_PROD, prod + uint32_t(n));
    return {RingStatus::Ok, n};
}

size_t ring_in_space(std::span<uint8_t> page)
{
    if (page.size() < sizeof(xencons_interface)) return 0;
    uint32_t used = load(page, IN_PROD) - load(page, IN_CONS);
    return used > XENCONS_IN_SIZE ? 0 : XENCONS_IN_SIZE - used;
}

size_t ring_out_pending(std::span<uint8_t> page)
{
    if (page.size() < sizeof(xencons_interface)) return 0;
    uint32_t cons = load(page, OUT_CONS);
    uint32_t pending = load(page, OUT_PROD) - cons;
    return pending > XENCONS_OUT_SIZE ? 0 : pending;
}

} // namespace console
