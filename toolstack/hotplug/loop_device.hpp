#pragma once
// Loop devices for file-backed disks: blkback serves block devices only, so
// an image file is bound to /dev/loopN first (what Xen's `block` script
// does with losetup), through /dev/loop-control and the loop ioctls.
#include <functional>
#include <string>
#include <sys/types.h>

namespace toolstack {

struct LoopDevice {
    std::string path; // /dev/loopN
    dev_t device = 0;
};

// Binds `file` to a free loop device. `reserve` learns the device's path
// before it is bound, so that a record of it exists whatever happens next.
// Throws HotplugError.
LoopDevice attach_loop(const std::string& file, bool readonly, const std::function<void(const std::string&)>& reserve);

// Unbinds it. If blkback still holds it open the kernel unbinds it on the
// last close (autoclear). A device already unbound is fine.
void detach_loop(const std::string& path);

// The file bound to a loop device ("" if none), from sysfs.
std::string loop_backing_file(const std::string& path);

} // namespace toolstack
