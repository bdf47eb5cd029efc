// The xenstore wire protocol as Xen 4.17 speaks it: message types, the
// 16-byte header, size limits and the error names libxenstore knows.
#pragma once
#include <cstdint>
#include <string_view>

namespace xenstored {

enum class MsgType : std::uint32_t {
    Control = 0,  // alias DEBUG
    Directory = 1,
    Read = 2,
    GetPerms = 3,
    Watch = 4,
    Unwatch = 5,
    TransactionStart = 6,
    TransactionEnd = 7,
    Introduce = 8,
    Release = 9,
    GetDomainPath = 10,
    Write = 11,
    Mkdir = 12,
    Rm = 13,
    SetPerms = 14,
    WatchEvent = 15,
    Error = 16,
    IsDomainIntroduced = 17,
    Resume = 18,
    SetTarget = 19,
    Restrict = 20,  // removed from the protocol: answered ENOSYS
    ResetWatches = 21,
    DirectoryPart = 22,
    TypeCount = 23,  // first type 4.17 does not know
};

// struct xsd_sockmsg: native endian, followed by `len` payload bytes.
struct MsgHeader {
    std::uint32_t type;
    std::uint32_t req_id;
    std::uint32_t tx_id;
    std::uint32_t len;
};
static_assert(sizeof(MsgHeader) == 16);

inline constexpr std::size_t kPayloadMax = 4096;      // XENSTORE_PAYLOAD_MAX
inline constexpr std::size_t kAbsPathMax = 3072;      // XENSTORE_ABS_PATH_MAX
inline constexpr std::size_t kRelPathMax = 2048;      // XENSTORE_REL_PATH_MAX
inline constexpr std::uint32_t kDomidSelf = 0x7FF0;   // DOMID_SELF
inline constexpr std::uint32_t kDomidFirstReserved = 0x7FF0;

// Errors as xenstored reports them: the reply payload is the name.
enum class Error {
    Ok = 0,
    Inval,
    Acces,
    Exist,
    IsDir,
    NoEnt,
    NoMem,
    NoSpc,
    Io,
    NotEmpty,
    NoSys,
    RoFs,
    Busy,
    Again,
    IsConn,
    TooBig,
    Perm,
};

constexpr std::string_view error_name(Error e) {
    switch (e) {
    case Error::Ok: return "OK";
    case Error::Inval: return "EINVAL";
    case Error::Acces: return "EACCES";
    case Error::Exist: return "EEXIST";
    case Error::IsDir: return "EISDIR";
    case Error::NoEnt: return "ENOENT";
    case Error::NoMem: return "ENOMEM";
    case Error::NoSpc: return "ENOSPC";
    case Error::Io: return "EIO";
    case Error::NotEmpty: return "ENOTEMPTY";
    case Error::NoSys: return "ENOSYS";
    case Error::RoFs: return "EROFS";
    case Error::Busy: return "EBUSY";
    case Error::Again: return "EAGAIN";
    case Error::IsConn: return "EISCONN";
    case Error::TooBig: return "E2BIG";
    case Error::Perm: return "EPERM";
    }
    return "EINVAL";
}

}  // namespace xenstored
