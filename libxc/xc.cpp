#include "xc.hpp"

#include <algorithm>
#include <cstring>

#include "error.hpp"
#include "include/public/event_channel.hpp"
#include "include/public/grant_table.hpp"
#include "include/public/memory.hpp"
#include "include/public/vcpu_sched_hvm.hpp"
#include "include/public/version.hpp"
#include "linux_ioctls.hpp"

namespace xc {
namespace {

constexpr uint32_t op(xen::Hypercall h) { return uint32_t(h); }

// An argument structure copied into a hypercall buffer and back.
template <class T>
class Bounce {
public:
    Bounce(HypercallPort& port, const T& value) : buffer_(port.buffer(sizeof(T)))
    {
        std::memcpy(buffer_->bytes().data(), &value, sizeof(T));
    }
    uint64_t address() { return buffer_->address(); }
    T value()
    {
        T out;
        std::memcpy(&out, buffer_->bytes().data(), sizeof(T));
        return out;
    }

private:
    std::unique_ptr<HypercallBuffer> buffer_;
};

} // namespace

long Xc::call(uint32_t number, std::span<const uint64_t> args, const std::string& name)
{
    long rc = port_.hypercall(number, args);
    if (rc < 0) throw HypercallError(name, int(-rc));
    return rc;
}

xen::xen_domctl Xc::domctl(xen::DomctlCmd cmd, domid_t dom, const xen::xen_domctl& in, const char* name)
{
    xen::xen_domctl d = in;
    d.cmd = uint32_t(cmd);
    d.interface_version = xen::XEN_DOMCTL_INTERFACE_VERSION;
    d.domain = dom;
    Bounce<xen::xen_domctl> arg(port_, d);
    uint64_t args[] = {arg.address()};
    call(op(xen::Hypercall::domctl), args, std::string("domctl ") + name + " (domain " + std::to_string(dom) + ")");
    return arg.value();
}

xen::xen_sysctl Xc::sysctl(xen::SysctlCmd cmd, const xen::xen_sysctl& in, const char* name)
{
    xen::xen_sysctl s = in;
    s.cmd = uint32_t(cmd);
    s.interface_version = xen::XEN_SYSCTL_INTERFACE_VERSION;
    Bounce<xen::xen_sysctl> arg(port_, s);
    uint64_t args[] = {arg.address()};
    call(op(xen::Hypercall::sysctl), args, std::string("sysctl ") + name);
    return arg.value();
}

XenVersionInfo Xc::xen_version()
{
    XenVersionInfo info;
    uint64_t version_args[] = {uint32_t(xen::XenVersionCmd::version), 0};
    long v = call(op(xen::Hypercall::xen_version), version_args, "xen_version version");
    info.major = unsigned(v >> 16);
    info.minor = unsigned(v & 0xffff);
    info.capabilities = version_string(xen::XenVersionCmd::capabilities, xen::XEN_CAPABILITIES_INFO_LEN,
                                       "xen_version capabilities");
    return info;
}

std::string Xc::version_string(xen::XenVersionCmd cmd, size_t size, const char* name)
{
    auto buffer = port_.buffer(size);
    uint64_t args[] = {uint32_t(cmd), buffer->address()};
    call(op(xen::Hypercall::xen_version), args, name);
    auto bytes = buffer->bytes().first(size);
    return std::string(reinterpret_cast<const char*>(bytes.data()), std::find(bytes.begin(), bytes.end(), 0) - bytes.begin());
}

domid_t Xc::create_domain(domid_t wanted, xen::xen_domctl_createdomain& config)
{
    xen::xen_domctl d{};
    d.u.createdomain = config;
    xen::xen_domctl out = domctl(xen::DomctlCmd::createdomain, wanted, d, "createdomain");
    config = out.u.createdomain;
    return out.domain;
}

void Xc::destroy_domain(domid_t dom) { domctl(xen::DomctlCmd::destroydomain, dom, {}, "destroydomain"); }
void Xc::pause_domain(domid_t dom) { domctl(xen::DomctlCmd::pausedomain, dom, {}, "pausedomain"); }
void Xc::unpause_domain(domid_t dom) { domctl(xen::DomctlCmd::unpausedomain, dom, {}, "unpausedomain"); }

xen::xen_domctl_getdomaininfo Xc::domain_info(domid_t dom)
{
    xen::xen_domctl_getdomaininfo info = domctl(xen::DomctlCmd::getdomaininfo, dom, {}, "getdomaininfo").u.getdomaininfo;
    // Xen 4.17 answers with the next existing domain when `dom` is gone.
    if (info.domain != dom) throw HypercallError("domctl getdomaininfo (domain " + std::to_string(dom) + ")", ESRCH);
    return info;
}

void Xc::set_domain_handle(domid_t dom, const uint8_t (&handle)[16])
{
    xen::xen_domctl d{};
    std::memcpy(d.u.setdomainhandle.handle, handle, sizeof(handle));
    domctl(xen::DomctlCmd::setdomainhandle, dom, d, "setdomainhandle");
}

void Xc::set_max_vcpus(domid_t dom, unsigned max)
{
    xen::xen_domctl d{};
    d.u.max_vcpus.max = max;
    domctl(xen::DomctlCmd::max_vcpus, dom, d, "max_vcpus");
}

void Xc::set_max_mem(domid_t dom, uint64_t max_kib)
{
    xen::xen_domctl d{};
    d.u.max_mem.max_memkb = max_kib;
    domctl(xen::DomctlCmd::max_mem, dom, d, "max_mem");
}

void Xc::set_paging_mempool_size(domid_t dom, uint64_t bytes)
{
    xen::xen_domctl d{};
    d.u.paging_mempool.size = bytes;
    domctl(xen::DomctlCmd::set_paging_mempool_size, dom, d, "set_paging_mempool_size");
}

void Xc::set_address_size(domid_t dom, unsigned bits)
{
    xen::xen_domctl d{};
    d.u.address_size.size = bits;
    domctl(xen::DomctlCmd::set_address_size, dom, d, "set_address_size");
}

uint32_t Xc::alloc_unbound_port(domid_t dom, domid_t remote)
{
    Bounce<xen::evtchn_alloc_unbound> arg(port_, {dom, remote, 0});
    uint64_t args[] = {uint32_t(xen::EvtchnOp::alloc_unbound), arg.address()};
    call(op(xen::Hypercall::event_channel_op), args, "event_channel_op alloc_unbound (domain " + std::to_string(dom) + ")");
    return arg.value().port;
}

void Xc::set_hvm_param(domid_t dom, uint32_t index, uint64_t value)
{
    Bounce<xen::xen_hvm_param> arg(port_, {dom, 0, index, value});
    uint64_t args[] = {xen::HVMOP_set_param, arg.address()};
    call(op(xen::Hypercall::hvm_op), args, "hvm_op set_param " + std::to_string(index));
}

uint64_t Xc::get_hvm_param(domid_t dom, uint32_t index)
{
    Bounce<xen::xen_hvm_param> arg(port_, {dom, 0, index, 0});
    uint64_t args[] = {xen::HVMOP_get_param, arg.address()};
    call(op(xen::Hypercall::hvm_op), args, "hvm_op get_param " + std::to_string(index));
    return arg.value().value;
}

uint64_t Xc::populate_physmap(domid_t dom, unsigned order, std::span<const uint64_t> gfns)
{
    auto list = port_.buffer(gfns.size_bytes());
    std::memcpy(list->bytes().data(), gfns.data(), gfns.size_bytes());
    xen::xen_memory_reservation r{};
    r.extent_start.raw = list->address();
    r.nr_extents = gfns.size();
    r.extent_order = order;
    r.domid = dom;
    Bounce<xen::xen_memory_reservation> arg(port_, r);
    uint64_t args[] = {uint32_t(xen::MemoryOp::populate_physmap), arg.address()};
    return uint64_t(call(op(xen::Hypercall::memory_op), args,
                         "memory_op populate_physmap (domain " + std::to_string(dom) + ")"));
}

std::unique_ptr<GuestMapping> Xc::map_guest(domid_t dom, uint64_t first_gfn, uint64_t count)
{
    std::vector<uint64_t> gfns(count);
    for (uint64_t i = 0; i < count; ++i) gfns[i] = first_gfn + i;
    return port_.map_foreign(dom, gfns);
}

void Xc::cacheflush(domid_t dom, uint64_t first_gfn, uint64_t count)
{
    for (uint64_t done = 0; done < count;) {
        uint64_t n = std::min(count - done, xen::kCacheflushMaxPfns);
        xen::xen_domctl d{};
        d.u.cacheflush = {first_gfn + done, n};
        domctl(xen::DomctlCmd::cacheflush, dom, d, "cacheflush");
        done += n;
    }
}

void Xc::set_vcpu_context(domid_t dom, unsigned vcpu, const xen::vcpu_guest_context& context)
{
    Bounce<xen::vcpu_guest_context> ctx(port_, context);
    xen::xen_domctl d{};
    d.u.vcpucontext.vcpu = vcpu;
    d.u.vcpucontext.ctxt.raw = ctx.address();
    domctl(xen::DomctlCmd::setvcpucontext, dom, d, "setvcpucontext");
}

namespace {

// Grant frame 0 borrowed at a guest frame number: when the toolstack is done
// with it, flushed and taken out of the guest's memory map again.
class BorrowedGrantFrame final : public GuestMapping {
public:
    BorrowedGrantFrame(Xc& xc, domid_t dom, uint64_t gfn, std::unique_ptr<GuestMapping> frame)
        : xc_(xc), dom_(dom), gfn_(gfn), frame_(std::move(frame))
    {
    }
    ~BorrowedGrantFrame() override
    {
        frame_.reset();
        try {
            xc_.cacheflush(dom_, gfn_, 1);
            xc_.remove_from_physmap(dom_, gfn_);
        } catch (...) {
            // The guest keeps a grant frame where its grant area starts, which
            // it remaps anyway: nothing lost.
        }
    }
    std::span<uint8_t> bytes() override { return frame_->bytes(); }

private:
    Xc& xc_;
    domid_t dom_;
    uint64_t gfn_;
    std::unique_ptr<GuestMapping> frame_;
};

} // namespace

std::unique_ptr<GuestMapping> Xc::map_grant_table(domid_t dom)
{
    if (auto frame = port_.map_resource(dom, linux_abi::XENMEM_resource_grant_table,
                                        linux_abi::XENMEM_resource_grant_table_id_shared, 0, 1))
        return frame;
    // Kernels without MMAP_RESOURCE: put frame 0 at the start of the grant
    // area for as long as the toolstack writes it.
    const uint64_t gfn = xen::GUEST_GNTTAB_BASE >> 12;
    xen::xen_add_to_physmap add{dom, 0, xen::XENMAPSPACE_grant_table, 0, gfn};
    Bounce<xen::xen_add_to_physmap> arg(port_, add);
    uint64_t args[] = {uint32_t(xen::MemoryOp::add_to_physmap), arg.address()};
    call(op(xen::Hypercall::memory_op), args, "memory_op add_to_physmap grant_table (domain " + std::to_string(dom) + ")");
    return std::make_unique<BorrowedGrantFrame>(*this, dom, gfn, map_guest(dom, gfn, 1));
}

void Xc::remove_from_physmap(domid_t dom, uint64_t gfn)
{
    Bounce<xen::xen_remove_from_physmap> arg(port_, {dom, gfn});
    uint64_t args[] = {uint32_t(xen::MemoryOp::remove_from_physmap), arg.address()};
    call(op(xen::Hypercall::memory_op), args, "memory_op remove_from_physmap (domain " + std::to_string(dom) + ")");
}

uint32_t Xc::init_vuart(domid_t dom, domid_t console_domid, uint64_t ring_gfn)
{
    xen::xen_domctl d{};
    d.u.vuart_op.cmd = xen::XEN_DOMCTL_VUART_OP_INIT;
    d.u.vuart_op.type = xen::XEN_DOMCTL_VUART_TYPE_VPL011;
    d.u.vuart_op.gfn = ring_gfn;
    d.u.vuart_op.console_domid = console_domid;
    return domctl(xen::DomctlCmd::vuart_op, dom, d, "vuart_op").u.vuart_op.evtchn;
}

// A page of entries a call (about 30): a list of a few domains then costs
// one call on a pooled page, where a buffer for `max` would be mapped and
// faulted in each time.
std::vector<xen::xen_domctl_getdomaininfo> Xc::domain_info_list(domid_t first, uint32_t max)
{
    constexpr uint32_t kPerCall = 4096 / sizeof(xen::xen_domctl_getdomaininfo);
    std::vector<xen::xen_domctl_getdomaininfo> out;
    auto list = port_.buffer(sizeof(xen::xen_domctl_getdomaininfo) * kPerCall);
    while (out.size() < max) {
        const uint32_t want = std::min<uint32_t>(kPerCall, max - uint32_t(out.size()));
        xen::xen_sysctl s{};
        s.u.getdomaininfolist.first_domain = first;
        s.u.getdomaininfolist.max_domains = want;
        s.u.getdomaininfolist.buffer.raw = list->address();
        uint32_t n = std::min(want, sysctl(xen::SysctlCmd::getdomaininfolist, s, "getdomaininfolist").u.getdomaininfolist.num_domains);
        const size_t had = out.size();
        out.resize(had + n);
        std::memcpy(out.data() + had, list->bytes().data(), n * sizeof(xen::xen_domctl_getdomaininfo));
        if (n < want) break;
        first = domid_t(out.back().domain + 1);
        if (first >= xen::DOMID_FIRST_RESERVED) break;
    }
    return out;
}

XenBuildInfo Xc::build_info()
{
    XenBuildInfo info;
    info.extra = version_string(xen::XenVersionCmd::extraversion, xen::XEN_EXTRAVERSION_LEN, "xen_version extraversion");
    info.changeset = version_string(xen::XenVersionCmd::changeset, xen::XEN_CHANGESET_INFO_LEN, "xen_version changeset");
    info.commandline = version_string(xen::XenVersionCmd::commandline, xen::XEN_COMMANDLINE_LEN, "xen_version commandline");
    {
        auto buffer = port_.buffer(sizeof(xen::xen_compile_info));
        uint64_t args[] = {uint32_t(xen::XenVersionCmd::compile_info), buffer->address()};
        call(op(xen::Hypercall::xen_version), args, "xen_version compile_info");
        xen::xen_compile_info ci;
        std::memcpy(&ci, buffer->bytes().data(), sizeof(ci));
        auto field = [](const char* f, size_t n) { return std::string(f, strnlen(f, n)); };
        info.compiler = field(ci.compiler, sizeof(ci.compiler));
        info.compile_by = field(ci.compile_by, sizeof(ci.compile_by));
        info.compile_domain = field(ci.compile_domain, sizeof(ci.compile_domain));
        info.compile_date = field(ci.compile_date, sizeof(ci.compile_date));
    }
    {
        auto buffer = port_.buffer(sizeof(uint64_t));
        uint64_t args[] = {uint32_t(xen::XenVersionCmd::platform_parameters), buffer->address()};
        call(op(xen::Hypercall::xen_version), args, "xen_version platform_parameters");
        std::memcpy(&info.virt_start, buffer->bytes().data(), sizeof(uint64_t));
    }
    uint64_t pagesize_args[] = {uint32_t(xen::XenVersionCmd::pagesize), 0};
    info.pagesize = call(op(xen::Hypercall::xen_version), pagesize_args, "xen_version pagesize");
    {
        // struct xen_build_id: the buffer's size in, the id's length out.
        constexpr uint32_t kMax = 64;
        auto buffer = port_.buffer(sizeof(uint32_t) + kMax);
        std::memcpy(buffer->bytes().data(), &kMax, sizeof(kMax));
        uint64_t args[] = {uint32_t(xen::XenVersionCmd::build_id), buffer->address()};
        try {
            long n = call(op(xen::Hypercall::xen_version), args, "xen_version build_id");
            static const char kHex[] = "0123456789abcdef";
            for (long i = 0; i < n && i < long(kMax); ++i) {
                uint8_t b = buffer->bytes()[sizeof(uint32_t) + size_t(i)];
                info.build_id += kHex[b >> 4];
                info.build_id += kHex[b & 15];
            }
        } catch (const HypercallError&) {
            // A hypervisor built without an id: xl prints nothing there.
        }
    }
    info.scheduler = sysctl(xen::SysctlCmd::sched_id, {}, "sched_id").u.sched_id.sched_id;
    return info;
}

xen::xen_domctl_getvcpuinfo Xc::vcpu_info(domid_t dom, uint32_t vcpu)
{
    xen::xen_domctl d{};
    d.u.getvcpuinfo.vcpu = vcpu;
    return domctl(xen::DomctlCmd::getvcpuinfo, dom, d, "getvcpuinfo").u.getvcpuinfo;
}

namespace {

// One xenctl_bitmap of 64 bits in a hypercall buffer.
struct CpuMap {
    std::unique_ptr<HypercallBuffer> buffer;
    explicit CpuMap(HypercallPort& port, uint64_t mask) : buffer(port.buffer(sizeof(uint64_t)))
    {
        std::memcpy(buffer->bytes().data(), &mask, sizeof(mask));
    }
    void describe(xen::xenctl_bitmap& map)
    {
        map.bitmap.raw = buffer->address();
        map.nr_bits = 64;
    }
    uint64_t mask()
    {
        uint64_t m;
        std::memcpy(&m, buffer->bytes().data(), sizeof(m));
        return m;
    }
};

} // namespace

Xc::Affinity Xc::vcpu_affinity(domid_t dom, uint32_t vcpu)
{
    CpuMap hard(port_, 0), soft(port_, 0);
    xen::xen_domctl d{};
    d.u.vcpuaffinity.vcpu = vcpu;
    d.u.vcpuaffinity.flags = xen::XEN_VCPUAFFINITY_HARD | xen::XEN_VCPUAFFINITY_SOFT;
    hard.describe(d.u.vcpuaffinity.cpumap_hard);
    soft.describe(d.u.vcpuaffinity.cpumap_soft);
    domctl(xen::DomctlCmd::getvcpuaffinity, dom, d, "getvcpuaffinity");
    return {hard.mask(), soft.mask()};
}

Xc::Affinity Xc::set_vcpu_affinity(domid_t dom, uint32_t vcpu, uint32_t flags, Affinity masks)
{
    CpuMap hard(port_, masks.hard), soft(port_, masks.soft);
    xen::xen_domctl d{};
    d.u.vcpuaffinity.vcpu = vcpu;
    d.u.vcpuaffinity.flags = flags;
    hard.describe(d.u.vcpuaffinity.cpumap_hard);
    soft.describe(d.u.vcpuaffinity.cpumap_soft);
    domctl(xen::DomctlCmd::setvcpuaffinity, dom, d, "setvcpuaffinity");
    return {hard.mask(), soft.mask()};
}

std::string Xc::read_console(bool clear)
{
    // Incremental reads from the start until nothing more comes, as xl does.
    constexpr uint32_t kChunk = 16384;
    auto buffer = port_.buffer(kChunk);
    std::string text;
    uint32_t index = 0;
    for (int rounds = 0; rounds < 64; ++rounds) {
        xen::xen_sysctl s{};
        s.u.readconsole.clear = clear;
        s.u.readconsole.incremental = 1;
        s.u.readconsole.index = index;
        s.u.readconsole.buffer.raw = buffer->address();
        s.u.readconsole.count = kChunk;
        xen::xen_sysctl out = sysctl(xen::SysctlCmd::readconsole, s, "readconsole");
        uint32_t count = std::min(out.u.readconsole.count, kChunk);
        if (count == 0) break;
        text.append(reinterpret_cast<const char*>(buffer->bytes().data()), count);
        index = out.u.readconsole.index;
    }
    return text;
}

void Xc::send_debug_keys(const std::string& keys)
{
    auto buffer = port_.buffer(keys.size() ? keys.size() : 1);
    std::copy(keys.begin(), keys.end(), buffer->bytes().begin());
    xen::xen_sysctl s{};
    s.u.debug_keys.keys.raw = buffer->address();
    s.u.debug_keys.nr_keys = uint32_t(keys.size());
    sysctl(xen::SysctlCmd::debug_keys, s, "debug_keys");
}

xen::xen_sysctl_physinfo Xc::physinfo() { return sysctl(xen::SysctlCmd::physinfo, {}, "physinfo").u.physinfo; }

} // namespace xc
