# Sourced by the end-to-end tests: what in a log means the hypervisor or
# dom0's kernel complained. Crashes and the kernel's warnings (WARN_ON
# prints "WARNING: CPU: ... at FILE", then a backtrace: "Call trace" on
# arm64, "... from ..." after "Backtrace" on arm32); ARM32 Linux marks a
# fault report "8<--- cut here ---", a WARN "[ cut here ]".
# shellcheck disable=SC2034
crash='Panic on CPU|Hyp-mode exception|unexpected physical interrupt|Kernel panic|Internal error|Oops|Unhandled (fault|prefetch abort)|BUG:|WARNING:|[Cc]all [Tt]race|Backtrace:|Unable to handle kernel|---\[ end trace|cut here'
