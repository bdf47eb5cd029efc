#pragma once
// Copies between the hypervisor and the memory of the guest whose context is
// loaded, by guest virtual address (what hypercall arguments are): the
// guest's own stage 1, then our stage 2, page by page. Only the guest's RAM
// is reachable; an unmapped, read-only or device page fails with Fault.
#include <cstddef>
#include <cstdint>

#include "lib/status.hpp"

namespace hv {

class Domain;

Status copy_from_guest(Domain& domain, void* dst, uint32_t gva, size_t size);
Status copy_to_guest(Domain& domain, uint32_t gva, const void* src, size_t size);

// The same by guest physical address (no stage 1). Writes are cleaned to
// the point of coherency: builders load images this way for a guest that
// starts with its caches off.
Status copy_from_guest_phys(Domain& domain, void* dst, uint64_t ipa, size_t size);
Status copy_to_guest_phys(Domain& domain, uint64_t ipa, const void* src, size_t size);

} // namespace hv
