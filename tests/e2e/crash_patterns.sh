# shellcheck shell=bash
# Sourced by the end-to-end tests: what in a log means the hypervisor or
# dom0's kernel complained. Crashes and the kernel's warnings (WARN_ON
# prints "WARNING: CPU: ... at FILE", then a backtrace: "Call trace" on
# arm64, "... from ..." after "Backtrace" on arm32); ARM32 Linux marks a
# fault report "8<--- cut here ---", a WARN "[ cut here ]".
# shellcheck disable=SC2034
crash='Panic on CPU|Hyp-mode exception|unexpected physical interrupt|Kernel panic|Internal error|Oops|Unhandled (fault|prefetch abort)|BUG:|WARNING:|[Cc]all [Tt]race|Backtrace:|Unable to handle kernel|---\[ end trace|cut here'

# Our hypervisor's lines about d0 (core/traps.cpp, data_abort.cpp,
# debug_registers.cpp, xen/hypercall.cpp print "d0vN: ..." for what the
# guest did wrong) are complaints too, but for the ones every dom0 boot
# prints and those a test allows with its reason.
about_d0='^\(XEN\) .*\bd0(v[0-9]+)?: '
allowed_about_d0=(
    'd0: [0-9]+ vCPUs?, command line "[^"]*"$'   # the builder's summary of dom0
    'd0: shut down \(poweroff\)$'                 # the test's own `poweroff -f`
)
complaints() { # complaints LOG [ALLOWED...]: the lines a no-crash check fails on
    local allowed=("${allowed_about_d0[@]}" "${@:2}")
    tr -d '\r' <"$1" | grep -aE -- "$crash|$about_d0" | grep -avE -- "$(IFS='|'; echo "${allowed[*]}")"
}
