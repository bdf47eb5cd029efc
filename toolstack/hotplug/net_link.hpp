#pragma once
// Network interfaces and bridges in dom0, through the socket ioctls that
// ip(8) and brctl(8) use: what Xen's vif-bridge script does to a vif.
// Each throws HotplugError naming the interface.
#include <string>

namespace toolstack {

bool interface_exists(const std::string& name);
void rename_interface(const std::string& from, const std::string& to); // it must be down
unsigned interface_mtu(const std::string& name);
void set_interface_mtu(const std::string& name, unsigned mtu);
void set_interface_up(const std::string& name);
bool is_bridge(const std::string& name);
void add_to_bridge(const std::string& bridge, const std::string& name);
void remove_from_bridge(const std::string& bridge, const std::string& name);

} // namespace toolstack
