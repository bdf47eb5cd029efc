#pragma once
// Host build: compiler barriers stand in for the ARM ones.
#include <atomic>

namespace hv::arch {
inline void dsb() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void dsb_ish() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void dmb() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void isb() { std::atomic_signal_fence(std::memory_order_seq_cst); }
} // namespace hv::arch
