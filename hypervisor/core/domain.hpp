#pragma once
// A domain: its stage-2 address space (the p2m), its vCPUs, its emulated
// devices and its life cycle.
#include <cstdint>

#include "arch/spinlock.hpp"
#include "core/mmio.hpp"
#include "core/vgic.hpp"
#include "core/vuart.hpp"
#include "mm/page_table.hpp"

namespace hv {

class Vcpu;
class FrameAllocator;

// What a stage-2 leaf maps, kept in the descriptor's software bits.
enum class P2mType : uint8_t { Invalid = 0, Ram = 1, Mmio = 2 };

enum class ShutdownReason : uint8_t { None, Poweroff, Reboot, Crash };

class Domain {
public:
    static constexpr unsigned kMaxVcpus = 8;
    static constexpr unsigned kMaxRamBanks = 4;
    // 40-bit guest physical address space, as Xen on this CPU.
    static constexpr unsigned kIpaBits = 40;

    Domain(uint16_t id, uint8_t vmid, TableMemory& tables, FrameAllocator& frames);
    ~Domain();
    Domain(const Domain&) = delete;
    Domain& operator=(const Domain&) = delete;

    // nr_spis: shared peripheral interrupts of its vGIC (a multiple of 32).
    Status init(const char* name, unsigned nr_spis = 32);
    uint16_t id() const { return id_; }
    uint8_t vmid() const { return vmid_; }
    const char* name() const { return name_; }
    bool is_hardware_domain() const { return id_ == 0; }

    PageTable& p2m() { return p2m_; }
    MmioDispatcher& mmio() { return mmio_; }
    Vuart& vuart() { return vuart_; }
    Vgic& vgic() { return vgic_; }

    // Allocates `size` bytes of RAM and maps it at `base`, in 2 MiB blocks
    // where the allocator has them.
    Status populate_ram(Ipa base, uint64_t size);
    uint64_t ram_bytes() const { return ram_bytes_; }
    bool ipa_is_ram(Ipa ipa, uint64_t size) const;

    Status create_vcpus(unsigned count);
    unsigned vcpu_count() const { return vcpu_count_; }
    Vcpu* vcpu(unsigned i) const { return i < vcpu_count_ ? vcpus_[i] : nullptr; }

    void shutdown(ShutdownReason reason);
    ShutdownReason shutdown_reason() const { return shutdown_; }
    bool is_shut_down() const { return shutdown_ != ShutdownReason::None; }

    // Buffers a line of guest console output, printed with a "(dN) " prefix.
    void console_output(char c);

private:
    struct RamBank {
        Ipa base;
        uint64_t size;
    };
    void free_ram();

    uint16_t id_;
    uint8_t vmid_;
    char name_[32] = {};
    FrameAllocator& frames_;
    PageTable p2m_;
    MmioDispatcher mmio_;
    Vuart vuart_;
    Vgic vgic_;
    RamBank ram_[kMaxRamBanks]{};
    unsigned ram_count_ = 0;
    uint64_t ram_bytes_ = 0;
    Vcpu* vcpus_[kMaxVcpus]{};
    unsigned vcpu_count_ = 0;
    ShutdownReason shutdown_ = ShutdownReason::None;
    Spinlock console_lock_;
    char console_line_[256] = {};
    unsigned console_len_ = 0;
};

} // namespace hv
