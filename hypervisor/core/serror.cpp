#include "core/serror.hpp"

#include "arch/vcpu_context.hpp"
#include "core/console.hpp"
#include "core/domain.hpp"
#include "core/vcpu.hpp"

namespace hv {

void forward_serror(Vcpu& vcpu)
{
    HV_LOG_RATELIMITED("d%uv%u: asynchronous abort (SError) from the guest: forwarded to it", vcpu.domain().id(),
                       vcpu.id());
    arch::set_virtual_abort(vcpu.context);
}

} // namespace hv
