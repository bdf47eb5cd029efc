#include "json/json.hpp"

#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

#include <memory>

namespace json {
namespace {

const char* kind_name(Value::Kind k)
{
    switch (k) {
    case Value::Kind::Null: return "null";
    case Value::Kind::Bool: return "a boolean";
    case Value::Kind::Integer: return "an integer";
    case Value::Kind::Double: return "a number";
    case Value::Kind::String: return "a string";
    case Value::Kind::Array: return "an array";
    case Value::Kind::Object: return "an object";
    }
    return "?";
}

[[noreturn]] void wrong_kind(std::string_view what, const char* wanted, Value::Kind got)
{
    throw JsonError(std::string(what) + ": expected " + wanted + ", got " + kind_name(got));
}

Value from_yajl(yajl_val v)
{
    if (!v || YAJL_IS_NULL(v)) return {};
    if (YAJL_IS_TRUE(v)) return Value::boolean(true);
    if (YAJL_IS_FALSE(v)) return Value::boolean(false);
    if (YAJL_IS_STRING(v)) return Value::string(YAJL_GET_STRING(v));
    if (YAJL_IS_INTEGER(v)) return Value::integer(YAJL_GET_INTEGER(v));
    if (YAJL_IS_NUMBER(v)) return Value::number(YAJL_GET_DOUBLE(v));
    if (YAJL_IS_ARRAY(v)) {
        Value a = Value::array();
        for (size_t i = 0; i < v->u.array.len; ++i) a.push(from_yajl(v->u.array.values[i]));
        return a;
    }
    Value o = Value::object();
    for (size_t i = 0; i < v->u.object.len; ++i) o.set(v->u.object.keys[i], from_yajl(v->u.object.values[i]));
    return o;
}

void generate(yajl_gen g, const Value& v)
{
    switch (v.kind()) {
    case Value::Kind::Null: yajl_gen_null(g); break;
    case Value::Kind::Bool: yajl_gen_bool(g, v.as_bool("")); break;
    case Value::Kind::Integer: yajl_gen_integer(g, v.as_integer("")); break;
    case Value::Kind::Double: yajl_gen_double(g, v.as_double("")); break;
    case Value::Kind::String: {
        const std::string& s = v.as_string("");
        yajl_gen_string(g, reinterpret_cast<const unsigned char*>(s.data()), s.size());
        break;
    }
    case Value::Kind::Array:
        yajl_gen_array_open(g);
        for (const Value& item : v.items()) generate(g, item);
        yajl_gen_array_close(g);
        break;
    case Value::Kind::Object:
        yajl_gen_map_open(g);
        for (const auto& [key, member] : v.members()) {
            yajl_gen_string(g, reinterpret_cast<const unsigned char*>(key.data()), key.size());
            generate(g, member);
        }
        yajl_gen_map_close(g);
        break;
    }
}

} // namespace

Value Value::boolean(bool b)
{
    Value v;
    v.kind_ = Kind::Bool;
    v.bool_ = b;
    return v;
}
Value Value::integer(int64_t i)
{
    Value v;
    v.kind_ = Kind::Integer;
    v.integer_ = i;
    return v;
}
Value Value::number(double d)
{
    Value v;
    v.kind_ = Kind::Double;
    v.double_ = d;
    return v;
}
Value Value::string(std::string s)
{
    Value v;
    v.kind_ = Kind::String;
    v.string_ = std::move(s);
    return v;
}
Value Value::array()
{
    Value v;
    v.kind_ = Kind::Array;
    return v;
}
Value Value::object()
{
    Value v;
    v.kind_ = Kind::Object;
    return v;
}

bool Value::as_bool(std::string_view what) const
{
    if (kind_ != Kind::Bool) wrong_kind(what, "a boolean", kind_);
    return bool_;
}
double Value::as_double(std::string_view what) const
{
    if (kind_ == Kind::Integer) return double(integer_);
    if (kind_ != Kind::Double) wrong_kind(what, "a number", kind_);
    return double_;
}
int64_t Value::as_integer(std::string_view what) const
{
    if (kind_ != Kind::Integer) wrong_kind(what, "an integer", kind_);
    return integer_;
}
const std::string& Value::as_string(std::string_view what) const
{
    if (kind_ != Kind::String) wrong_kind(what, "a string", kind_);
    return string_;
}

const Value* Value::get(std::string_view key) const
{
    for (const auto& [k, v] : members_)
        if (k == key) return &v;
    return nullptr;
}
Value* Value::get(std::string_view key)
{
    for (auto& [k, v] : members_)
        if (k == key) return &v;
    return nullptr;
}
Value& Value::set(std::string_view key, Value v)
{
    if (Value* existing = get(key)) return *existing = std::move(v);
    members_.emplace_back(std::string(key), std::move(v));
    return members_.back().second;
}
void Value::erase(std::string_view key)
{
    std::erase_if(members_, [&](const auto& m) { return m.first == key; });
}
Value& Value::push(Value v)
{
    items_.push_back(std::move(v));
    return items_.back();
}

Value parse(std::string_view text)
{
    // The tree parser, the conversion and the destructors recurse once per
    // level: a request nested deeper than any configuration is refused
    // before any of them runs.
    constexpr int kMaxDepth = 64;
    int depth = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxDepth) throw JsonError("invalid JSON: nested deeper than " + std::to_string(kMaxDepth));
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    std::string copy(text); // yajl_tree_parse wants a NUL-terminated string
    char error[256] = "";
    std::unique_ptr<yajl_val_s, void (*)(yajl_val)> tree(yajl_tree_parse(copy.c_str(), error, sizeof(error)),
                                                          yajl_tree_free);
    if (!tree) {
        std::string message(error);
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
        throw JsonError("invalid JSON: " + (message.empty() ? std::string("parse error") : message));
    }
    return from_yajl(tree.get());
}

std::string write(const Value& value, bool pretty)
{
    std::unique_ptr<yajl_gen_t, void (*)(yajl_gen)> g(yajl_gen_alloc(nullptr), yajl_gen_free);
    if (pretty) {
        yajl_gen_config(g.get(), yajl_gen_beautify, 1);
        yajl_gen_config(g.get(), yajl_gen_indent_string, "    ");
    }
    generate(g.get(), value);
    const unsigned char* buffer = nullptr;
    size_t length = 0;
    yajl_gen_get_buf(g.get(), &buffer, &length);
    return std::string(reinterpret_cast<const char*>(buffer), length);
}

} // namespace json
