#pragma once
// Creating a domain from a DomainSpec, libxl's way: the image files read and
// checked first, then libxc's creation sequence, the domain's xenstore nodes,
// a wait for the console daemon to attach (console/tty), and the unpause. On
// any failure the half-built domain and its nodes are removed.
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/domain_spec.hpp"
#include "domain/xenstore_layout.hpp"
#include "xc.hpp"
#include "xenstore/client.hpp"

namespace toolstack {

class CreateError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Called as each step completes ("domain-created", "nodes-written",
// "console-attached"; "paused", "nodes-removed" for a destroy), so that a
// caller can record progress, and a test can stop the process there.
using StepHook = std::function<void(const char* step)>;

struct BuildOptions {
    bool paused = false;
    int console_wait_ms = 10000; // libxl waits 10 s for the console daemon
    StepHook on_step;
};

// Throws CreateError (or libxc's errors) with the reason; nothing is left.
BuiltDomain create_domain(xc::Xc& xc, xs::Client& xs, const DomainSpec& spec, const BuildOptions& options);

// libxl's teardown: pause, the xenstore nodes, destroydomain.
void destroy_domain(xc::Xc& xc, xs::Client& xs, uint32_t domid, const StepHook& on_step = {});

// The domain whose handle is `uuid`, if one exists.
std::optional<xen::xen_domctl_getdomaininfo> find_by_uuid(xc::Xc& xc, const std::string& uuid);
std::string uuid_text(const uint8_t (&handle)[16]);

std::vector<uint8_t> read_image(const std::string& path, const char* what);

} // namespace toolstack
