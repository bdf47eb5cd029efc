#pragma once
// Every live domain, by id.
#include <cstdint>

namespace hv {

class Domain;

namespace domains {

inline constexpr unsigned kMax = 64;

bool add(Domain& domain);
void remove(Domain& domain);
Domain* find(uint16_t id);
unsigned count();
Domain* at(unsigned index); // 0 <= index < count()

} // namespace domains
} // namespace hv
