#include "domain/domain_builder.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "domain/domain_devices.hpp"
#include "domain_create.hpp"
#include "error.hpp"
#include "xenstore/wait.hpp"

namespace toolstack {
namespace {

std::vector<uint8_t> random_bytes(size_t count)
{
    std::vector<uint8_t> bytes(count);
    int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    bool ok = fd >= 0 && ::read(fd, bytes.data(), count) == ssize_t(count);
    if (fd >= 0) ::close(fd);
    if (!ok) throw CreateError(std::string("cannot read /dev/urandom: ") + std::strerror(errno));
    return bytes;
}

double now_seconds()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Waits until the console daemon has written console/tty.
void wait_for_console(xs::Client& xs, uint32_t domid, int timeout_ms)
{
    const std::string path = domain_path(domid) + "/console/tty";
    auto attached = [&] {
        std::optional<std::string> tty = xs.read(0, path);
        return tty && !tty->empty();
    };
    if (!xs::wait_until(xs, {path}, "console-tty-" + std::to_string(domid), timeout_ms, attached))
        throw CreateError("domain " + std::to_string(domid) + " console tty: timed out (is the console daemon running?)");
}

} // namespace

std::vector<uint8_t> read_image(const std::string& path, const char* what)
{
    // A regular file of a sane size: a device or a FIFO must not hang or
    // exhaust the daemon.
    constexpr off_t kMaxImage = 256 << 20;
    auto failure = [&](const std::string& why) { return CreateError(std::string("cannot read ") + what + " " + path + ": " + why); };
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) throw failure(std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > kMaxImage) {
        bool regular = S_ISREG(st.st_mode);
        ::close(fd);
        throw failure(regular ? "larger than 256 MiB" : "not a regular file");
    }
    std::vector<uint8_t> bytes(size_t(st.st_size));
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int e = n < 0 ? errno : EIO;
            ::close(fd);
            throw failure(std::strerror(e));
        }
        done += size_t(n);
    }
    ::close(fd);
    return bytes;
}

std::string uuid_text(const uint8_t (&handle)[16])
{
    char text[37];
    std::snprintf(text, sizeof(text), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", handle[0],
                  handle[1], handle[2], handle[3], handle[4], handle[5], handle[6], handle[7], handle[8], handle[9],
                  handle[10], handle[11], handle[12], handle[13], handle[14], handle[15]);
    return text;
}

std::optional<xen::xen_domctl_getdomaininfo> find_by_uuid(xc::Xc& xc, const std::string& uuid)
{
    // A dying domain (a restarted one's predecessor, held by a mapping) is
    // on its way out: the live one with the UUID is the one that counts.
    for (const auto& info : xc.domain_info_list(1, 1024))
        if (uuid_text(info.handle) == uuid && !(info.flags & xen::DOMINF_dying)) return info;
    return std::nullopt;
}

BuiltDomain create_domain(xc::Xc& xc, xs::Client& xs, const DomainSpec& spec, const BuildOptions& options)
{
    std::vector<uint8_t> kernel = read_image(spec.kernel, "kernel");
    std::vector<uint8_t> ramdisk = spec.ramdisk.empty() ? std::vector<uint8_t>() : read_image(spec.ramdisk, "ramdisk");

    xc::CreateRequest request;
    request.config = xc::arm_guest_config(spec.max_vcpus);
    parse_uuid(spec.uuid, request.config.handle);
    request.config.max_evtchn_port = spec.max_event_channels;
    request.config.max_grant_frames = spec.max_grant_frames;
    request.config.max_maptrack_frames = spec.max_maptrack_frames;
    request.max_memory_kib = spec.max_memkb;
    request.paging_pool_kib = spec.shadow_memkb;
    request.start_paused = options.paused;
    request.build.kernel = kernel;
    request.build.ramdisk = ramdisk;
    request.build.cmdline = spec.cmdline;
    request.build.vuart = spec.vuart;
    request.build.rng_seed = random_bytes(128);

    BuiltDomain built;
    bool nodes_written = false;
    auto step = [&](const char* name) {
        if (options.on_step) options.on_step(name);
    };
    try {
        xc::CreatedDomain created = xc::create_domain(xc, request, [&](const xc::CreatedDomain& c) {
            built = {c.domid, c.console_port, c.xenstore_port, c.build.console_gfn, c.build.xenstore_gfn, now_seconds()};
            step("domain-created");
            nodes_written = true;
            write_domain_nodes(xs, spec, built);
            introduce_domain(xs, built);
            step("nodes-written");
            plug_devices(xs, spec, c.domid);
            step("devices-plugged");
            wait_for_console(xs, c.domid, options.console_wait_ms);
            step("console-attached");
        });
        built.domid = created.domid;
    } catch (...) {
        // libxc destroyed the domain; its nodes go too.
        if (nodes_written) {
            try {
                release_devices(xs, built.domid);
                remove_domain_nodes(xs, built.domid);
            } catch (...) {
            }
        }
        throw;
    }
    return built;
}

void destroy_domain(xc::Xc& xc, xs::Client& xs, uint32_t domid, const StepHook& on_step)
{
    auto step = [&](const char* name) {
        if (on_step) on_step(name);
    };
    try {
        xc.pause_domain(domid);
    } catch (const xc::HypercallError& e) {
        if (e.error_number() != ESRCH) throw;
    }
    step("paused");
    release_devices(xs, domid);
    step("devices-released");
    remove_domain_nodes(xs, domid);
    step("nodes-removed");
    try {
        xc.destroy_domain(domid);
    } catch (const xc::HypercallError& e) {
        if (e.error_number() != ESRCH) throw;
    }
}

} // namespace toolstack
