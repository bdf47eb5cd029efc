#pragma once
// JSON values for the toolstack's API and its stored configurations: parsed
// with yajl's tree parser, written with yajl's generator (libxl's layout
// when pretty: 4-space indent). Object members keep their order.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace json {

class JsonError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Value {
public:
    enum class Kind { Null, Bool, Integer, Double, String, Array, Object };

    Value() = default;
    static Value boolean(bool b);
    static Value integer(int64_t i);
    static Value number(double d);
    static Value string(std::string s);
    static Value array();
    static Value object();

    Kind kind() const { return kind_; }
    bool is_null() const { return kind_ == Kind::Null; }
    bool is_object() const { return kind_ == Kind::Object; }
    bool is_array() const { return kind_ == Kind::Array; }
    bool is_string() const { return kind_ == Kind::String; }
    bool is_integer() const { return kind_ == Kind::Integer; }

    // Typed reads; each throws JsonError naming `what` on a wrong kind.
    bool as_bool(std::string_view what) const;
    int64_t as_integer(std::string_view what) const;
    double as_double(std::string_view what) const;
    const std::string& as_string(std::string_view what) const;

    // Objects: nullptr when absent.
    const Value* get(std::string_view key) const;
    Value* get(std::string_view key);
    // Sets (replacing in place, else appending) and returns the member.
    Value& set(std::string_view key, Value v);
    void erase(std::string_view key);
    const std::vector<std::pair<std::string, Value>>& members() const { return members_; }

    // Arrays.
    const std::vector<Value>& items() const { return items_; }
    Value& push(Value v);

private:
    Kind kind_ = Kind::Null;
    bool bool_ = false;
    int64_t integer_ = 0;
    double double_ = 0;
    std::string string_;
    std::vector<Value> items_;
    std::vector<std::pair<std::string, Value>> members_;
};

// Throws JsonError with yajl's message.
Value parse(std::string_view text);
// pretty: libxl's layout, ending in a newline; else one line, no newline.
std::string write(const Value& value, bool pretty = false);

} // namespace json
