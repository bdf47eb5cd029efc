#pragma once
// Boot-time services of the architecture layer.
#include <cstdint>

namespace hv::arch {

// Widens the boot identity map so [base, base+size) is Normal memory
// (1 GiB granules; used until the final Hyp table is installed).
void early_map_ram(uint64_t base, uint64_t size);
// Switches the Hyp MMU to the table rooted at `root` (identity map).
void install_hyp_page_table(uint64_t root);
// Per-CPU Hyp configuration: traps, timer access, stage-2 format.
void init_hyp_cpu();
uint32_t cpu_id_register(); // MIDR
// Starts physical CPU `index` (affinity `mpidr`) through the firmware's PSCI;
// it comes up with the Hyp MMU on and calls hv::secondary_cpu_main(index).
bool start_cpu(unsigned index, uint32_t mpidr);
uint32_t vtcr_value();

} // namespace hv::arch
