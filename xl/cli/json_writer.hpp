#pragma once
// A thin layer over yajl's generator, beautified as libxl prints its JSON
// (4-space indent), with libxl's "True"/"False" defbools.
#include <yajl/yajl_gen.h>

#include <memory>
#include <string>

namespace xl {

class Json {
public:
    Json() : gen_(yajl_gen_alloc(nullptr), yajl_gen_free)
    {
        yajl_gen_config(gen_.get(), yajl_gen_beautify, 1);
        yajl_gen_config(gen_.get(), yajl_gen_indent_string, "    ");
    }
    Json& key(const char* k) { return str(k); }
    Json& str(const std::string& s)
    {
        yajl_gen_string(gen_.get(), reinterpret_cast<const unsigned char*>(s.data()), s.size());
        return *this;
    }
    Json& num(long long v)
    {
        yajl_gen_integer(gen_.get(), v);
        return *this;
    }
    Json& boolean(bool v)
    {
        yajl_gen_bool(gen_.get(), v);
        return *this;
    }
    Json& open_map()
    {
        yajl_gen_map_open(gen_.get());
        return *this;
    }
    Json& close_map()
    {
        yajl_gen_map_close(gen_.get());
        return *this;
    }
    Json& open_array()
    {
        yajl_gen_array_open(gen_.get());
        return *this;
    }
    Json& close_array()
    {
        yajl_gen_array_close(gen_.get());
        return *this;
    }
    Json& empty_map(const char* k) { return key(k).open_map().close_map(); }
    Json& defbool(const char* k, bool v) { return key(k).str(v ? "True" : "False"); }
    std::string text()
    {
        const unsigned char* buf;
        size_t len;
        yajl_gen_get_buf(gen_.get(), &buf, &len);
        return std::string(reinterpret_cast<const char*>(buf), len);
    }

private:
    std::unique_ptr<struct yajl_gen_t, void (*)(yajl_gen)> gen_;
};

} // namespace xl
