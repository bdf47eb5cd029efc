#include "fdt_reader.hpp"

namespace guest::fdt {
namespace {

constexpr uint32_t kMagic = 0xd00dfeed;
constexpr uint32_t kBeginNode = 1, kEndNode = 2, kProp = 3, kNop = 4, kEnd = 9;

uint32_t be32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }
const uint8_t* bytes(const void* blob) { return static_cast<const uint8_t*>(blob); }
const uint8_t* structure(const void* blob) { return bytes(blob) + be32(bytes(blob) + 8); }
const char* strings(const void* blob) { return reinterpret_cast<const char*>(bytes(blob) + be32(bytes(blob) + 12)); }

bool equal(const char* a, const char* b)
{
    while (*a && *a == *b) ++a, ++b;
    return *a == *b;
}
unsigned length(const char* s)
{
    unsigned n = 0;
    while (s[n]) ++n;
    return n;
}
uint32_t align4(uint32_t v) { return (v + 3) & ~3u; }

// Walks the structure block; calls visit(offset_of_token, token, depth).
template <class F>
void walk(const void* blob, F visit)
{
    const uint8_t* s = structure(blob);
    uint32_t off = 0;
    int depth = 0;
    for (unsigned guard = 0; guard < 100000; ++guard) {
        uint32_t token = be32(s + off);
        uint32_t at = off;
        off += 4;
        if (token == kBeginNode) {
            if (visit(at, token, depth)) return;
            ++depth;
            off = align4(off + length(reinterpret_cast<const char*>(s + off)) + 1);
        } else if (token == kProp) {
            uint32_t len = be32(s + off);
            if (visit(at, token, depth)) return;
            off = align4(off + 8 + len);
        } else if (token == kEndNode) {
            --depth;
        } else if (token == kNop) {
        } else {
            return; // kEnd or garbage
        }
    }
}

} // namespace

uint32_t Property::cell(unsigned i) const { return (i + 1) * 4 <= length ? be32(data + i * 4) : 0; }
uint64_t Property::cells(unsigned first, unsigned count) const
{
    uint64_t v = 0;
    for (unsigned i = 0; i < count; ++i) v = (v << 32) | cell(first + i);
    return v;
}

bool valid(const void* blob) { return blob && be32(bytes(blob)) == kMagic; }

Property property(const void* blob, int node, const char* name)
{
    Property result;
    if (node < 0) return result;
    const uint8_t* s = structure(blob);
    // Properties come right after the node's name, before any child.
    uint32_t off = uint32_t(node) + 4;
    off = align4(off + length(reinterpret_cast<const char*>(s + off)) + 1);
    for (;;) {
        uint32_t token = be32(s + off);
        if (token == kNop) {
            off += 4;
            continue;
        }
        if (token != kProp) return result;
        uint32_t len = be32(s + off + 4), name_off = be32(s + off + 8);
        if (equal(strings(blob) + name_off, name)) {
            result.data = s + off + 12;
            result.length = len;
            return result;
        }
        off = align4(off + 12 + len);
    }
}

int find_compatible(const void* blob, const char* compatible)
{
    int found = -1;
    walk(blob, [&](uint32_t at, uint32_t token, int) {
        if (token != kBeginNode) return false;
        Property p = property(blob, int(at), "compatible");
        for (uint32_t i = 0; i < p.length;) {
            const char* entry = reinterpret_cast<const char*>(p.data + i);
            if (equal(entry, compatible)) {
                found = int(at);
                return true;
            }
            i += length(entry) + 1;
        }
        return false;
    });
    return found;
}

int find_root_child(const void* blob, const char* name)
{
    int found = -1;
    walk(blob, [&](uint32_t at, uint32_t token, int depth) {
        if (token != kBeginNode || depth != 1) return false;
        const char* node_name = reinterpret_cast<const char*>(structure(blob) + at + 4);
        unsigned n = length(name);
        bool match = true;
        for (unsigned i = 0; i < n; ++i) match = match && node_name[i] == name[i];
        if (match && (node_name[n] == '\0' || node_name[n] == '@')) {
            found = int(at);
            return true;
        }
        return false;
    });
    return found;
}

unsigned count_nodes(const void* blob, const char* prefix)
{
    unsigned count = 0, n = length(prefix);
    walk(blob, [&](uint32_t at, uint32_t token, int) {
        if (token != kBeginNode) return false;
        const char* name = reinterpret_cast<const char*>(structure(blob) + at + 4);
        bool match = true;
        for (unsigned i = 0; i < n && match; ++i) match = name[i] == prefix[i];
        if (match) ++count;
        return false;
    });
    return count;
}

} // namespace guest::fdt
