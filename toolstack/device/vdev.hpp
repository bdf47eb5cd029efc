#pragma once
// A virtual disk's name (xl.cfg's vdev: xvdX[N], sdX[N], hdX[N], dDpP or a
// plain number) as the device number xenstore and the guest know it by
// (Xen's vbd-interface numbering). Shared by xl, which checks a config, and
// the toolstack, which numbers the device.
#include <cstdint>
#include <optional>
#include <string_view>

namespace toolstack {

// nullopt if the name is not a valid vdev.
std::optional<uint32_t> vdev_to_devid(std::string_view vdev);

} // namespace toolstack
