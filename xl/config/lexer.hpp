#pragma once
// The xl.cfg lexical grammar (Xen 4.17's libxlu_cfg_l.l, in our words):
// lowercase identifiers, numbers kept as text, strings in either quote with
// C escapes, = += , [ ] ; and newlines; '#' comments run to the end of the
// line. No line continuation: only lists span lines.
#include <string>
#include <string_view>

namespace xl::cfg {

struct Token {
    enum class Kind { Ident, Number, String, Assign, Append, Comma, Open, Close, Semicolon, Newline, End, Error };
    Kind kind = Kind::End;
    std::string text; // Ident/Number: as written; String: unescaped; Error: the message
    std::string raw;  // as it appears in the file, for "near `...'" messages
    int line = 1;
};

class Lexer {
public:
    explicit Lexer(std::string_view input) : in_(input) {}
    Token next();

private:
    Token make(Token::Kind kind, size_t start);
    Token error(std::string message, size_t start);
    Token string_literal(size_t start);

    std::string_view in_;
    size_t pos_ = 0;
    int line_ = 1;
};

} // namespace xl::cfg
