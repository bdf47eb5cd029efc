/*
 * Lets Debian's real xl run its dry run (`xl create -n`) on a host without
 * Xen, as the oracle our xl is compared with: loaded with LD_PRELOAD, it
 * turns /dev/xen/privcmd into /dev/null (the other Xen devices are absent)
 * and answers the hypercalls xl makes before printing its JSON as Xen 4.17
 * does on the 2-CPU QEMU machine of the reference captures: xen_version and
 * sysctl physinfo. Any other hypercall fails with ENOSYS.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#define PRIVCMD_HYPERCALL 0x00305000ul /* _IOC(_IOC_NONE, 'P', 0, 48) */
#define HYPERVISOR_xen_version 17
#define HYPERVISOR_sysctl 35
#define SYSCTL_physinfo 3

struct privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};

/* xencall, foreignmemory and devicemodel each open privcmd. */
static unsigned char is_privcmd[4096];

static int redirect(const char* path, int (*real)(const char*, int, ...), int flags)
{
    if (strcmp(path, "/dev/xen/privcmd") == 0) {
        int fd = real("/dev/null", flags);
        if (fd >= 0 && fd < (int)sizeof is_privcmd) is_privcmd[fd] = 1;
        return fd;
    }
    errno = ENOENT;
    return -1;
}

#define OPEN_WRAPPER(name)                                                  \
    int name(const char* path, int flags, ...)                              \
    {                                                                       \
        static int (*real)(const char*, int, ...);                          \
        if (!real) real = (int (*)(const char*, int, ...))dlsym(RTLD_NEXT, #name); \
        mode_t mode = 0;                                                    \
        if (flags & (O_CREAT | O_TMPFILE)) {                                \
            va_list ap;                                                     \
            va_start(ap, flags);                                            \
            mode = va_arg(ap, mode_t);                                      \
            va_end(ap);                                                     \
        }                                                                   \
        if (strncmp(path, "/dev/xen/", 9) == 0) return redirect(path, real, flags); \
        return real(path, flags, mode);                                     \
    }
OPEN_WRAPPER(open)
OPEN_WRAPPER(open64)

static void put_string(uint64_t address, const char* s, size_t size)
{
    strncpy((char*)(uintptr_t)address, s, size);
}

static long xen_version(uint64_t cmd, uint64_t arg)
{
    switch (cmd) {
    case 0: return (4 << 16) | 17;                                    /* version */
    case 1: put_string(arg, ".5", 16); return 0;                      /* extraversion */
    case 3: put_string(arg, "xen-3.0-armv7l ", 1024); return 0;       /* capabilities */
    case 4: put_string(arg, "", 64); return 0;                        /* changeset */
    case 2: memset((void*)(uintptr_t)arg, 0, 176); return 0;          /* compile_info */
    case 5: memset((void*)(uintptr_t)arg, 0, 8); return 0;            /* platform_parameters */
    case 7: return 4096;                                              /* pagesize */
    case 9: put_string(arg, "console=dtuart dom0_mem=512M", 1024); return 0; /* commandline */
    default: return -ENOSYS; /* build_id and the rest: not asked for by a dry run */
    }
}

static long sysctl(uint64_t arg)
{
    uint32_t* s = (uint32_t*)(uintptr_t)arg; /* cmd, interface_version, payload at 8 */
    if (s[1] != 0x15) return -EACCES;
    if (s[0] != SYSCTL_physinfo) return -ENOSYS;
    uint32_t* p = s + 2;
    memset(p, 0, 112);
    p[0] = 1;                                   /* threads_per_core */
    p[1] = 1;                                   /* cores_per_socket */
    p[2] = 2;                                   /* nr_cpus */
    p[3] = 1;                                   /* max_cpu_id */
    p[4] = 1;                                   /* nr_nodes */
    p[6] = 62500;                               /* cpu_khz */
    p[7] = (1u << 0) | (1u << 3) | (1u << 7) | (1u << 8); /* hvm hap vpmu gnttab_v1 */
    uint64_t* pages = (uint64_t*)(p + 10);
    pages[0] = 2048ull << 8;                    /* total_pages */
    pages[1] = 1453ull << 8;                    /* free_pages */
    pages[4] = 0xc0000;                         /* max_mfn */
    return 0;
}

int ioctl(int fd, unsigned long request, ...)
{
    static int (*real)(int, unsigned long, void*);
    if (!real) real = (int (*)(int, unsigned long, void*))dlsym(RTLD_NEXT, "ioctl");
    va_list ap;
    va_start(ap, request);
    void* arg = va_arg(ap, void*);
    va_end(ap);
    if (fd < 0 || fd >= (int)sizeof is_privcmd || !is_privcmd[fd] || request != PRIVCMD_HYPERCALL) return real(fd, request, arg);
    struct privcmd_hypercall* call = arg;
    long rc = -ENOSYS;
    if (call->op == HYPERVISOR_xen_version) rc = xen_version(call->arg[0], call->arg[1]);
    else if (call->op == HYPERVISOR_sysctl) rc = sysctl(call->arg[0]);
    if (rc < 0) {
        errno = (int)-rc;
        return -1;
    }
    return (int)rc;
}
