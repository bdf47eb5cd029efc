#include "error.hpp"

#include <cstring>

namespace xc {

HypercallError::HypercallError(std::string operation, int error_number)
    : std::runtime_error(operation + ": " + std::strerror(error_number) + " (errno " + std::to_string(error_number) + ")"),
      operation_(std::move(operation)), errno_(error_number)
{
}

} // namespace xc
