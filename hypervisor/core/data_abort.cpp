// Stage-2 data aborts: accesses to guest-physical addresses that no RAM
// backs. They go to the emulated device at that address, or come back to the
// guest as an external abort.
#include "core/console.hpp"
#include "core/domain.hpp"
#include "core/guest_exception.hpp"
#include "core/guest_memory.hpp"
#include "core/guest_registers.hpp"
#include "core/psr.hpp"
#include "core/thumb_store.hpp"
#include "core/traps.hpp"
#include "core/vcpu.hpp"

namespace hv {
namespace {

// Erratum 766422: the register of a Thumb store comes from the instruction.
std::optional<unsigned> thumb_store_register(Domain& d, const TrapFrame& frame)
{
    uint16_t hw[2] = {};
    if (copy_from_guest(d, &hw[0], frame.pc, 2) != Status::Ok) return std::nullopt;
    if (thumb_is_32bit(hw[0]) && copy_from_guest(d, &hw[1], frame.pc + 2, 2) != Status::Ok) return std::nullopt;
    return thumb_store_source_register(hw[0], hw[1]);
}

void reject(Vcpu& vcpu, TrapFrame& frame, const TrapInfo& info, const char* why)
{
    HV_LOG_RATELIMITED("d%uv%u: %s %s at IPA %#llx (VA %#x, pc %#x): abort injected", vcpu.domain().id(), vcpu.id(),
                       why, info.hsr.write() ? "write" : "read", static_cast<unsigned long long>(info.ipa), info.hdfar,
                       frame.pc);
    inject_data_abort(frame, info.hdfar, info.hsr.write());
}

} // namespace

void handle_data_abort(Vcpu& vcpu, TrapFrame& frame, const TrapInfo& info)
{
    Hsr hsr = info.hsr;
    Domain& d = vcpu.domain();
    // A block being split on another CPU (break-before-make) faults for a
    // moment, for any access: loads and stores, the guest's own stage-1
    // table walks, cache maintenance. Once it is whole again the access is
    // retried. (It cannot loop: a mapped address raises no translation fault.)
    if (hsr.is_translation_fault() && d.mapped_now(info.ipa)) return;
    if (hsr.s1ptw()) return reject(vcpu, frame, info, "stage-1 table walk outside RAM:");
    if (!hsr.is_translation_fault()) return reject(vcpu, frame, info, "stage-2 fault (not translation):");
    if (hsr.cache_maintenance()) {
        // Cache maintenance by VA on an address with nothing behind it: nothing to do.
        advance_guest_pc(frame, hsr.il());
        return;
    }
    unsigned size = hsr.isv() ? hsr.access_size() : 4;
    auto match = d.mmio().find(Ipa(info.ipa), size);
    if (!match.handler) return reject(vcpu, frame, info, "no device:");
    if (!hsr.isv()) return reject(vcpu, frame, info, "undecodable access (no syndrome):");

    unsigned reg = hsr.srt();
    if (hsr.write() && (frame.cpsr & psr::kThumb)) {
        auto decoded = thumb_store_register(d, frame);
        if (!decoded) return reject(vcpu, frame, info, "undecodable Thumb store:");
        reg = *decoded;
    }
    uint32_t mask = size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
    if (hsr.write()) {
        if (!match.handler->write(vcpu, match.offset, size, read_guest_reg(frame, reg) & mask))
            return reject(vcpu, frame, info, "device refused");
    } else {
        uint32_t value = 0;
        if (!match.handler->read(vcpu, match.offset, size, value)) return reject(vcpu, frame, info, "device refused");
        value &= mask;
        if (hsr.sign_extend() && size < 4 && (value & (1u << (size * 8 - 1)))) value |= ~mask;
        write_guest_reg(frame, reg, value);
    }
    advance_guest_pc(frame, hsr.il());
}

} // namespace hv
