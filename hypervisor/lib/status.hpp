#pragma once
// One error type for the hypervisor's internal APIs. Hypercalls translate it
// to the ABI's -errno values at the boundary (xen/errno.hpp).
namespace hv {

enum class Status {
    Ok,
    NoMemory,     // frames, heap or table capacity exhausted
    Invalid,      // malformed argument
    Busy,         // the range is already in use
    NotFound,     // nothing at that address / index
    Fault,        // a guest address could not be accessed
    Unsupported,
};

const char* status_name(Status s);

} // namespace hv
