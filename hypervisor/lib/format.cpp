#include "lib/format.hpp"

#include <cstdint>

namespace hv {
namespace {

class Output {
public:
    Output(char* buf, size_t size) : buf_(buf), size_(size) {}
    void put(char c)
    {
        if (size_ && length_ < size_ - 1) buf_[length_] = c;
        ++length_;
    }
    void finish()
    {
        if (size_) buf_[length_ < size_ ? length_ : size_ - 1] = '\0';
    }
    size_t length() const { return length_; }

private:
    char* buf_;
    size_t size_;
    size_t length_ = 0;
};

struct Spec {
    int precision = -1;     // %.Ns / %.*s: at most N characters
    bool alternate = false; // '#': 0x before hexadecimal
    bool left = false;
    bool zero = false;
    unsigned width = 0;
};

void pad(Output& out, unsigned count, char c)
{
    while (count--) out.put(c);
}

void emit_string(Output& out, const char* s, const Spec& spec)
{
    if (!s) s = "(null)";
    unsigned len = 0;
    while (s[len] && (spec.precision < 0 || len < unsigned(spec.precision))) ++len;
    if (!spec.left && spec.width > len) pad(out, spec.width - len, ' ');
    for (unsigned i = 0; i < len; ++i) out.put(s[i]);
    if (spec.left && spec.width > len) pad(out, spec.width - len, ' ');
}

void emit_number(Output& out, uint64_t value, bool negative, unsigned base, bool upper, const Spec& spec)
{
    char digits[24];
    unsigned n = 0;
    const char* set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        digits[n++] = set[value % base];
        value /= base;
    } while (value);
    bool prefix = spec.alternate && base == 16;
    unsigned len = n + (negative ? 1 : 0) + (prefix ? 2 : 0);
    unsigned fill = spec.width > len ? spec.width - len : 0;
    if (!spec.left && !spec.zero) pad(out, fill, ' ');
    if (negative) out.put('-');
    if (prefix) {
        out.put('0');
        out.put(upper ? 'X' : 'x');
    }
    if (!spec.left && spec.zero) pad(out, fill, '0');
    while (n) out.put(digits[--n]);
    if (spec.left) pad(out, fill, ' ');
}

} // namespace

size_t format_to(char* buf, size_t size, const char* fmt, va_list args)
{
    Output out(buf, size);
    for (const char* p = fmt; *p; ++p) {
        if (*p != '%') {
            out.put(*p);
            continue;
        }
        Spec spec;
        ++p;
        for (;; ++p) {
            if (*p == '-') spec.left = true;
            else if (*p == '#') spec.alternate = true;
            else if (*p == '0') spec.zero = true;
            else break;
        }
        while (*p >= '0' && *p <= '9') spec.width = spec.width * 10 + unsigned(*p++ - '0');
        if (*p == '.') {
            ++p;
            spec.precision = 0;
            if (*p == '*') {
                spec.precision = va_arg(args, int);
                ++p;
            } else {
                while (*p >= '0' && *p <= '9') spec.precision = spec.precision * 10 + (*p++ - '0');
            }
        }
        int longs = 0;
        bool size_t_arg = false;
        for (;; ++p) {
            if (*p == 'l') ++longs;
            else if (*p == 'z') size_t_arg = true;
            else break;
        }
        auto next_unsigned = [&]() -> uint64_t {
            if (longs >= 2) return va_arg(args, unsigned long long);
            if (longs == 1) return va_arg(args, unsigned long);
            if (size_t_arg) return va_arg(args, size_t);
            return va_arg(args, unsigned);
        };
        switch (*p) {
        case 'd':
        case 'i': {
            int64_t v;
            if (longs >= 2) v = va_arg(args, long long);
            else if (longs == 1) v = va_arg(args, long);
            else if (size_t_arg) v = static_cast<int64_t>(va_arg(args, size_t));
            else v = va_arg(args, int);
            bool negative = v < 0;
            uint64_t magnitude = negative ? uint64_t(0) - uint64_t(v) : uint64_t(v);
            emit_number(out, magnitude, negative, 10, false, spec);
            break;
        }
        case 'u': emit_number(out, next_unsigned(), false, 10, false, spec); break;
        case 'x': emit_number(out, next_unsigned(), false, 16, false, spec); break;
        case 'X': emit_number(out, next_unsigned(), false, 16, true, spec); break;
        case 'p':
            out.put('0');
            out.put('x');
            emit_number(out, reinterpret_cast<uintptr_t>(va_arg(args, void*)), false, 16, false, spec);
            break;
        case 's': emit_string(out, va_arg(args, const char*), spec); break;
        case 'c': out.put(static_cast<char>(va_arg(args, int))); break;
        case '%': out.put('%'); break;
        case '\0': --p; break; // a lone '%' at the end prints nothing
        default:
            out.put('%');
            out.put(*p);
            break;
        }
    }
    out.finish();
    return out.length();
}

size_t format_to(char* buf, size_t size, const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    size_t n = format_to(buf, size, fmt, args);
    va_end(args);
    return n;
}

} // namespace hv
