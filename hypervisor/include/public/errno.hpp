#pragma once
// Xen's errno values (public/errno.h; the same numbers as Linux). Hypercalls
// return them negated.
namespace xen {
enum Errno : int {
    XEN_EPERM = 1,
    XEN_ENOENT = 2,
    XEN_ESRCH = 3,
    XEN_EIO = 5,
    XEN_E2BIG = 7,
    XEN_EAGAIN = 11,
    XEN_ENOMEM = 12,
    XEN_EACCES = 13,
    XEN_EFAULT = 14,
    XEN_EBUSY = 16,
    XEN_EEXIST = 17,
    XEN_ENODEV = 19,
    XEN_EINVAL = 22,
    XEN_ENOSPC = 28,
    XEN_ERANGE = 34,
    XEN_ENOSYS = 38,
    XEN_ENODATA = 61,
    XEN_EOVERFLOW = 75,
    XEN_EUSERS = 87,
    XEN_EOPNOTSUPP = 95,
};
} // namespace xen
