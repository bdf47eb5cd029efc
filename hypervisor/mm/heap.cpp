#include "mm/heap.hpp"

#include "core/panic.hpp"

namespace hv {

void Heap::init(void* base, size_t size)
{
    auto start = (reinterpret_cast<uintptr_t>(base) + 7) & ~uintptr_t(7);
    size -= start - reinterpret_cast<uintptr_t>(base);
    size &= ~size_t(7);
    free_list_ = reinterpret_cast<Block*>(start);
    free_list_->size = size;
    free_list_->next = nullptr;
}

void* Heap::alloc(size_t size)
{
    if (size == 0 || size > (SIZE_MAX >> 1)) return nullptr;
    size_t need = (size + kHeader + 7) & ~size_t(7);
    LockGuard guard(lock_);
    if (need < kMinBlock) need = kMinBlock;
    for (Block** link = &free_list_; *link; link = &(*link)->next) {
        Block* b = *link;
        if (b->size < need) continue;
        if (b->size - need >= kMinBlock) {
            auto* rest = reinterpret_cast<Block*>(reinterpret_cast<uintptr_t>(b) + need);
            rest->size = b->size - need;
            rest->next = b->next;
            *link = rest;
            b->size = need;
        } else {
            *link = b->next;
        }
        return reinterpret_cast<char*>(b) + kHeader;
    }
    return nullptr;
}

void Heap::free(void* p)
{
    if (!p) return;
    auto* b = reinterpret_cast<Block*>(reinterpret_cast<uintptr_t>(p) - kHeader);
    LockGuard guard(lock_);
    Block* prev = nullptr;
    Block* next = free_list_;
    while (next && next < b) {
        prev = next;
        next = next->next;
    }
    auto end_of = [](Block* x) { return reinterpret_cast<uintptr_t>(x) + x->size; };
    if (next && end_of(b) > reinterpret_cast<uintptr_t>(next)) panic("heap: free of %p overlaps a free block", p);
    if (prev && end_of(prev) > reinterpret_cast<uintptr_t>(b)) panic("heap: double free of %p", p);
    b->next = next;
    if (next && end_of(b) == reinterpret_cast<uintptr_t>(next)) {
        b->size += next->size;
        b->next = next->next;
    }
    if (prev) {
        prev->next = b;
        if (end_of(prev) == reinterpret_cast<uintptr_t>(b)) {
            prev->size += b->size;
            prev->next = b->next;
        }
    } else {
        free_list_ = b;
    }
}

size_t Heap::free_bytes() const
{
    size_t n = 0;
    LockGuard guard(lock_);
    for (Block* b = free_list_; b; b = b->next) n += b->size;
    return n;
}

size_t Heap::largest_free_block() const
{
    size_t n = 0;
    LockGuard guard(lock_);
    for (Block* b = free_list_; b; b = b->next)
        if (b->size > n) n = b->size;
    return n;
}

Heap& hypervisor_heap()
{
    static Heap heap;
    return heap;
}

} // namespace hv
