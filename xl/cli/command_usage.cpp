// How Xen 4.17's xl prints each command's help and checks its command line:
// the usage and options texts (an interface users and scripts read), the
// positional arguments a command requires and the options it accepts. The
// numbers and letters were taken from Debian's xl 4.17 itself; the host test
// tests/xl/host_xl_oracle_test.sh compares the two on every command.
#include "cli/commands.hpp"

namespace xl {

const std::vector<CommandUsage>& command_usages()
{
    static const std::vector<CommandUsage> table = {
    {"create", "tTfN",
     "<ConfigFile> [options] [vars]",
     "-c                      Connect to the console after the domain is created.\n"
     "-d                      Enable debug messages.\n"
     "-e                      Do not wait in the background for the death of the domain.\n"
     "-F                      Run in foreground until death of the domain.\n"
     "-f FILE, --defconfig=FILE\n"
     "                     Use the given configuration file.\n"
     "-h                      Print this help.\n"
     "-n, --dryrun            Dry run - prints the resulting configuration\n"
     "                         (deprecated in favour of global -N option).\n"
     "-p                      Leave the domain paused after it is created.\n"
     "-q, --quiet             Quiet.\n"
     "-V, --vncviewer         Connect to the VNC display after the domain is created.\n"
     "-A, --vncviewer-autopass\n"
     "                        Pass VNC password to viewer via stdin.\n"
     "--ignore-global-affinity-masks Ignore global masks in xl.conf.",
     0, "cdef:inpqAFV", {{"defconfig", true, 'f'}, {"dryrun", false, 'n'}, {"quiet", false, 'q'}, {"vncviewer", false, 'V'}, {"vncviewer-autopass", false, 'A'}, {"ignore-global-affinity-masks", false, 0}}},
    {"config-update", "tTfN",
     "<Domain> <ConfigFile> [options] [vars]",
     "-h                      Print this help.\n"
     "-f FILE, --defconfig=FILE\n"
     "                     Use the given configuration file.\n"
     "-d                      Enable debug messages.\n",
     0, nullptr, {{"defconfig", true, 'f'}}},
    {"list", "tT",
     "[options] [Domain]\n",
     "-l, --long              Output all VM details\n"
     "-v, --verbose           Prints out UUIDs and security context\n"
     "-Z, --context           Prints out security context\n"
     "-c, --cpupool           Prints the cpupool the domain is in\n"
     "-n, --numa              Prints out NUMA node affinity",
     0, "clnvZ", {{"long", false, 'l'}, {"verbose", false, 'v'}, {"context", false, 'Z'}, {"cpupool", false, 'c'}, {"numa", false, 'n'}}},
    {"destroy", "tTf",
     "[options] <Domain>\n",
     "-f                      Permit destroying domain 0, which will only succeed\n"
     "                        when run from disaggregated toolstack domain with a\n"
     "                        hardware domain distinct from domain 0.",
     1, "f", {}},
    {"shutdown", "tTf",
     "[options] <-a|Domain>",
     "-a, --all               Shutdown all guest domains.\n"
     "-h                      Print this help.\n"
     "-F                      Fallback to ACPI power event for HVM guests with\n"
     "                        no PV drivers.\n"
     "-w, --wait              Wait for guest(s) to shutdown.\n",
     0, "awF", {{"all", false, 'a'}, {"wait", false, 'w'}}},
    {"reboot", "tTf",
     "[options] <-a|Domain>",
     "-a, --all               Shutdown all guest domains.\n"
     "-h                      Print this help.\n"
     "-F                      Fallback to ACPI reset event for HVM guests with\n"
     "                        no PV drivers.\n"
     "-w, --wait              Wait for guest(s) to reboot.\n",
     0, "awF", {{"all", false, 'a'}, {"wait", false, 'w'}}},
    {"pci-attach", "tTf",
     "<Domain> <PCI_SPEC_STRING>",
     nullptr,
     2, "", {}},
    {"pci-detach", "tTf",
     "<Domain> <PCI_SPEC_STRING>",
     nullptr,
     2, "f", {}},
    {"pci-list", "tT",
     "<Domain>",
     nullptr,
     1, "", {}},
    {"pci-assignable-add", "tTf",
     "[options] <BDF>",
     "-n NAME, --name=NAME    Name the assignable device.\n"
     "-h                      Print this help.\n",
     1, "n:", {{"name", true, 'n'}}},
    {"pci-assignable-remove", "tTf",
     "[options] <BDF>|NAME",
     "-h                      Print this help.\n"
     "-r                      Attempt to re-assign the device to the\n"
     "                        original driver.",
     1, "r", {}},
    {"pci-assignable-list", "tT",
     "[options]",
     "-h                      Print this help.\n"
     "-n, --show-names        Display assignable device names where\n"
     "                        supplied.\n",
     0, "n", {{"show-names", false, 'n'}}},
    {"pause", "tTf",
     "<Domain>",
     nullptr,
     1, "", {}},
    {"unpause", "tTf",
     "<Domain>",
     nullptr,
     1, "", {}},
    {"console", "tT",
     "[options] <Domain>\n"
     "-t <type>       console type, pv , serial or vuart\n"
     "-n <number>     console number",
     nullptr,
     1, "n:t:", {}},
    {"vncviewer", "tT",
     "[options] <Domain>\n"
     "--autopass               Pass VNC password to viewer via stdin and\n"
     "                         -autopass\n"
     "--vncviewer-autopass     (consistency alias for --autopass)",
     nullptr,
     1, "a", {}},
    {"dump-core", "tTf",
     "<Domain> <filename>",
     nullptr,
     2, "", {}},
    {"cd-insert", "tTfN",
     "<Domain> <VirtualDevice> <path>",
     nullptr,
     3, "", {}},
    {"cd-eject", "tTfN",
     "<Domain> <VirtualDevice>",
     nullptr,
     2, "", {}},
    {"mem-max", "tTf",
     "<Domain> <MemMB['b'[bytes]|'k'[KB]|'m'[MB]|'g'[GB]|'t'[TB]]>",
     nullptr,
     2, "", {}},
    {"mem-set", "tTf",
     "<Domain> <MemMB['b'[bytes]|'k'[KB]|'m'[MB]|'g'[GB]|'t'[TB]]>",
     nullptr,
     2, "", {}},
    {"button-press", "tTf",
     "<Domain> <Button>",
     "<Button> may be 'power' or 'sleep'.",
     2, "", {}},
    {"vcpu-list", "tT",
     "[Domain, ...]",
     nullptr,
     0, "", {}},
    {"vcpu-pin", "tTfN",
     "[option] <Domain> <VCPU|all> <Hard affinity|-|all> <Soft affinity|-|all>",
     "-f, --force        undo an override pinning done by the kernel\n"
     "--ignore-global-affinity-masks Ignore global masks in xl.conf",
     3, "fi", {{"force", false, 'f'}, {"ignore-global-affinity-masks", false, 0}}},
    {"vcpu-set", "tTf",
     "[option] <Domain> <vCPUs>",
     "-i, --ignore-host  Don't limit the vCPU based on the host CPU count",
     2, "i", {{"ignore-host", false, 'i'}}},
    {"vm-list", "tT",
     "",
     nullptr,
     0, "", {}},
    {"info", "tT",
     "-n, --numa         List host NUMA topology information",
     nullptr,
     0, "n", {}},
    {"sharing", "tT",
     "[Domain]",
     nullptr,
     0, "", {}},
    {"sched-credit", "tTf",
     "[-d <Domain> [-w[=WEIGHT]|-c[=CAP]]] [-s [-t TSLICE] [-r RATELIMIT]] [-p CPUPOOL]",
     "-d DOMAIN, --domain=DOMAIN        Domain to modify\n"
     "-w WEIGHT, --weight=WEIGHT        Weight (int)\n"
     "-c CAP, --cap=CAP                 Cap (int)\n"
     "-s         --schedparam           Query / modify scheduler parameters\n"
     "-t TSLICE, --tslice_ms=TSLICE     Set the timeslice, in milliseconds\n"
     "-r RLIMIT, --ratelimit_us=RLIMIT  Set the scheduling rate limit, in microseconds\n"
     "-m DLY, --migration_delay_us=DLY  Set the migration delay, in microseconds\n"
     "-p CPUPOOL, --cpupool=CPUPOOL     Restrict output to CPUPOOL",
     0, "c:d:m:p:r:st:w:", {{"domain", true, 'd'}, {"weight", true, 'w'}, {"cap", true, 'c'}, {"schedparam", false, 's'}, {"tslice_ms", true, 't'}, {"ratelimit_us", true, 'r'}, {"migration_delay_us", true, 'm'}, {"cpupool", true, 'p'}}},
    {"sched-credit2", "tTf",
     "[-d <Domain> [-w[=WEIGHT]]] [-p CPUPOOL]",
     "-d DOMAIN, --domain=DOMAIN     Domain to modify\n"
     "-w WEIGHT, --weight=WEIGHT     Weight (int)\n"
     "-c CAP,    --cap=CAP           Cap (int)\n"
     "-s         --schedparam        Query / modify scheduler parameters\n"
     "-r RLIMIT, --ratelimit_us=RLIMIT Set the scheduling rate limit, in microseconds\n"
     "-p CPUPOOL, --cpupool=CPUPOOL  Restrict output to CPUPOOL",
     0, "c:d:p:r:sw:", {{"domain", true, 'd'}, {"weight", true, 'w'}, {"cap", true, 'c'}, {"schedparam", false, 's'}, {"ratelimit_us", true, 'r'}, {"cpupool", true, 'p'}}},
    {"sched-rtds", "tTf",
     "[-d <Domain> [-v[=VCPUID/all]] [-p[=PERIOD]] [-b[=BUDGET]] [-e[=Extratime]]]",
     "-d DOMAIN, --domain=DOMAIN     Domain to modify\n"
     "-v VCPUID/all, --vcpuid=VCPUID/all    VCPU to modify or output;\n"
     "               Using '-v all' to modify/output all vcpus\n"
     "-p PERIOD, --period=PERIOD     Period (us)\n"
     "-b BUDGET, --budget=BUDGET     Budget (us)\n"
     "-e Extratime, --extratime=Extratime Extratime (1=yes, 0=no)\n",
     0, "b:cd:e:p:v:", {{"domain", true, 'd'}, {"vcpuid", true, 'v'}, {"period", true, 'p'}, {"budget", true, 'b'}, {"extratime", true, 'e'}}},
    {"domid", "tT",
     "<DomainName>",
     nullptr,
     1, "", {}},
    {"domname", "tT",
     "<DomainId>",
     nullptr,
     1, "", {}},
    {"rename", "tTf",
     "<Domain> <NewDomainName>",
     nullptr,
     2, "", {}},
    {"trigger", "tTf",
     "<Domain> <nmi|reset|init|power|sleep|s3resume> [<VCPU>]",
     nullptr,
     2, "", {}},
    {"sysrq", "tTf",
     "<Domain> <letter>",
     nullptr,
     2, "", {}},
    {"debug-keys", "tTf",
     "<Keys>",
     nullptr,
     1, "", {}},
    {"set-parameters", "tTf",
     "<Params>",
     nullptr,
     1, "", {}},
    {"dmesg", "tT",
     "[-c]",
     "  -c                        Clear dmesg buffer as well as printing it",
     0, "c", {}},
    {"top", "tT",
     "",
     nullptr,
     0, "", {}},
    {"network-attach", "tTfN",
     "<Domain> [type=<type>] [mac=<mac>] [bridge=<bridge>] [ip=<ip>] [script=<script>] [backend=<BackDomain>] [vifname=<name>] [rate=<rate>] [model=<model>] [accel=<accel>] [mtu=<mtu>]",
     nullptr,
     1, "", {}},
    {"network-list", "tT",
     "<Domain(s)>",
     nullptr,
     1, "", {}},
    {"network-detach", "tTf",
     "<Domain> <DevId|mac>",
     nullptr,
     2, "", {}},
    {"channel-list", "tT",
     "<Domain(s)>",
     nullptr,
     1, "", {}},
    {"block-attach", "tTfN",
     "<Domain> <disk-spec-component(s)>...",
     nullptr,
     2, "", {}},
    {"block-list", "tT",
     "<Domain(s)>",
     nullptr,
     1, "", {}},
    {"block-detach", "tTf",
     "[option] <Domain> <DevId>",
     "-f, --force        do not wait for the domain to release the device",
     2, "f", {{"force", false, 'f'}}},
    {"vtpm-attach", "tTfN",
     "<Domain> [uuid=<uuid>] [backend=<BackDomain>]",
     nullptr,
     1, "", {}},
    {"vtpm-list", "tT",
     "<Domain(s)>",
     nullptr,
     1, "", {}},
    {"vtpm-detach", "tTf",
     "<Domain> <DevId|uuid>",
     nullptr,
     2, "", {}},
    {"vkb-attach", "tTfN",
     "<Domain> <vkb-spec-component(s)>...",
     nullptr,
     2, "", {}},
    {"vkb-list", "tT",
     "<Domain(s)>",
     nullptr,
     1, "", {}},
    {"vkb-detach", "tTf",
     "<Domain> <DevId>",
     nullptr,
     2, "", {}},
    {"vdispl-attach", "tTfN",
     "<Domain> [backend=<BackDomain>] [be-alloc=<BackAlloc>] [connectors='<Connectors>']",
     "    BackAlloc  - set to 1 to if backend allocates display buffers\n"
     "    Connectors - list of connector's description in ID:WxH format,\n"
     "                 where: ID - unique connector ID, W - connector width,\n"
     "                 H - connector height: connectors='id0:800x600;id1:1024x768'\n",
     1, "", {}},
    {"vdispl-list", "tT",
     "<Domain(s)>",
     nullptr,
     1, "", {}},
    {"vdispl-detach", "tTf",
     "<Domain> <DevId>",
     nullptr,
     2, "", {}},
    {"vsnd-attach", "tTfN",
     "<Domain> <vsnd-spec-component(s)>...",
     nullptr,
     2, "", {}},
    {"vsnd-list", "tT",
     "<Domain(s)>",
     nullptr,
     1, "", {}},
    {"vsnd-detach", "tTf",
     "<Domain> <DevId>",
     nullptr,
     2, "", {}},
    {"uptime", "tT",
     "[-s] [Domain]",
     nullptr,
     0, "s", {}},
    {"claims", "tT",
     "",
     "",
     0, "", {}},
    {"cpupool-create", "tTfN",
     "[options] [<ConfigFile>] [Variable=value ...]",
     "-h, --help                   Print this help.\n"
     "-f FILE, --defconfig=FILE    Use the given configuration file.\n"
     "-n, --dryrun                 Dry run - prints the resulting configuration.\n"
     "                              (deprecated in favour of global -N option).\n"
     "\n"
     "See the xlcpupool.cfg(5) manpage for more information.",
     0, "f:n", {{"help", false, 'h'}, {"defconfig", true, 'f'}, {"dryrun", false, 'n'}}},
    {"cpupool-list", "tT",
     "[-c|--cpus] [<CPU Pool>]",
     "-c, --cpus                     Output list of CPUs used by a pool",
     0, "c", {{"cpus", false, 'c'}}},
    {"cpupool-destroy", "tTf",
     "<CPU Pool>",
     nullptr,
     1, "", {}},
    {"cpupool-rename", "tTf",
     "<CPU Pool> <new name>",
     nullptr,
     2, "", {}},
    {"cpupool-cpu-add", "tTf",
     "<CPU Pool> <CPU nr>|node:<node nr>",
     nullptr,
     2, "", {}},
    {"cpupool-cpu-remove", "tTf",
     "<CPU Pool> <CPU nr>|node:<node nr>",
     nullptr,
     2, "", {}},
    {"cpupool-migrate", "tTf",
     "<Domain> <CPU Pool>",
     nullptr,
     2, "", {}},
    {"cpupool-numa-split", "tTf",
     "",
     nullptr,
     0, "", {}},
    {"getenforce", "tT",
     "",
     nullptr,
     0, nullptr, {}},
    {"setenforce", "tTf",
     "<1|0|Enforcing|Permissive>",
     nullptr,
     0, nullptr, {}},
    {"loadpolicy", "tTf",
     "<policy file>",
     nullptr,
     0, nullptr, {}},
    {"devd", "tTf",
     "[options]",
     "-F                      Run in the foreground.\n"
     "-p, --pidfile [FILE]    Write PID to pidfile when daemonizing.",
     0, "Fp:", {{"pidfile", true, 'p'}}},
    {"usbctrl-attach", "tTf",
     "<Domain> [type=pv] [version=<version>] [ports=<number>]",
     nullptr,
     1, "", {}},
    {"usbctrl-detach", "tTf",
     "<Domain> <DevId>",
     nullptr,
     2, "", {}},
    {"usbdev-attach", "tTf",
     "<Domain> hostbus=<busnum> hostaddr=<devnum> [controller=<DevId> [port=<port>]]",
     nullptr,
     2, "", {}},
    {"usbdev-detach", "tTf",
     "<Domain> <controller> <port>",
     nullptr,
     3, "", {}},
    {"usb-list", "tT",
     "<Domain>",
     nullptr,
     1, "", {}},
    {"qemu-monitor-command", "tTf",
     "<Domain> <Command>",
     nullptr,
     2, "", {}},
    };
    return table;
}

} // namespace xl
