#pragma once
// The toolstack daemon's API: JSON over a unix socket, one request per line
// and one reply per line (README.md, "The toolstack API"). Shared by the
// daemon and its clients (xl).
namespace toolstack::api {

inline constexpr int kVersion = 1;
inline constexpr const char* kDefaultSocket = "/run/xen/xld.sock";
// Overrides the socket path for the daemon and its clients (tests).
inline constexpr const char* kSocketEnv = "XLD_SOCKET";

} // namespace toolstack::api
