#pragma once
// Errors of the toolstack's privileged layer. A failed hypercall or ioctl
// names the operation and carries errno; a build error explains what is
// wrong with the inputs (kernel, ramdisk, sizes) before anything is created.
#include <stdexcept>
#include <string>

namespace xc {

class HypercallError : public std::runtime_error {
public:
    HypercallError(std::string operation, int error_number);
    const std::string& operation() const { return operation_; }
    int error_number() const { return errno_; }

private:
    std::string operation_;
    int errno_;
};

class BuildError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace xc
