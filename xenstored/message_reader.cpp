#include "message_reader.hpp"

#include <cstring>

namespace xenstored {

void MessageReader::feed(std::span<const std::uint8_t> bytes) {
    if (broken_) return;
    // Drop what was consumed before growing, so the buffer stays small.
    if (consumed_ > 0 && consumed_ * 2 >= buffer_.size()) {
        buffer_.erase(0, consumed_);
        consumed_ = 0;
    }
    buffer_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

std::optional<Message> MessageReader::next() {
    if (broken_ || buffered() < sizeof(MsgHeader)) return std::nullopt;
    Message msg;
    std::memcpy(&msg.header, buffer_.data() + consumed_, sizeof(MsgHeader));
    if (msg.header.len > kPayloadMax) {
        broken_ = true;
        return std::nullopt;
    }
    if (buffered() < sizeof(MsgHeader) + msg.header.len) return std::nullopt;
    msg.payload.assign(buffer_, consumed_ + sizeof(MsgHeader), msg.header.len);
    consumed_ += sizeof(MsgHeader) + msg.header.len;
    if (consumed_ == buffer_.size()) {
        buffer_.clear();
        consumed_ = 0;
    }
    return msg;
}

void MessageReader::reset() {
    buffer_.clear();
    consumed_ = 0;
    broken_ = false;
}

std::string encode_message(MsgType type, std::uint32_t req_id, std::uint32_t tx_id, std::string_view payload) {
    MsgHeader header{static_cast<std::uint32_t>(type), req_id, tx_id, static_cast<std::uint32_t>(payload.size())};
    std::string out(sizeof(header) + payload.size(), '\0');
    std::memcpy(out.data(), &header, sizeof(header));
    if (!payload.empty()) std::memcpy(out.data() + sizeof(header), payload.data(), payload.size());
    return out;
}

}  // namespace xenstored
