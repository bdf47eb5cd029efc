#pragma once
// The hypervisor's small-object heap: first fit over an address-ordered free
// list, neighbours coalesced on free. Blocks carry a header with their size;
// every allocation is 8-byte aligned (ARM's strictest natural alignment).
// lock_ makes it safe from every physical CPU (domains are created and
// destroyed at run time); it is a leaf, held for one walk of the free list.
#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>

#include "arch/spinlock.hpp"

namespace hv {

class Heap {
public:
    void init(void* base, size_t size);
    void* alloc(size_t size);
    void free(void* p);
    size_t free_bytes() const;
    size_t largest_free_block() const;

private:
    struct Block {
        size_t size; // whole block, header included
        Block* next; // only meaningful while free
    };
    static constexpr size_t kHeader = 8;
    static constexpr size_t kMinBlock = 16;
    Block* free_list_ = nullptr;
    mutable Spinlock lock_;
};

Heap& hypervisor_heap();

// Construct a T on the hypervisor heap; nullptr when the heap is exhausted.
template <class T, class... Args>
T* heap_new(Args&&... args)
{
    void* p = hypervisor_heap().alloc(sizeof(T));
    return p ? new (p) T(std::forward<Args>(args)...) : nullptr;
}

template <class T>
void heap_delete(T* object)
{
    if (!object) return;
    object->~T();
    hypervisor_heap().free(object);
}

} // namespace hv
