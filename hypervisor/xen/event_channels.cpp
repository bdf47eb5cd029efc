#include "xen/event_channels.hpp"

#include "core/domain.hpp"
#include "core/domain_list.hpp"
#include "core/scheduler.hpp"
#include "core/vcpu.hpp"
#include "include/public/errno.hpp"
#include "include/public/shared_info.hpp"
#include "mm/heap.hpp"

namespace hv {
namespace {

bool virq_is_global(uint32_t virq) { return virq != xen::VIRQ_TIMER && virq != xen::VIRQ_DEBUG; }

// 2-level bitmaps as 32-bit words (the guest may use either width; the
// bit numbering is the same in little-endian).
uint32_t* words(uint64_t* bitmap) { return reinterpret_cast<uint32_t*>(bitmap); }

bool test_and_set(uint32_t* word_array, unsigned bit)
{
    uint32_t m = 1u << (bit % 32);
    return __atomic_fetch_or(&word_array[bit / 32], m, __ATOMIC_SEQ_CST) & m;
}

bool test_and_clear(uint32_t* word_array, unsigned bit)
{
    uint32_t m = 1u << (bit % 32);
    return __atomic_fetch_and(&word_array[bit / 32], ~m, __ATOMIC_SEQ_CST) & m;
}

bool test(const uint32_t* word_array, unsigned bit)
{
    return __atomic_load_n(&word_array[bit / 32], __ATOMIC_SEQ_CST) & (1u << (bit % 32));
}

} // namespace

Spinlock& event_channel_lock()
{
    static Spinlock lock;
    return lock;
}

EventChannels::~EventChannels()
{
    for (Channel*& b : buckets_) {
        hypervisor_heap().free(b);
        b = nullptr;
    }
}

EventChannels::Channel* EventChannels::lookup(xen::evtchn_port_t port)
{
    if (port >= kMaxPorts || !buckets_[port / kBucketPorts]) return nullptr;
    Channel* c = &buckets_[port / kBucketPorts][port % kBucketPorts];
    return c->state == State::Free || c->state == State::Reserved ? nullptr : c;
}

const EventChannels::Channel* EventChannels::channel(xen::evtchn_port_t port) const
{
    return const_cast<EventChannels*>(this)->lookup(port);
}

long EventChannels::allocate(xen::evtchn_port_t& port)
{
    // A dying domain's ports were all closed (under this lock): none opens again.
    if (domain_.is_dying()) return -xen::XEN_EINVAL;
    for (unsigned b = 0; b < kMaxPorts / kBucketPorts; ++b) {
        if (!buckets_[b]) {
            void* mem = hypervisor_heap().alloc(sizeof(Channel) * kBucketPorts);
            if (!mem) return -xen::XEN_ENOMEM;
            buckets_[b] = static_cast<Channel*>(mem);
            for (unsigned i = 0; i < kBucketPorts; ++i) new (&buckets_[b][i]) Channel{};
            if (b == 0) buckets_[0][0].state = State::Reserved; // port 0 means "none"
        }
        for (unsigned i = 0; i < kBucketPorts; ++i)
            if (buckets_[b][i].state == State::Free) {
                port = b * kBucketPorts + i;
                buckets_[b][i] = Channel{};
                return 0;
            }
    }
    return -xen::XEN_ENOSPC;
}

void EventChannels::free(xen::evtchn_port_t port)
{
    buckets_[port / kBucketPorts][port % kBucketPorts] = Channel{};
}

long EventChannels::alloc_unbound(xen::domid_t remote, xen::evtchn_port_t& port)
{
    LockGuard guard(event_channel_lock());
    if (remote == xen::DOMID_SELF) remote = domain_.id();
    long rc = allocate(port);
    if (rc) return rc;
    Channel& c = buckets_[port / kBucketPorts][port % kBucketPorts];
    c.state = State::Unbound;
    c.remote_domid = remote;
    return 0;
}

long EventChannels::bind_interdomain(xen::domid_t remote, xen::evtchn_port_t remote_port, xen::evtchn_port_t& port)
{
    LockGuard guard(event_channel_lock());
    if (remote == xen::DOMID_SELF) remote = domain_.id();
    Domain* peer = domains::find_under_event_channel_lock(remote);
    if (!peer) return -xen::XEN_ESRCH;
    if (peer->is_dying()) return -xen::XEN_EINVAL;
    Channel* rc = peer->event_channels().lookup(remote_port);
    // The remote end must be waiting for exactly us.
    if (!rc || rc->state != State::Unbound || rc->remote_domid != domain_.id()) return -xen::XEN_EINVAL;
    long err = allocate(port);
    if (err) return err;
    // Loopback (remote == self): allocate may have picked... never the same port, it was not Free.
    Channel& c = buckets_[port / kBucketPorts][port % kBucketPorts];
    c.state = State::Interdomain;
    c.remote_domid = remote;
    c.remote_port = remote_port;
    Channel* r = peer->event_channels().lookup(remote_port);
    r->state = State::Interdomain;
    r->remote_domid = domain_.id();
    r->remote_port = port;
    // Either end may have sent before the bind: make the new end notice.
    set_pending(port);
    return 0;
}

long EventChannels::bind_virq(uint32_t virq, uint32_t vcpu, xen::evtchn_port_t& port)
{
    LockGuard guard(event_channel_lock());
    if (virq >= xen::NR_VIRQS) return -xen::XEN_EINVAL;
    if (virq_is_global(virq) && vcpu != 0) return -xen::XEN_EINVAL;
    if (vcpu >= domain_.vcpu_count() || vcpu >= 8) return -xen::XEN_ENOENT;
    if (virq_port_[vcpu][virq]) return -xen::XEN_EEXIST;
    long rc = allocate(port);
    if (rc) return rc;
    Channel& c = buckets_[port / kBucketPorts][port % kBucketPorts];
    c.state = State::Virq;
    c.virq = virq;
    c.notify_vcpu = static_cast<uint8_t>(vcpu);
    virq_port_[vcpu][virq] = port;
    return 0;
}

long EventChannels::bind_ipi(uint32_t vcpu, xen::evtchn_port_t& port)
{
    LockGuard guard(event_channel_lock());
    if (vcpu >= domain_.vcpu_count()) return -xen::XEN_ENOENT;
    long rc = allocate(port);
    if (rc) return rc;
    Channel& c = buckets_[port / kBucketPorts][port % kBucketPorts];
    c.state = State::Ipi;
    c.notify_vcpu = static_cast<uint8_t>(vcpu);
    return 0;
}

long EventChannels::close_locked(xen::evtchn_port_t port)
{
    Channel* c = lookup(port);
    if (!c) return -xen::XEN_EINVAL;
    switch (c->state) {
    case State::Virq:
        for (auto& per_vcpu : virq_port_)
            if (per_vcpu[c->virq] == port) per_vcpu[c->virq] = 0;
        break;
    case State::Interdomain:
        // The peer's end goes back to waiting for us (Xen's semantics).
        if (Domain* peer = domains::find_under_event_channel_lock(c->remote_domid)) {
            if (Channel* r = peer->event_channels().lookup(c->remote_port);
                r && r->state == State::Interdomain && r->remote_domid == domain_.id() && r->remote_port == port) {
                r->state = State::Unbound;
                r->remote_domid = domain_.id();
                r->remote_port = 0;
            }
        }
        break;
    default: break;
    }
    // A stale pending bit would swallow the first event after a re-bind.
    if (xen::shared_info* si = domain_.shared_info()) test_and_clear(words(si->evtchn_pending), port);
    free(port);
    return 0;
}

long EventChannels::close(xen::evtchn_port_t port)
{
    LockGuard guard(event_channel_lock());
    return close_locked(port);
}

void EventChannels::close_all()
{
    LockGuard guard(event_channel_lock());
    for (unsigned p = 1; p < kMaxPorts; ++p)
        if (lookup(p)) close_locked(p);
}

bool EventChannels::reset_step(bool restart, unsigned count)
{
    LockGuard guard(event_channel_lock());
    if (restart) reset_next_ = 1;
    unsigned end = count < kMaxPorts - reset_next_ ? reset_next_ + count : kMaxPorts;
    for (unsigned p = reset_next_; p < end; ++p)
        if (lookup(p)) close_locked(p);
    reset_next_ = end;
    return end == kMaxPorts;
}

long EventChannels::send(xen::evtchn_port_t port)
{
    LockGuard guard(event_channel_lock());
    Channel* c = lookup(port);
    if (!c) return -xen::XEN_EINVAL;
    switch (c->state) {
    case State::Interdomain:
        if (Domain* peer = domains::find_under_event_channel_lock(c->remote_domid)) peer->event_channels().set_pending(c->remote_port);
        return 0;
    case State::Ipi: set_pending(port); return 0;
    case State::Unbound: return 0; // nobody listens yet: dropped, as Xen does
    default: return -xen::XEN_EINVAL;
    }
}

long EventChannels::status(xen::evtchn_port_t port, xen::evtchn_status& out)
{
    LockGuard guard(event_channel_lock());
    out.status = xen::EVTCHNSTAT_closed;
    out.vcpu = 0;
    out.u = {};
    if (port >= kMaxPorts) return -xen::XEN_EINVAL;
    Channel* c = lookup(port);
    if (!c) return 0;
    out.vcpu = c->notify_vcpu;
    switch (c->state) {
    case State::Unbound:
        out.status = xen::EVTCHNSTAT_unbound;
        out.u.unbound.dom = c->remote_domid;
        break;
    case State::Interdomain:
        out.status = xen::EVTCHNSTAT_interdomain;
        out.u.interdomain.dom = c->remote_domid;
        out.u.interdomain.port = c->remote_port;
        break;
    case State::Virq:
        out.status = xen::EVTCHNSTAT_virq;
        out.u.virq = c->virq;
        break;
    case State::Ipi: out.status = xen::EVTCHNSTAT_ipi; break;
    default: break;
    }
    return 0;
}

long EventChannels::bind_vcpu(xen::evtchn_port_t port, uint32_t vcpu)
{
    LockGuard guard(event_channel_lock());
    if (vcpu >= domain_.vcpu_count()) return -xen::XEN_ENOENT; // before the port, as in Xen
    Channel* c = lookup(port);
    if (!c) return -xen::XEN_EINVAL;
    if (c->state == State::Virq && !virq_is_global(c->virq)) return -xen::XEN_EINVAL;
    if (c->state == State::Ipi) return -xen::XEN_EINVAL;
    c->notify_vcpu = static_cast<uint8_t>(vcpu);
    return 0;
}

void EventChannels::mark_vcpu_pending(Vcpu& vcpu, unsigned selector_bit)
{
    xen::vcpu_info* vi = vcpu.vcpu_info();
    if (!vi) return; // no vcpu_info registered yet: the pending bit waits
    if (test_and_set(words(&vi->evtchn_pending_sel), selector_bit)) return;
    if (__atomic_exchange_n(&vi->evtchn_upcall_pending, uint8_t(1), __ATOMIC_SEQ_CST)) return;
    domain_.vgic().inject(vcpu, domain_.event_channel_ppi());
}

void EventChannels::set_pending(xen::evtchn_port_t port)
{
    Channel* c = lookup(port);
    xen::shared_info* si = domain_.shared_info();
    if (!c || !si) return;
    if (test_and_set(words(si->evtchn_pending), port)) return;
    wake_pollers(port); // even for a masked port: SCHEDOP_poll waits for masked ports too
    if (test(words(si->evtchn_mask), port)) return;
    if (Vcpu* v = domain_.vcpu(c->notify_vcpu)) mark_vcpu_pending(*v, port / 64);
}

void EventChannels::wake_pollers(xen::evtchn_port_t port)
{
    for (unsigned i = 0; i < domain_.vcpu_count(); ++i) {
        Vcpu& v = *domain_.vcpu(i);
        if (!__atomic_load_n(&v.polling, __ATOMIC_SEQ_CST)) continue;
        if (v.poll_port != 0 && v.poll_port != port) continue;
        if (__atomic_exchange_n(&v.polling, false, __ATOMIC_SEQ_CST)) scheduler::notify(v);
    }
}

bool EventChannels::port_is_pending(xen::evtchn_port_t port) const
{
    xen::shared_info* si = domain_.shared_info();
    return si && port < kMaxPorts && test(words(si->evtchn_pending), port);
}

long EventChannels::unmask(xen::evtchn_port_t port)
{
    LockGuard guard(event_channel_lock());
    Channel* c = lookup(port);
    xen::shared_info* si = domain_.shared_info();
    if (!c) return -xen::XEN_EINVAL;
    if (!si) return 0;
    if (test_and_clear(words(si->evtchn_mask), port) && test(words(si->evtchn_pending), port))
        if (Vcpu* v = domain_.vcpu(c->notify_vcpu)) mark_vcpu_pending(*v, port / 64);
    return 0;
}

void EventChannels::raise_virq(uint32_t virq, unsigned vcpu)
{
    LockGuard guard(event_channel_lock());
    if (virq >= xen::NR_VIRQS || vcpu >= 8) return;
    if (uint32_t port = virq_port_[vcpu][virq]) set_pending(port);
}

} // namespace hv
