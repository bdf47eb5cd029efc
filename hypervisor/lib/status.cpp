#include "lib/status.hpp"

namespace hv {

const char* status_name(Status s)
{
    switch (s) {
    case Status::Ok: return "ok";
    case Status::NoMemory: return "out of memory";
    case Status::Invalid: return "invalid argument";
    case Status::Busy: return "busy";
    case Status::NotFound: return "not found";
    case Status::Fault: return "fault";
    case Status::Unsupported: return "unsupported";
    }
    return "?";
}

} // namespace hv
