#include "output_buffer.hpp"

namespace console {

void OutputBuffer::append(std::string_view bytes)
{
    compact();
    data_.append(bytes);
    if (discard_ && cap_ && size() > cap_ / 4 * 5) {
        size_t over = size() - cap_;
        start_ += over;
        discarded_ += over;
        compact();
    }
}

void OutputBuffer::consume(size_t n)
{
    start_ += std::min(n, size());
    if (start_ == data_.size()) {
        data_.clear();
        start_ = 0;
    }
}

// Erases the consumed prefix once it is worth the move.
void OutputBuffer::compact()
{
    if (start_ && (start_ >= data_.size() / 2 || start_ > 65536)) {
        data_.erase(0, start_);
        start_ = 0;
    }
}

} // namespace console
