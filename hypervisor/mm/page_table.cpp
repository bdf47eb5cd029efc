#include "mm/page_table.hpp"

#include "mm/lpae.hpp"

namespace hv {
namespace {

bool is_valid(uint64_t e) { return e & lpae::kValid; }
bool is_table(uint64_t e, unsigned level) { return level < 3 && is_valid(e) && (e & lpae::kTableOrPage); }
bool is_leaf(uint64_t e, unsigned level)
{
    return is_valid(e) && (level == 3 ? (e & lpae::kTableOrPage) != 0 : (e & lpae::kTableOrPage) == 0);
}
Pa entry_address(uint64_t e) { return Pa(e & lpae::kAddressMask); }

uint64_t hyp_attr_index(MemType t)
{
    switch (t) {
    case MemType::Normal: return lpae::kHypAttrNormal;
    case MemType::Device: return lpae::kHypAttrDevice;
    case MemType::NonCacheable: return lpae::kHypAttrNonCacheable;
    }
    return lpae::kHypAttrDevice;
}

uint64_t stage2_mem_attr(MemType t)
{
    switch (t) {
    case MemType::Normal: return lpae::kS2Normal;
    case MemType::Device: return lpae::kS2Device;
    case MemType::NonCacheable: return lpae::kS2NonCacheable;
    }
    return lpae::kS2Device;
}

} // namespace

PageTable::PageTable(TableFormat format, TableMemory& memory, unsigned input_bits)
    : format_(format), memory_(memory), input_bits_(input_bits),
      root_entries_(1u << (input_bits - 30)),
      root_pages_(root_entries_ > lpae::kEntriesPerTable ? root_entries_ / lpae::kEntriesPerTable : 1)
{
}

Status PageTable::init()
{
    if (input_bits_ < 32 || input_bits_ > 40) return Status::Invalid;
    auto root = memory_.alloc_table(root_pages_);
    if (!root) return Status::NoMemory;
    root_ = *root;
    return Status::Ok;
}

unsigned PageTable::index(uint64_t va, unsigned level) const
{
    uint64_t i = va >> lpae::kLevelShift[level];
    return static_cast<unsigned>(level == 1 ? i & (root_entries_ - 1) : i & (lpae::kEntriesPerTable - 1));
}

uint64_t PageTable::encode_leaf(unsigned level, Pa pa, Attributes a) const
{
    uint64_t e = (pa.value & lpae::kAddressMask) | lpae::kValid | lpae::kAccessFlag;
    if (level == 3) e |= lpae::kTableOrPage;
    if (a.type == MemType::Normal) e |= lpae::kInnerShareable;
    if (!a.exec) e |= lpae::kExecuteNever;
    e |= (uint64_t(a.software) << lpae::kSoftwareShift) & lpae::kSoftwareMask;
    if (format_ == TableFormat::HypStage1) {
        e |= hyp_attr_index(a.type) << lpae::kAttrShift;
        e |= lpae::kApBit6; // AP[1] should be one in the Hyp translation regime
        if (!a.write) e |= lpae::kApBit7;
    } else {
        e |= stage2_mem_attr(a.type) << lpae::kAttrShift;
        e |= lpae::kApBit6; // readable
        if (a.write) e |= lpae::kApBit7;
    }
    return e;
}

Attributes PageTable::decode_attributes(uint64_t e) const
{
    Attributes a;
    uint64_t attr = (e & lpae::kAttrMask) >> lpae::kAttrShift;
    a.exec = !(e & lpae::kExecuteNever);
    a.software = static_cast<uint8_t>((e & lpae::kSoftwareMask) >> lpae::kSoftwareShift);
    if (format_ == TableFormat::HypStage1) {
        a.type = attr == lpae::kHypAttrNormal ? MemType::Normal
                 : attr == lpae::kHypAttrNonCacheable ? MemType::NonCacheable
                                                      : MemType::Device;
        a.write = !(e & lpae::kApBit7);
    } else {
        a.type = attr == lpae::kS2Normal ? MemType::Normal
                 : attr == lpae::kS2NonCacheable ? MemType::NonCacheable
                                                 : MemType::Device;
        a.write = (e & lpae::kApBit7) != 0;
    }
    return a;
}

// Returns the entry that maps va at `level`, walking (and with `create`,
// building) the tables above it. nullptr when a table is missing, or when a
// block at a higher level covers va (status Busy).
uint64_t* PageTable::entry_for(uint64_t va, unsigned level, bool create, Status& status)
{
    status = Status::Ok;
    uint64_t* table = memory_.table(root_);
    for (unsigned l = 1;; ++l) {
        uint64_t* e = &table[index(va, l)];
        if (l == level) return e;
        if (!is_valid(*e)) {
            if (!create) return nullptr;
            auto page = memory_.alloc_table(1);
            if (!page) {
                status = Status::NoMemory;
                return nullptr;
            }
            *e = (page->value & lpae::kAddressMask) | lpae::kValid | lpae::kTableOrPage;
            memory_.entry_written(e);
        } else if (!is_table(*e, l)) {
            status = Status::Busy;
            return nullptr;
        }
        table = memory_.table(entry_address(*e));
    }
}

bool PageTable::range_is_free(uint64_t va, uint64_t size) const
{
    uint64_t end = va + size;
    while (va < end) {
        const uint64_t* table = memory_.table(root_);
        unsigned l = 1;
        for (;; ++l) {
            uint64_t e = table[index(va, l)];
            if (!is_valid(e)) break;
            if (is_leaf(e, l)) return false;
            table = memory_.table(entry_address(e));
        }
        va = align_down(va, lpae::kLevelSize[l]) + lpae::kLevelSize[l];
    }
    return true;
}

Status PageTable::map(uint64_t va, Pa pa, uint64_t size, Attributes attrs)
{
    if (!is_aligned(va, kPageSize) || !pa.page_aligned() || !is_aligned(size, kPageSize) || size == 0)
        return Status::Invalid;
    if (va + size < va || (input_bits_ < 64 && (va + size - 1) >> input_bits_)) return Status::Invalid;
    if (!range_is_free(va, size)) return Status::Busy;

    uint64_t done = 0;
    while (done < size) {
        uint64_t v = va + done;
        Pa p = pa + done;
        uint64_t left = size - done;
        unsigned level = 3;
        for (unsigned l = 1; l < 3; ++l) {
            uint64_t block = lpae::kLevelSize[l];
            if (is_aligned(v, block) && is_aligned(p.value, block) && left >= block) {
                level = l;
                break;
            }
        }
        Status status;
        uint64_t* e = entry_for(v, level, true, status);
        if (!e) {
            // What was written was live for a while: a CPU may have cached
            // it, and the caller frees the frames it pointed to next.
            unmap(va, done);
            if (done && tlb_flush_) tlb_flush_(tlb_flush_context_);
            return status;
        }
        *e = encode_leaf(level, p, attrs);
        memory_.entry_written(e);
        done += lpae::kLevelSize[level];
    }
    return Status::Ok;
}

Status PageTable::split_block(uint64_t* entry, unsigned level)
{
    auto page = memory_.alloc_table(1);
    if (!page) return Status::NoMemory;
    uint64_t* table = memory_.table(*page);
    Attributes attrs = decode_attributes(*entry);
    Pa base = entry_address(*entry);
    uint64_t step = lpae::kLevelSize[level + 1];
    for (unsigned i = 0; i < lpae::kEntriesPerTable; ++i) {
        table[i] = encode_leaf(level + 1, base + i * step, attrs);
        memory_.entry_written(&table[i]);
    }
    if (tlb_flush_) {
        *entry = 0; // break: a CPU that walks here now faults, and retries (see data_abort.cpp)
        memory_.entry_written(entry);
        tlb_flush_(tlb_flush_context_);
    }
    *entry = (page->value & lpae::kAddressMask) | lpae::kValid | lpae::kTableOrPage; // make
    memory_.entry_written(entry);
    return Status::Ok;
}

Status PageTable::unmap(uint64_t va, uint64_t size)
{
    if (!is_aligned(va, kPageSize) || !is_aligned(size, kPageSize)) return Status::Invalid;
    uint64_t end = va + size;
    while (va < end) {
        uint64_t* table = memory_.table(root_);
        unsigned l = 1;
        for (;; ++l) {
            uint64_t* e = &table[index(va, l)];
            uint64_t block = lpae::kLevelSize[l];
            if (!is_valid(*e)) break;
            if (is_leaf(*e, l)) {
                if (is_aligned(va, block) && end - va >= block) {
                    *e = 0;
                    memory_.entry_written(e);
                    break;
                }
                // Partly covered block: split it and go one level down.
                Status s = split_block(e, l);
                if (s != Status::Ok) return s;
            }
            table = memory_.table(entry_address(*e));
        }
        va = align_down(va, lpae::kLevelSize[l]) + lpae::kLevelSize[l];
    }
    return Status::Ok;
}

std::optional<Translation> PageTable::lookup(uint64_t va) const
{
    if (input_bits_ < 64 && (va >> input_bits_)) return std::nullopt;
    const uint64_t* table = memory_.table(root_);
    for (unsigned l = 1; l <= 3; ++l) {
        uint64_t e = table[index(va, l)];
        if (!is_valid(e)) return std::nullopt;
        if (is_leaf(e, l)) {
            uint64_t block = lpae::kLevelSize[l];
            return Translation{entry_address(e) + (va & (block - 1)), decode_attributes(e), block};
        }
        if (l == 3) return std::nullopt; // reserved encoding at level 3
        table = memory_.table(entry_address(e));
    }
    return std::nullopt;
}

void PageTable::destroy()
{
    if (!root_.value) return;
    uint64_t* l1 = memory_.table(root_);
    for (unsigned i = 0; i < root_entries_; ++i) {
        if (!is_table(l1[i], 1)) continue;
        Pa l2_pa = entry_address(l1[i]);
        uint64_t* l2 = memory_.table(l2_pa);
        for (unsigned j = 0; j < lpae::kEntriesPerTable; ++j)
            if (is_table(l2[j], 2)) memory_.free_table(entry_address(l2[j]), 1);
        memory_.free_table(l2_pa, 1);
    }
    memory_.free_table(root_, root_pages_);
    root_ = Pa();
}

} // namespace hv
