#pragma once
// Guest output waiting for the pty: capped by the console's `limit` node.
// With overflow discard (the default), once the buffer holds more than 5/4
// of the cap the oldest bytes go, bringing it back to the cap, as Xen's
// xenconsoled does; with keep, the daemon stops draining the ring instead
// (has_room() false) and the guest waits.
#include <cstddef>
#include <string>
#include <string_view>

namespace console {

class OutputBuffer {
public:
    // `cap` 0: no cap.
    OutputBuffer(size_t cap, bool discard_overflow) : cap_(cap), discard_(discard_overflow) {}

    void append(std::string_view bytes);
    std::string_view data() const { return std::string_view(data_).substr(start_); }
    size_t size() const { return data_.size() - start_; }
    bool empty() const { return size() == 0; }
    void consume(size_t n);
    // Whether more guest output may be taken now.
    bool has_room() const { return discard_ || cap_ == 0 || size() < cap_; }
    size_t cap() const { return cap_; }
    size_t discarded() const { return discarded_; } // bytes dropped so far

private:
    void compact();

    std::string data_;
    size_t start_ = 0; // consumed prefix not yet erased
    size_t cap_;
    bool discard_;
    size_t discarded_ = 0;
};

} // namespace console
