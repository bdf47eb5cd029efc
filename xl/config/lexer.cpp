#include "config/lexer.hpp"

#include <algorithm>
#include <cctype>

namespace xl::cfg {
namespace {
bool lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool number_char(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == 'x'; }
} // namespace

Token Lexer::make(Token::Kind kind, size_t start)
{
    Token t;
    t.kind = kind;
    t.raw = std::string(in_.substr(start, pos_ - start));
    t.text = t.raw;
    t.line = line_;
    return t;
}

Token Lexer::error(std::string message, size_t start)
{
    Token t = make(Token::Kind::Error, start);
    t.text = std::move(message);
    return t;
}

Token Lexer::string_literal(size_t start)
{
    char quote = in_[pos_++];
    std::string text;
    while (pos_ < in_.size() && in_[pos_] != quote) {
        char c = in_[pos_++];
        if (c == '\n') {
            --pos_;
            return error("unterminated string (a string cannot contain a newline)", start);
        }
        if (c != '\\') {
            text += c;
            continue;
        }
        if (pos_ >= in_.size()) break;
        if (in_[pos_] == '\n') // a backslash cannot continue a string on the next line
            return error("unterminated string (a string cannot contain a newline)", start);
        char e = in_[pos_++];
        switch (e) {
        case '\'': case '"': case '\\': text += e; break;
        case 'a': text += '\a'; break;
        case 'b': text += '\b'; break;
        case 'f': text += '\f'; break;
        case 'n': text += '\n'; break;
        case 'r': text += '\r'; break;
        case 't': text += '\t'; break;
        case 'v': text += '\v'; break;
        case 'x': {
            // \xHH: Xen 4.17 accepts it but drops the character; we decode it.
            unsigned v = 0, n = 0;
            while (n < 2 && pos_ < in_.size() && std::isxdigit(static_cast<unsigned char>(in_[pos_]))) {
                char h = in_[pos_++];
                v = v * 16 + unsigned(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
                ++n;
            }
            if (!n) return error("\\x needs hexadecimal digits", start);
            text += char(v);
            break;
        }
        default:
            if (e >= '0' && e <= '7') {
                unsigned v = unsigned(e - '0'), n = 1;
                while (n < 3 && pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '7') {
                    v = v * 8 + unsigned(in_[pos_++] - '0');
                    ++n;
                }
                if (v > 0377) return error("octal escape above \\377 in a string", start);
                text += char(v);
                break;
            }
            // The whole string is the bad token; lexing resumes after it.
            while (pos_ < in_.size() && in_[pos_] != quote && in_[pos_] != '\n')
                pos_ = std::min(in_.size(), pos_ + (in_[pos_] == '\\' ? 2 : 1));
            if (pos_ < in_.size() && in_[pos_] == quote) ++pos_;
            return error(std::string("unknown escape \\") + e + " in a string", start);
        }
    }
    if (pos_ >= in_.size()) return error("unterminated string", start);
    ++pos_; // closing quote
    Token t = make(Token::Kind::String, start);
    t.text = std::move(text);
    return t;
}

Token Lexer::next()
{
    while (pos_ < in_.size() && (in_[pos_] == ' ' || in_[pos_] == '\t' || in_[pos_] == '\r')) ++pos_;
    size_t start = pos_;
    if (pos_ >= in_.size()) return make(Token::Kind::End, start);
    char c = in_[pos_];
    if (c == '#') { // a comment ends with, and includes, its newline
        while (pos_ < in_.size() && in_[pos_] != '\n') ++pos_;
        if (pos_ < in_.size()) ++pos_;
        Token t = make(Token::Kind::Newline, start);
        ++line_;
        return t;
    }
    if (c == '\n') {
        ++pos_;
        Token t = make(Token::Kind::Newline, start);
        ++line_;
        return t;
    }
    if (c >= 'a' && c <= 'z') {
        while (pos_ < in_.size() && (lower_or_digit(in_[pos_]) || in_[pos_] == '_' || in_[pos_] == '.')) ++pos_;
        if (pos_ < in_.size() && ((in_[pos_] >= 'A' && in_[pos_] <= 'Z') || in_[pos_] == '-')) {
            while (pos_ < in_.size() && (std::isalnum(static_cast<unsigned char>(in_[pos_])) || in_[pos_] == '-' ||
                                         in_[pos_] == '_'))
                ++pos_;
            return error("keys are lowercase letters, digits, '_' and '.'", start);
        }
        return make(Token::Kind::Ident, start);
    }
    if (c >= '0' && c <= '9') {
        while (pos_ < in_.size() && number_char(in_[pos_])) ++pos_;
        return make(Token::Kind::Number, start);
    }
    if (c == '\'' || c == '"') return string_literal(start);
    ++pos_;
    switch (c) {
    case '=': return make(Token::Kind::Assign, start);
    case ',': return make(Token::Kind::Comma, start);
    case '[': return make(Token::Kind::Open, start);
    case ']': return make(Token::Kind::Close, start);
    case ';': return make(Token::Kind::Semicolon, start);
    case '+':
        if (pos_ < in_.size() && in_[pos_] == '=') {
            ++pos_;
            return make(Token::Kind::Append, start);
        }
        break;
    default: break;
    }
    // As xl's lexer, the bad token runs to the next separator: "(128)", "MB".
    auto rest_of_word = [&] {
        while (pos_ < in_.size() && std::string_view(" \t\r\n#;,=[]'\"").find(in_[pos_]) == std::string_view::npos) ++pos_;
    };
    rest_of_word();
    if (std::string_view("+-.():").find(c) != std::string_view::npos)
        return error("unexpected character (this looks like Python, which xl.cfg is not)", start);
    if (c >= 'A' && c <= 'Z') return error("keys are lowercase letters, digits, '_' and '.'", start);
    return error("unexpected character", start);
}

} // namespace xl::cfg
