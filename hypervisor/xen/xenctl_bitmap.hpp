#pragma once
// CPU (and NUMA node) maps as the toolstack passes them (struct
// xenctl_bitmap: a byte array in guest memory and its length in bits), to
// and from a mask of at most 32. As Xen: bits beyond either side's length read as 0 and are
// written as 0.
#include <cstdint>

#include "include/public/domctl.hpp"

namespace hv {

class Domain;

long copy_cpumap_out(Domain& caller, const xen::xenctl_bitmap& to, unsigned nr_cpus, uint32_t mask);
long copy_cpumap_in(Domain& caller, const xen::xenctl_bitmap& from, unsigned nr_cpus, uint32_t& mask);

} // namespace hv
