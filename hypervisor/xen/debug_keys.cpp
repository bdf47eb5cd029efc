// Debug keys: 'g' prints each domain's grant-table use (the counters the
// end-to-end tests read after a teardown: what dom0 still maps), 'h' the
// keys. A key is a dump of bounded size: at most domains::kMax domains,
// each a scan of its grant table's pin counters.
#include "xen/debug_keys.hpp"

#include "core/console.hpp"
#include "core/domain.hpp"
#include "core/domain_list.hpp"
#include "xen/guest_args.hpp"

namespace hv {
namespace {

struct Key {
    char key;
    const char* description;
    void (*run)();
};

void grant_usage()
{
    console::log("gnttab_usage_print_all [ key 'g' pressed");
    for (DomainRef d = domains::get_from(0); d; d = domains::get_from(uint16_t(d->id() + 1))) {
        GrantTable& table = d->grant_table();
        GrantMaps& maps = d->grant_maps();
        console::log("grant-table for remote d%u (v%u)", d->id(), table.version());
        console::log("  %u frames (%u max), %u maptrack frames (%u max)", table.nr_frames(), table.max_frames(),
                     maps.pages(), (maps.limit() + 255) / 256);
        console::log("  %u of its entries in use by other domains, %u grants of others mapped (%u max)",
                     table.pinned_entries(), maps.in_use(), maps.limit());
    }
    console::log("gnttab_usage_print_all ] done");
}

void show_keys();

const Key kKeys[] = {
    {'g', "print grant table usage", grant_usage},
    {'h', "show this message", show_keys},
};

void show_keys()
{
    console::log("'h' pressed -> showing installed handlers");
    for (const Key& k : kKeys) console::log(" key '%c' (ascii '%02x') => %s", k.key, unsigned(k.key), k.description);
}

} // namespace

long debug_keys(Domain& caller, const xen::xen_sysctl_debug_keys& keys)
{
    if (keys.nr_keys > kMaxDebugKeys) return -xen::XEN_EINVAL;
    char typed[kMaxDebugKeys];
    if (keys.nr_keys && copy_from_guest(caller, typed, keys.keys.address(), keys.nr_keys) != Status::Ok)
        return -xen::XEN_EFAULT;
    for (uint32_t i = 0; i < keys.nr_keys; ++i) {
        // A key given twice in one call runs once: one call prints at most
        // one dump of each kind (a 'g' is a few lines per domain, written
        // out to the UART within the call).
        bool seen = false;
        for (uint32_t j = 0; j < i; ++j) seen = seen || typed[j] == typed[i];
        if (seen) continue;
        const Key* found = nullptr;
        for (const Key& k : kKeys)
            if (k.key == typed[i]) found = &k;
        if (found)
            found->run();
        else
            console::log("'%c' (ascii '%02x') pressed: no such debug key ('h' lists them)",
                         typed[i] >= 0x20 && typed[i] < 0x7f ? typed[i] : '?', unsigned(uint8_t(typed[i])));
    }
    return 0;
}

} // namespace hv
