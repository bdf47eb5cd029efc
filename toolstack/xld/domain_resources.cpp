// The domain manager's queries and settings of resources: the host's
// figures (xl info), the hypervisor's console (xl dmesg), vCPUs (vcpu-list,
// vcpu-pin, vcpu-set) and memory (mem-set, mem-max).
#include <cerrno>

#include "domain/xenstore_layout.hpp"
#include "error.hpp"
#include "xld/domain_manager.hpp"

namespace xld {
namespace {

constexpr uint64_t kMaxmemConstantKib = 1024; // LIBXL_MAXMEM_CONSTANT

uint64_t read_kib(xs::Client& xs, const std::string& path)
{
    std::optional<std::string> v = xs.read(0, path);
    if (!v || v->empty()) throw ApiError("cannot read " + path, kErrorFail);
    return std::strtoull(v->c_str(), nullptr, 10);
}

} // namespace

json::Value DomainManager::host_info()
{
    xen::xen_sysctl_physinfo p = xc_.physinfo();
    xc::XenVersionInfo version = xc_.xen_version();
    xc::XenBuildInfo build = xc_.build_info();
    json::Value out = json::Value::object();
    auto integer = [&](const char* key, int64_t v) { out.set(key, json::Value::integer(v)); };
    auto text = [&](const char* key, const std::string& v) { out.set(key, json::Value::string(v)); };
    integer("nr_cpus", p.nr_cpus);
    integer("max_cpu_id", p.max_cpu_id);
    integer("nr_nodes", p.nr_nodes);
    integer("cores_per_socket", p.cores_per_socket);
    integer("threads_per_core", p.threads_per_core);
    integer("cpu_khz", p.cpu_khz);
    integer("capabilities", p.capabilities);
    json::Value hw = json::Value::array();
    for (uint32_t word : p.hw_cap) hw.push(json::Value::integer(word));
    out.set("hw_cap", std::move(hw));
    integer("total_pages", int64_t(p.total_pages));
    integer("free_pages", int64_t(p.free_pages));
    integer("outstanding_pages", int64_t(p.outstanding_pages));
    integer("xen_major", version.major);
    integer("xen_minor", version.minor);
    text("xen_extra", build.extra);
    text("xen_caps", version.capabilities);
    integer("scheduler", build.scheduler);
    integer("pagesize", build.pagesize);
    integer("virt_start", int64_t(build.virt_start));
    text("changeset", build.changeset);
    text("commandline", build.commandline);
    text("cc_compiler", build.compiler);
    text("cc_compile_by", build.compile_by);
    text("cc_compile_domain", build.compile_domain);
    text("cc_compile_date", build.compile_date);
    text("build_id", build.build_id);
    return out;
}

std::string DomainManager::dmesg(bool clear)
{
    try {
        return xc_.read_console(clear);
    } catch (const xc::HypercallError& e) {
        throw ApiError(e.what(), kErrorFail);
    }
}

void DomainManager::debug_keys(const std::string& keys)
{
    try {
        xc_.send_debug_keys(keys);
    } catch (const xc::HypercallError& e) {
        throw ApiError(e.what(), kErrorFail);
    }
}

json::Value DomainManager::vcpu_list(std::optional<uint32_t> only)
{
    json::Value out = json::Value::array();
    for (const auto& info : xc_.domain_info_list(0, 1024)) {
        if (only && info.domain != *only) continue;
        for (uint32_t v = 0; v <= info.max_vcpu_id; ++v) {
            xen::xen_domctl_getvcpuinfo vcpu = xc_.vcpu_info(info.domain, v);
            xc::Xc::Affinity affinity = xc_.vcpu_affinity(info.domain, v);
            json::Value e = json::Value::object();
            e.set("domid", json::Value::integer(info.domain));
            e.set("name", json::Value::string(name(info.domain)));
            e.set("vcpu", json::Value::integer(v));
            e.set("online", json::Value::boolean(vcpu.online));
            e.set("blocked", json::Value::boolean(vcpu.blocked));
            e.set("running", json::Value::boolean(vcpu.running));
            e.set("cpu", json::Value::integer(vcpu.cpu));
            e.set("cpu_time_ns", json::Value::integer(int64_t(vcpu.cpu_time)));
            e.set("hard", json::Value::integer(int64_t(affinity.hard)));
            e.set("soft", json::Value::integer(int64_t(affinity.soft)));
            out.push(std::move(e));
        }
    }
    return out;
}

void DomainManager::vcpu_pin(uint32_t domid, std::optional<uint32_t> vcpu, std::optional<uint64_t> hard,
                             std::optional<uint64_t> soft)
{
    xen::xen_domctl_getdomaininfo info = xc_.domain_info(domid);
    uint32_t flags = (hard ? xen::XEN_VCPUAFFINITY_HARD : 0) | (soft ? xen::XEN_VCPUAFFINITY_SOFT : 0);
    if (!flags) return;
    if (vcpu && *vcpu > info.max_vcpu_id) throw ApiError("Error: Invalid argument " + std::to_string(*vcpu) + " as VCPU.", kErrorInval);
    for (uint32_t v = vcpu.value_or(0); v <= (vcpu ? *vcpu : info.max_vcpu_id); ++v) {
        try {
            xc_.set_vcpu_affinity(domid, v, flags, {hard.value_or(0), soft.value_or(0)});
        } catch (const xc::HypercallError& e) {
            throw ApiError(e.what(), kErrorFail);
        }
    }
}

void DomainManager::vcpu_set(uint32_t domid, uint32_t count)
{
    xen::xen_domctl_getdomaininfo info = xc_.domain_info(domid);
    const uint32_t max = info.max_vcpu_id + 1;
    if (count == 0 || count > max)
        throw ApiError("Requested " + std::to_string(count) + " VCPUs, domain " + std::to_string(domid) + " has " +
                           std::to_string(max) + " at most",
                       kErrorInval);
    const std::string cpu = toolstack::domain_path(domid) + "/cpu/";
    xs::in_transaction(xs_, [&](xs::Tx tx) {
        for (uint32_t i = 0; i < max; ++i) xs_.write(tx, cpu + std::to_string(i) + "/availability", i < count ? "online" : "offline");
    });
}

void DomainManager::set_memory(uint32_t domid, uint64_t target_kib)
{
    const std::string memory = toolstack::domain_path(domid) + "/memory/";
    uint64_t static_max = read_kib(xs_, memory + "static-max");
    if (target_kib > static_max)
        throw ApiError("memory_dynamic_max must be less than or equal to memory_static_max", kErrorInval);
    try {
        xc_.set_max_mem(domid, target_kib + kMaxmemConstantKib);
    } catch (const xc::HypercallError& e) {
        throw ApiError(e.what(), kErrorFail);
    }
    xs::in_transaction(xs_, [&](xs::Tx tx) {
        xs_.write(tx, memory + "target", std::to_string(target_kib));
        if (auto vm = xs_.read(tx, toolstack::domain_path(domid) + "/vm")) xs_.write(tx, *vm + "/memory", std::to_string(target_kib / 1024));
    });
    if (auto record = record_for(domid)) {
        json::Value config = json::parse(record->config);
        if (json::Value* b_info = config.get("b_info")) b_info->set("target_memkb", json::Value::integer(int64_t(target_kib)));
        state_.set_config(record->uuid, json::write(config, true));
        state_.log_event(record->uuid, domid, "memory target " + std::to_string(target_kib) + " KiB");
    }
}

void DomainManager::set_max_memory(uint32_t domid, uint64_t max_kib)
{
    const std::string memory = toolstack::domain_path(domid) + "/memory/";
    uint64_t target = read_kib(xs_, memory + "target");
    if (max_kib < target)
        throw ApiError("memory_static_max must be greater than or equal to memory_dynamic_max", kErrorInval);
    try {
        xc_.set_max_mem(domid, max_kib + kMaxmemConstantKib);
    } catch (const xc::HypercallError& e) {
        throw ApiError(e.what(), kErrorFail);
    }
    xs_.write(0, memory + "static-max", std::to_string(max_kib));
    if (auto record = record_for(domid)) state_.log_event(record->uuid, domid, "memory max " + std::to_string(max_kib) + " KiB");
}

} // namespace xld
