// The xl.cfg grammar (Xen 4.17 libxlu_cfg_y.y, in our words):
//   file       := stmt* [assignment]
//   stmt       := assignment end | end | <error> NEWLINE
//   assignment := IDENT ('=' | '+=') value
//   end        := NEWLINE | ';'
//   value      := STRING | NUMBER | '[' nl* [values [',' nl*]] ']'
//   values     := value nl* (',' nl* value nl*)*
#include <fstream>
#include <sstream>

#include "config/config.hpp"
#include "config/lexer.hpp"

namespace xl::cfg {
namespace {

constexpr unsigned kMaxDepth = 64; // lists nest; a hostile file must not exhaust the stack

class Parser {
public:
    Parser(std::string_view text, const std::string& source, std::vector<Error>& errors)
        : lexer_(text), source_(source), errors_(errors)
    {
        advance();
    }

    bool parse(std::vector<Setting>& out)
    {
        bool ok = true;
        while (tok_.kind != Token::Kind::End) {
            if (tok_.kind == Token::Kind::Newline || tok_.kind == Token::Kind::Semicolon) {
                advance();
                continue;
            }
            Setting s;
            if (assignment(s) && (at_end_of_statement())) {
                out.push_back(std::move(s));
                if (tok_.kind != Token::Kind::End) advance();
                continue;
            }
            if (!failed_) fail("syntax error");
            ok = false;
            failed_ = false;
            // Resume at the next line.
            while (tok_.kind != Token::Kind::Newline && tok_.kind != Token::Kind::End) advance();
        }
        return ok;
    }

private:
    void advance()
    {
        tok_ = lexer_.next();
        if (tok_.kind == Token::Kind::Error) fail(tok_.text);
    }
    bool at_end_of_statement() const
    {
        return tok_.kind == Token::Kind::Newline || tok_.kind == Token::Kind::Semicolon ||
               tok_.kind == Token::Kind::End;
    }
    bool fail(const std::string& message)
    {
        if (failed_) return false;
        failed_ = true;
        std::string near = tok_.kind == Token::Kind::Newline || tok_.kind == Token::Kind::End ? "<newline>" : tok_.raw;
        errors_.push_back(Error{source_, tok_.line, "config parsing error near `" + near + "': " + message});
        return false;
    }
    void skip_newlines()
    {
        while (tok_.kind == Token::Kind::Newline) advance();
    }

    bool assignment(Setting& s)
    {
        if (tok_.kind != Token::Kind::Ident) return fail("expected a key (lowercase letters, digits, '_', '.')");
        s.key = tok_.text;
        s.line = tok_.line;
        advance();
        if (tok_.kind != Token::Kind::Assign && tok_.kind != Token::Kind::Append)
            return fail("expected `=' or `+=' after the key");
        s.append = tok_.kind == Token::Kind::Append;
        advance();
        return value(s.value, 0);
    }

    bool value(Value& v, unsigned depth)
    {
        switch (tok_.kind) {
        case Token::Kind::String:
            v = Value::string(tok_.text, tok_.line);
            advance();
            return true;
        case Token::Kind::Number:
            v = Value::number(tok_.text, tok_.line);
            advance();
            return true;
        case Token::Kind::Open: return list(v, depth);
        case Token::Kind::Ident: return fail("a bare word is not a value: quote it");
        default: return fail("expected a value (a string, a number or a [list])");
        }
    }

    bool list(Value& v, unsigned depth)
    {
        if (depth >= kMaxDepth) return fail("lists nested too deeply");
        v = Value::list({}, tok_.line);
        advance(); // '['
        skip_newlines();
        while (tok_.kind != Token::Kind::Close) {
            Value item;
            if (!value(item, depth + 1)) return false;
            v.items.push_back(std::move(item));
            skip_newlines();
            if (tok_.kind == Token::Kind::Comma) {
                advance();
                skip_newlines();
                continue;
            }
            if (tok_.kind != Token::Kind::Close) return fail("expected `,' or `]' in a list");
        }
        advance(); // ']'
        return true;
    }

    Lexer lexer_;
    const std::string& source_;
    std::vector<Error>& errors_;
    Token tok_;
    bool failed_ = false;
};

} // namespace

std::string Error::format() const { return source + ":" + std::to_string(line) + ": " + message; }

std::optional<Config> Config::parse(std::string_view text, const std::string& source, std::vector<Error>& errors)
{
    Config c;
    c.source_ = source;
    std::vector<Setting> settings;
    size_t before = errors.size();
    Parser p(text, source, errors);
    bool ok = p.parse(settings);
    for (Setting& s : settings) ok = c.add(std::move(s), errors) && ok;
    if (!ok || errors.size() != before) return std::nullopt;
    return c;
}

std::optional<Config> Config::load(const std::string& path, std::vector<Error>& errors)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        errors.push_back(Error{path, 0, "cannot open the configuration file"});
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path, errors);
}

bool Config::apply_override(std::string_view assignment, std::vector<Error>& errors)
{
    std::vector<Error> local;
    auto extra = parse(assignment, "command line", local);
    if (!extra || extra->settings_.size() != 1) {
        if (local.empty()) local.push_back(Error{"command line", 1, "expected one key=value"});
        errors.insert(errors.end(), local.begin(), local.end());
        return false;
    }
    return add(extra->settings_.front(), errors);
}

bool Config::add(Setting setting, std::vector<Error>& errors)
{
    Setting resolved = setting;
    for (auto it = resolved_.begin(); it != resolved_.end(); ++it) {
        if (it->key != setting.key) continue;
        if (setting.append) {
            const Value& old = it->value;
            if (old.kind == Value::Kind::Number || setting.value.kind == Value::Kind::Number) {
                errors.push_back(Error{source_, setting.line, "`" + setting.key + "': can't use += with numbers"});
                return false;
            }
            if (old.kind != setting.value.kind) {
                errors.push_back(Error{source_, setting.line, "`" + setting.key + "': += of a " +
                                                                  (setting.value.kind == Value::Kind::List ? "list" : "string") +
                                                                  " to a different type"});
                return false;
            }
            resolved.value = old;
            if (old.kind == Value::Kind::String) resolved.value.text += setting.value.text;
            else resolved.value.items.insert(resolved.value.items.end(), setting.value.items.begin(), setting.value.items.end());
        }
        resolved_.erase(it);
        break;
    }
    settings_.push_back(std::move(setting));
    resolved_.push_back(std::move(resolved));
    return true;
}

const Setting* Config::setting(std::string_view key) const
{
    for (const Setting& s : resolved_)
        if (s.key == key) return &s;
    return nullptr;
}

const Value* Config::find(std::string_view key) const
{
    const Setting* s = setting(key);
    return s ? &s->value : nullptr;
}

} // namespace xl::cfg
