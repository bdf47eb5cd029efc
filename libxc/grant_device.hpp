#pragma once
// /dev/xen/gntdev: mapping pages another domain granted to dom0 (its
// xenstore and console rings, a PV device's shared rings).
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace xc {

class GrantMapping {
public:
    virtual ~GrantMapping() = default;
    virtual std::span<uint8_t> bytes() = 0;
};

class GrantDevice {
public:
    // Throws HypercallError naming the device when it cannot be opened.
    explicit GrantDevice(const std::string& path = "/dev/xen/gntdev");
    ~GrantDevice();
    GrantDevice(const GrantDevice&) = delete;
    GrantDevice& operator=(const GrantDevice&) = delete;

    // One granted page, read-write; unmapped (and released in the kernel)
    // when the mapping is destroyed.
    std::unique_ptr<GrantMapping> map(uint32_t domid, uint32_t ref);

private:
    int fd_ = -1;
};

} // namespace xc
