#include "core/hsr.hpp"

namespace hv {

const char* exception_class_name(ExceptionClass ec)
{
    switch (ec) {
    case ExceptionClass::Unknown: return "unknown reason";
    case ExceptionClass::WfiWfe: return "WFI/WFE";
    case ExceptionClass::Cp15Mcr: return "MCR/MRC CP15";
    case ExceptionClass::Cp15Mcrr: return "MCRR/MRRC CP15";
    case ExceptionClass::Cp14Mcr: return "MCR/MRC CP14";
    case ExceptionClass::Cp14Ldc: return "LDC/STC CP14";
    case ExceptionClass::CpAccess: return "HCPTR-trapped coprocessor access";
    case ExceptionClass::Cp10Mrc: return "VMRS";
    case ExceptionClass::Jazelle: return "Jazelle";
    case ExceptionClass::Bxj: return "BXJ";
    case ExceptionClass::Cp14Mcrr: return "MRRC CP14";
    case ExceptionClass::Hvc: return "HVC";
    case ExceptionClass::Smc: return "SMC";
    case ExceptionClass::PrefetchAbortGuest: return "prefetch abort from guest";
    case ExceptionClass::PrefetchAbortHyp: return "prefetch abort in Hyp mode";
    case ExceptionClass::DataAbortGuest: return "data abort from guest";
    case ExceptionClass::DataAbortHyp: return "data abort in Hyp mode";
    }
    return "reserved";
}

} // namespace hv
