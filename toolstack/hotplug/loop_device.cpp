#include "hotplug/loop_device.hpp"

#include <fcntl.h>
#include <linux/loop.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "console/unique_fd.hpp"
#include "hotplug/hotplug_error.hpp"

namespace toolstack {
namespace {

using Fd = console::UniqueFd;

std::string error_text(int error) { return std::strerror(error); }

} // namespace

LoopDevice attach_loop(const std::string& file, bool readonly, const std::function<void(const std::string&)>& reserve)
{
    Fd backing(::open(file.c_str(), (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC));
    if (backing.get() < 0) throw HotplugError("cannot open disk image " + file + ": " + error_text(errno));
    struct stat st {};
    if (::fstat(backing.get(), &st) != 0 || !S_ISREG(st.st_mode))
        throw HotplugError("disk image " + file + " is not a regular file");
    Fd control(::open("/dev/loop-control", O_RDWR | O_CLOEXEC));
    if (control.get() < 0)
        throw HotplugError("cannot open /dev/loop-control (is the loop module loaded?): " + error_text(errno));
    // Another process may take the free device between the two calls: try again.
    for (int attempt = 0; attempt < 8; ++attempt) {
        int number = ::ioctl(control.get(), LOOP_CTL_GET_FREE);
        if (number < 0) throw HotplugError("no free loop device: " + error_text(errno));
        const std::string path = "/dev/loop" + std::to_string(number);
        reserve(path);
        Fd loop(::open(path.c_str(), (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC));
        if (loop.get() < 0) throw HotplugError("cannot open " + path + ": " + error_text(errno));
        loop_config config {};
        config.fd = uint32_t(backing.get());
        config.info.lo_flags = readonly ? LO_FLAGS_READ_ONLY : 0;
        std::strncpy(reinterpret_cast<char*>(config.info.lo_file_name), file.c_str(), LO_NAME_SIZE - 1);
        if (::ioctl(loop.get(), LOOP_CONFIGURE, &config) == 0) {
            struct stat dev {};
            if (::fstat(loop.get(), &dev) != 0) throw HotplugError("cannot stat " + path + ": " + error_text(errno));
            return {path, dev.st_rdev};
        }
        if (errno != EBUSY) throw HotplugError("cannot bind " + file + " to " + path + ": " + error_text(errno));
    }
    throw HotplugError("cannot bind " + file + " to a loop device: each one was taken first");
}

void detach_loop(const std::string& path)
{
    Fd loop(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (loop.get() < 0) {
        if (errno == ENOENT || errno == ENXIO) return;
        throw HotplugError("cannot open " + path + ": " + error_text(errno));
    }
    if (::ioctl(loop.get(), LOOP_CLR_FD) != 0 && errno != ENXIO)
        throw HotplugError("cannot unbind " + path + ": " + error_text(errno));
}

std::string loop_backing_file(const std::string& path)
{
    const std::string name = path.substr(path.rfind('/') + 1);
    std::ifstream in("/sys/block/" + name + "/loop/backing_file");
    std::string file;
    std::getline(in, file);
    return file;
}

} // namespace toolstack
