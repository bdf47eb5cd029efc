#pragma once
// Xen's errno values (public/errno.h; the same numbers as Linux). Hypercalls
// return them negated.
namespace xen {
enum Errno : int {
    EPERM = 1,
    ENOENT = 2,
    ESRCH = 3,
    EIO = 5,
    E2BIG = 7,
    EAGAIN = 11,
    ENOMEM = 12,
    EACCES = 13,
    EFAULT = 14,
    EBUSY = 16,
    EEXIST = 17,
    ENODEV = 19,
    EINVAL = 22,
    ENOSPC = 28,
    ERANGE = 34,
    ENOSYS = 38,
    ENODATA = 61,
    EOPNOTSUPP = 95,
};
} // namespace xen
