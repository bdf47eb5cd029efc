#pragma once
#include <stdexcept>

namespace toolstack {

// The host side of a device could not be set up or torn down; what() says
// what and why, for the user.
class HotplugError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace toolstack
