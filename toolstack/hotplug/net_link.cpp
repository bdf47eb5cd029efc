#include "hotplug/net_link.hpp"

#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "hotplug/hotplug_error.hpp"

namespace toolstack {
namespace {

// One ioctl on a throw-away socket, as the tools do.
int interface_ioctl(unsigned long request, ifreq& ifr)
{
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int rc = ::ioctl(fd, request, &ifr);
    int saved = errno;
    ::close(fd);
    errno = saved;
    return rc;
}

ifreq request_for(const std::string& name)
{
    if (name.empty() || name.size() >= IFNAMSIZ) throw HotplugError("invalid interface name \"" + name + "\"");
    ifreq ifr {};
    std::memcpy(ifr.ifr_name, name.c_str(), name.size());
    return ifr;
}

[[noreturn]] void fail(const std::string& what, const std::string& name)
{
    throw HotplugError(what + " " + name + ": " + std::strerror(errno));
}

} // namespace

bool interface_exists(const std::string& name) { return !name.empty() && ::if_nametoindex(name.c_str()) != 0; }

void rename_interface(const std::string& from, const std::string& to)
{
    ifreq ifr = request_for(from);
    if (to.empty() || to.size() >= IFNAMSIZ) throw HotplugError("invalid interface name \"" + to + "\"");
    std::memcpy(ifr.ifr_newname, to.c_str(), to.size());
    if (interface_ioctl(SIOCSIFNAME, ifr) != 0) fail("cannot rename " + from + " to", to);
}

unsigned interface_mtu(const std::string& name)
{
    ifreq ifr = request_for(name);
    if (interface_ioctl(SIOCGIFMTU, ifr) != 0) fail("cannot read the MTU of", name);
    return unsigned(ifr.ifr_mtu);
}

void set_interface_mtu(const std::string& name, unsigned mtu)
{
    ifreq ifr = request_for(name);
    ifr.ifr_mtu = int(mtu);
    if (interface_ioctl(SIOCSIFMTU, ifr) != 0) fail("cannot set the MTU of", name);
}

void set_interface_up(const std::string& name)
{
    ifreq ifr = request_for(name);
    if (interface_ioctl(SIOCGIFFLAGS, ifr) != 0) fail("cannot read the flags of", name);
    ifr.ifr_flags = short(ifr.ifr_flags | IFF_UP);
    if (interface_ioctl(SIOCSIFFLAGS, ifr) != 0) fail("cannot bring up", name);
}

bool is_bridge(const std::string& name)
{
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") return false;
    struct stat st {};
    return ::stat(("/sys/class/net/" + name + "/bridge").c_str(), &st) == 0;
}

void add_to_bridge(const std::string& bridge, const std::string& name)
{
    if (!is_bridge(bridge)) throw HotplugError("bridge " + bridge + " does not exist (create it, e.g. with brctl addbr)");
    ifreq ifr = request_for(bridge);
    ifr.ifr_ifindex = int(::if_nametoindex(name.c_str()));
    if (ifr.ifr_ifindex == 0) fail("no interface", name);
    if (interface_ioctl(SIOCBRADDIF, ifr) != 0) fail("cannot add to bridge " + bridge + " the interface", name);
}

void remove_from_bridge(const std::string& bridge, const std::string& name)
{
    ifreq ifr = request_for(bridge);
    ifr.ifr_ifindex = int(::if_nametoindex(name.c_str()));
    if (ifr.ifr_ifindex == 0) return; // gone already
    if (interface_ioctl(SIOCBRDELIF, ifr) != 0 && errno != EINVAL && errno != ENODEV)
        fail("cannot remove from bridge " + bridge + " the interface", name);
}

} // namespace toolstack
