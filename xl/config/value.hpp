#pragma once
// The values of an xl.cfg file: strings, numbers (kept as written, converted
// when a key is read) and lists, which may nest.
#include <memory>
#include <string>
#include <vector>

namespace xl::cfg {

struct Value {
    enum class Kind { String, Number, List };
    Kind kind = Kind::String;
    std::string text;         // String: the unescaped text; Number: as written
    std::vector<Value> items; // List
    int line = 0;             // where it starts

    static Value string(std::string s, int line) { return {Kind::String, std::move(s), {}, line}; }
    static Value number(std::string s, int line) { return {Kind::Number, std::move(s), {}, line}; }
    static Value list(std::vector<Value> v, int line) { return {Kind::List, {}, std::move(v), line}; }
};

// One `key = value` (or `key += value`) of the file, in order.
struct Setting {
    std::string key;
    Value value;
    bool append = false;
    int line = 0;
};

} // namespace xl::cfg
