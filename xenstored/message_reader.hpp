// Splits a connection's byte stream into messages (16-byte header, then
// `len` payload bytes). A header announcing more than 4096 bytes breaks the
// stream for good: Xen drops such a connection.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire.hpp"

namespace xenstored {

struct Message {
    MsgHeader header{};
    std::string payload;
};

class MessageReader {
public:
    void feed(std::span<const std::uint8_t> bytes);
    // The next complete message, if one has arrived whole.
    std::optional<Message> next();
    bool broken() const { return broken_; }
    std::size_t buffered() const { return buffer_.size() - consumed_; }
    void reset();

private:
    std::string buffer_;
    std::size_t consumed_ = 0;
    bool broken_ = false;
};

// A message as bytes on the wire.
std::string encode_message(MsgType type, std::uint32_t req_id, std::uint32_t tx_id, std::string_view payload);

}  // namespace xenstored
