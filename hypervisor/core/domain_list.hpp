#pragma once
// Every domain that exists, by id, and the references that keep one alive
// while a hypercall works on it.
//
// A domain is freed when its last reference goes: the list holds one from
// init() until the domain is destroyed (removed from the list, its id free
// again), and each lookup takes one for as long as the caller holds the
// DomainRef. lock_ guards the list; it is taken before nothing else and
// held for a scan of at most kMax entries.
#include <cstdint>

namespace hv {

class Domain;

// One reference to a domain (or none); moves, never copies.
class DomainRef {
public:
    DomainRef() = default;
    // Adopts a reference the caller took.
    explicit DomainRef(Domain* adopted) : d_(adopted) {}
    ~DomainRef() { reset(); }
    DomainRef(DomainRef&& other) : d_(other.d_) { other.d_ = nullptr; }
    DomainRef& operator=(DomainRef&& other)
    {
        if (this != &other) {
            reset();
            d_ = other.d_;
            other.d_ = nullptr;
        }
        return *this;
    }
    DomainRef(const DomainRef&) = delete;
    DomainRef& operator=(const DomainRef&) = delete;

    Domain* get() const { return d_; }
    Domain* operator->() const { return d_; }
    Domain& operator*() const { return *d_; }
    explicit operator bool() const { return d_ != nullptr; }
    void reset();

private:
    Domain* d_ = nullptr;
};

namespace domains {

inline constexpr unsigned kMax = 64;

bool add(Domain& domain);
// Takes the domain out of the list (its id may be used again) and drops
// the list's reference.
void remove(Domain& domain);
// Takes it out of the list, keeping the list's reference (a domain being
// deleted outright, at boot or in tests); false if it was not listed.
bool unlist(Domain& domain);
DomainRef get(uint16_t id);
// Without a reference: only for code under the event-channel lock, which a
// domain's destructor takes before it frees anything (and a domain leaves
// the list before its last reference goes).
Domain* find_under_event_channel_lock(uint16_t id);
// The domain with the lowest id >= first (Xen's getdomaininfo walk).
DomainRef get_from(uint16_t first);
// A reference to a domain the caller already holds one to.
DomainRef another(Domain& domain);
unsigned count();
// VMIDs (the stage-2 TLB tag, 8 bits): boot domains use their id; one made
// at run time claims a free one, given back once its TLB entries are gone.
// 0: none free.
uint8_t claim_vmid();
void mark_vmid(uint8_t vmid);
void release_vmid(uint8_t vmid);
// Whether id is in use (a domain exists with it, dying or not).
bool id_in_use(uint16_t id);

} // namespace domains
} // namespace hv
