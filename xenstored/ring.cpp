#include "ring.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>

namespace xenstored {

namespace {

// The peer writes these concurrently: read each once, atomically.
std::uint32_t load(const std::uint32_t& index) { return __atomic_load_n(&index, __ATOMIC_ACQUIRE); }
void store(std::uint32_t& index, std::uint32_t value) { __atomic_store_n(&index, value, __ATOMIC_RELEASE); }

}  // namespace

std::optional<std::size_t> RingChannel::read_requests(std::span<std::uint8_t> out) {
    const std::uint32_t cons = load(page_->req_cons);
    const std::uint32_t prod = load(page_->req_prod);
    // Indexes first, then the bytes they cover.
    std::atomic_thread_fence(std::memory_order_acquire);
    const std::uint32_t avail = prod - cons;
    if (avail > kRingSize) return std::nullopt;
    std::size_t total = std::min<std::size_t>(avail, out.size());
    std::size_t done = 0;
    while (done < total) {
        const std::uint32_t offset = (cons + done) & (kRingSize - 1);
        const std::size_t chunk = std::min<std::size_t>(total - done, kRingSize - offset);
        std::memcpy(out.data() + done, page_->req + offset, chunk);
        done += chunk;
    }
    // Bytes copied out before the guest may reuse the space.
    std::atomic_thread_fence(std::memory_order_release);
    store(page_->req_cons, cons + static_cast<std::uint32_t>(done));
    return done;
}

std::optional<std::size_t> RingChannel::write_replies(std::span<const std::uint8_t> in) {
    const std::uint32_t cons = load(page_->rsp_cons);
    const std::uint32_t prod = load(page_->rsp_prod);
    std::atomic_thread_fence(std::memory_order_acquire);
    const std::uint32_t used = prod - cons;
    if (used > kRingSize) return std::nullopt;
    const std::size_t total = std::min<std::size_t>(kRingSize - used, in.size());
    std::size_t done = 0;
    while (done < total) {
        const std::uint32_t offset = (prod + done) & (kRingSize - 1);
        const std::size_t chunk = std::min<std::size_t>(total - done, kRingSize - offset);
        std::memcpy(page_->rsp + offset, in.data() + done, chunk);
        done += chunk;
    }
    // The bytes must be visible before the index that publishes them.
    std::atomic_thread_fence(std::memory_order_release);
    store(page_->rsp_prod, prod + static_cast<std::uint32_t>(done));
    return done;
}

void RingChannel::reset() {
    store(page_->req_cons, 0);
    store(page_->req_prod, 0);
    store(page_->rsp_cons, 0);
    store(page_->rsp_prod, 0);
    store(page_->server_features, 0);  // 4.17 advertises nothing
    store(page_->error, 0);
    mark_connected();
}

void RingChannel::mark_connected() { store(page_->connection, 0); }

void RingChannel::set_error(RingError error) { store(page_->error, static_cast<std::uint32_t>(error)); }

}  // namespace xenstored
