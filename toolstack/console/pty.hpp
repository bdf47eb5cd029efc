#pragma once
// A console's pseudo-terminal: the master is the daemon's (non-blocking),
// the slave is raw and its path goes into xenstore for `xl console`. The
// daemon keeps the slave open too, so that reading the master never fails
// with EIO while no client is attached.
#include <string>

#include "unique_fd.hpp"

namespace console {

class Pty {
public:
    // Throws std::system_error when no pty can be had.
    Pty();
    int master() const { return master_.get(); }
    const std::string& slave_path() const { return slave_path_; }

private:
    UniqueFd master_, slave_;
    std::string slave_path_;
};

} // namespace console
