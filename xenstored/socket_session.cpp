#include "socket_session.hpp"

#include "daemon.hpp"

namespace xenstored {

namespace asio = boost::asio;

void SocketSession::wake() { write_more(); }

void SocketSession::close() {
    closed_ = true;
    boost::system::error_code ignored;
    socket_.close(ignored);
}

void SocketSession::read_more() {
    if (closed_ || reading_ || daemon_.backlogged(conn_)) return;
    reading_ = true;
    socket_.async_read_some(asio::buffer(buffer_),
                            [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                                self->reading_ = false;
                                if (self->closed_) return;
                                if (ec || !self->daemon_.receive(self->conn_, std::span(self->buffer_.data(), n))) {
                                    return self->finish();
                                }
                                self->read_more();
                            });
}

void SocketSession::write_more() {
    // One write in flight at most: handling input below may queue replies
    // and wake us while the front message is still being sent.
    if (closed_ || writing_) return;
    daemon_.expire_events(conn_);
    if (!conn_.has_output()) return;
    writing_ = true;
    const auto& bytes = conn_.front();
    auto chunk = asio::buffer(bytes.data() + conn_.front_offset(), bytes.size() - conn_.front_offset());
    socket_.async_write_some(chunk, [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
        self->writing_ = false;
        if (self->closed_) return;
        if (ec) return self->finish();
        self->conn_.advance(n);
        // Room again: handle what waited, then listen for more.
        if (!self->daemon_.process_input(self->conn_)) return self->finish();
        self->write_more();
        self->read_more();
    });
}

void SocketSession::finish() {
    if (closed_) return;
    auto keep = shared_from_this();  // on_gone_ may drop the last owner
    close();
    on_gone_();
}

}  // namespace xenstored
