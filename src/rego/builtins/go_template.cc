// Parsing Go text/template source (go_template.h): a lexer as text/template/parse's (actions
// between "{{" and "}}", trim markers "{{- " and " -}}", comments "{{/* */}}", Go literals),
// then a recursive-descent parser over its tokens, nesting at most kMaxTemplateDepth levels.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <string_view>

#include "src/rego/builtins/go_template.h"
#include "src/rego/builtins/text_support.h"

namespace assay::rego::builtins::go_template {

namespace {

enum class Tok {
  kText, kLeft, kRight, kIdent, kField, kVariable, kDot, kString, kNumber, kChar, kBool, kNil,
  kLeftParen, kRightParen, kPipe, kDeclare, kAssign, kComma, kEnd
};

struct Token {
  Tok kind;
  size_t position;
  std::string text;    // source text (identifier, field name without '.', variable with '$')
  std::string value;   // decoded string literal
  bool spaced = false;  // preceded by white space inside the action
  size_t end = 0;       // offset just past the token
};

constexpr std::string_view kFunctions[] = {"and", "or", "not", "len", "index", "print", "printf",
                                           "println", "eq", "ne", "lt", "le", "gt", "ge",
                                           "html", "urlquery", "slice", "call", "js"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Lexer {
 public:
  explicit Lexer(std::string_view source) : src_(source) {}

  bool run(std::vector<Token>* out, std::string* error) {
    size_t pos = 0;
    bool trim_next = false;
    while (true) {
      size_t left = src_.find("{{", pos);
      std::string_view text = src_.substr(pos, left == std::string_view::npos ? std::string_view::npos : left - pos);
      bool trim_before = left != std::string_view::npos && left + 3 < src_.size() &&
                         src_[left + 2] == '-' && is_space(src_[left + 3]);
      if (trim_next) {
        while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
      }
      if (trim_before) {
        while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
      }
      if (!text.empty()) out->push_back({Tok::kText, pos, std::string(text), {}, false});
      if (left == std::string_view::npos) break;
      size_t p = left + 2 + (trim_before ? 2 : 0);
      if (src_.substr(p, 2) == "/*") {
        if (!comment(p, &pos, &trim_next, error)) return false;
        continue;
      }
      out->push_back({Tok::kLeft, left, "{{", {}, false});
      if (!action(p, out, &pos, &trim_next, error)) return false;
    }
    out->push_back({Tok::kEnd, src_.size(), "", {}, false});
    return true;
  }

 private:
  bool fail(size_t position, std::string* error, std::string message) {
    *error = location(src_, position, false) + ": " + message;
    return false;
  }

  bool comment(size_t start, size_t* next, bool* trim_next, std::string* error) {
    size_t close = src_.find("*/", start + 2);
    if (close == std::string_view::npos) return fail(start, error, "unclosed comment");
    size_t p = close + 2;
    if (src_.substr(p, 2) == "}}") {
      *trim_next = false;
      *next = p + 2;
      return true;
    }
    if (p < src_.size() && is_space(src_[p])) {
      size_t q = p;
      while (q < src_.size() && is_space(src_[q])) ++q;
      if (src_.substr(q, 3) == "-}}") {
        *trim_next = true;
        *next = q + 3;
        return true;
      }
    }
    return fail(start, error, "comment ends before closing delimiter");
  }

  bool action(size_t p, std::vector<Token>* out, size_t* next, bool* trim_next, std::string* error) {
    bool spaced = false;
    while (true) {
      if (p >= src_.size()) return fail(p, error, "unclosed action");
      char c = src_[p];
      if (src_.substr(p, 2) == "}}") {
        out->push_back({Tok::kRight, p, "}}", {}, spaced});
        *next = p + 2;
        *trim_next = false;
        return true;
      }
      if (is_space(c)) {
        size_t q = p;
        while (q < src_.size() && is_space(src_[q])) ++q;
        if (src_.substr(q, 3) == "-}}") {
          out->push_back({Tok::kRight, q, "}}", {}, true});
          *next = q + 3;
          *trim_next = true;
          return true;
        }
        p = q;
        spaced = true;
        continue;
      }
      Token token{Tok::kEnd, p, std::string(1, c), {}, spaced};
      spaced = false;
      size_t end = p + 1;
      if (c == '(' || c == ')' || c == '|' || c == ',' || c == '=') {
        token.kind = c == '(' ? Tok::kLeftParen : c == ')' ? Tok::kRightParen
                   : c == '|' ? Tok::kPipe : c == ',' ? Tok::kComma : Tok::kAssign;
      } else if (c == ':') {
        if (src_.substr(p, 2) != ":=") return fail(p, error, "expected :=");
        token.kind = Tok::kDeclare;
        end = p + 2;
      } else if (c == '"' || c == '`') {
        if (!quoted(p, &token, &end, error)) return false;
      } else if (c == '\'') {
        if (!character(p, &token, &end, error)) return false;
      } else if (c == '$') {
        while (end < src_.size() && is_word(src_[end])) ++end;
        token.kind = Tok::kVariable;
      } else if (c == '.' && end < src_.size() && is_word(src_[end]) &&
                 !std::isdigit(static_cast<unsigned char>(src_[end]))) {
        while (end < src_.size() && is_word(src_[end])) ++end;
        token.kind = Tok::kField;
        token.text = std::string(src_.substr(p + 1, end - p - 1));
      } else if (c == '.' && !(end < src_.size() && std::isdigit(static_cast<unsigned char>(src_[end])))) {
        token.kind = Tok::kDot;
      } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.') {
        while (end < src_.size() && (is_word(src_[end]) || src_[end] == '.' ||
                                     ((src_[end] == '+' || src_[end] == '-') &&
                                      (src_[end - 1] == 'e' || src_[end - 1] == 'E')))) {
          ++end;
        }
        token.kind = Tok::kNumber;
      } else if (is_word(c)) {
        while (end < src_.size() && is_word(src_[end])) ++end;
        token.kind = Tok::kIdent;
      } else {
        return fail(p, error, "unexpected \"" + std::string(1, c) + "\" in command");
      }
      if (token.kind != Tok::kField) token.text = std::string(src_.substr(p, end - p));
      token.end = end;
      if (token.kind == Tok::kIdent && (token.text == "true" || token.text == "false")) {
        token.kind = Tok::kBool;
      } else if (token.kind == Tok::kIdent && token.text == "nil") {
        token.kind = Tok::kNil;
      }
      out->push_back(std::move(token));
      p = end;
    }
  }

  // Go's strconv.Unquote for "..." and `...` literals.
  bool quoted(size_t p, Token* token, size_t* end, std::string* error) {
    token->kind = Tok::kString;
    char quote = src_[p];
    size_t q = p + 1;
    std::string value;
    while (true) {
      if (q >= src_.size() || (quote == '"' && src_[q] == '\n')) {
        return fail(p, error, quote == '"' ? "unterminated quoted string" : "unterminated raw quoted string");
      }
      char c = src_[q];
      if (c == quote) break;
      if (quote == '"' && c == '\\') {
        if (!escape(&q, &value)) return fail(p, error, "invalid syntax");
        continue;
      }
      value += c;
      ++q;
    }
    token->value = std::move(value);
    *end = q + 1;
    return true;
  }

  bool escape(size_t* q, std::string* out) {
    size_t p = *q + 1;
    if (p >= src_.size()) return false;
    char c = src_[p];
    static const std::string_view kSimple = "abfnrtv\\'\"";
    static const char kDecoded[] = "\a\b\f\n\r\t\v\\'\"";
    if (size_t k = kSimple.find(c); k != std::string_view::npos) {
      *out += kDecoded[k];
      *q = p + 1;
      return true;
    }
    int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
    int base = 16;
    if (c >= '0' && c <= '7') {
      digits = 3;
      base = 8;
      --p;
    }
    if (digits == 0 || p + 1 + digits > src_.size()) return false;
    uint32_t code = 0;
    auto [ptr, ec] = std::from_chars(src_.data() + p + 1, src_.data() + p + 1 + digits, code, base);
    if (ec != std::errc() || ptr != src_.data() + p + 1 + digits) return false;
    if (c == 'x' || base == 8) {
      if (code > 255) return false;
      *out += static_cast<char>(code);
    } else {
      append_rune(out, code);
    }
    *q = p + 1 + digits;
    return true;
  }

  bool character(size_t p, Token* token, size_t* end, std::string* error) {
    token->kind = Tok::kChar;
    size_t q = p + 1;
    std::string value;
    if (q < src_.size() && src_[q] == '\\') {
      if (!escape(&q, &value)) return fail(p, error, "invalid syntax");
    } else if (q < src_.size()) {
      char32_t r;
      q += decode_rune(src_, q, &r);
      append_rune(&value, r);
    }
    if (q >= src_.size() || src_[q] != '\'') return fail(p, error, "unterminated character constant");
    token->value = std::move(value);
    *end = q + 1;
    return true;
  }

  std::string_view src_;
};

class Parser {
 public:
  Parser(std::string_view source, std::vector<Token> tokens)
      : src_(source), tokens_(std::move(tokens)) {}

  std::optional<NodeList> run(std::string* error) {
    NodeList nodes;
    std::string terminator;
    if (!list(&nodes, &terminator, 0)) {
      *error = error_;
      return std::nullopt;
    }
    if (!terminator.empty()) {
      fail(tokens_[index_].position, "unexpected {{" + terminator + "}}");
      *error = error_;
      return std::nullopt;
    }
    return nodes;
  }

 private:
  bool fail(size_t position, std::string message) {
    if (error_.empty()) error_ = location(src_, position, false) + ": " + message;
    return false;
  }
  const Token& peek(size_t ahead = 0) const {
    return tokens_[std::min(index_ + ahead, tokens_.size() - 1)];
  }
  const Token& next() { return tokens_[std::min(index_++, tokens_.size() - 1)]; }
  bool keyword(const Token& t, std::string_view word) const {
    return t.kind == Tok::kIdent && t.text == word;
  }
  bool expect_right(std::string_view context) {
    if (peek().kind == Tok::kRight) {
      next();
      return true;
    }
    return fail(peek().position, "unexpected \"" + peek().text + "\" in " + std::string(context));
  }

  // Nodes up to EOF or to an {{end}} / {{else}}, whose keyword goes in *terminator (the
  // "{{" and the keyword consumed).
  bool list(NodeList* nodes, std::string* terminator, size_t depth) {
    if (depth > kMaxTemplateDepth) return fail(peek().position, "template nests too deeply");
    while (true) {
      const Token& t = next();
      if (t.kind == Tok::kEnd) {
        if (depth > 0) return fail(t.position, "unexpected EOF");
        return true;
      }
      if (t.kind == Tok::kText) {
        Node text;
        text.position = t.position;
        text.text = t.text;
        nodes->push_back(std::move(text));
        continue;
      }
      const Token& head = peek();
      if (keyword(head, "end") || keyword(head, "else")) {
        *terminator = head.text;
        next();
        return true;
      }
      Node node;
      node.position = head.position;
      if (keyword(head, "if") || keyword(head, "range") || keyword(head, "with")) {
        if (!control(&node, depth)) return false;
      } else if (keyword(head, "break") || keyword(head, "continue")) {
        next();
        if (range_depth_ == 0) return fail(head.position, "{{" + head.text + "}} outside {{range}}");
        node.kind = head.text == "break" ? Node::Kind::kBreak : Node::Kind::kContinue;
        if (!expect_right(head.text)) return false;
      } else if (keyword(head, "define") || keyword(head, "template") || keyword(head, "block")) {
        return fail(head.position, "{{" + head.text + "}} is not supported by strings.render_template");
      } else {
        node.kind = Node::Kind::kAction;
        if (!pipeline(&node.pipeline, "command", false, depth)) return false;
        if (!expect_right("command")) return false;
      }
      nodes->push_back(std::move(node));
    }
  }

  // {{if|range|with pipeline}} body [{{else [if|with ...]}} otherwise] {{end}}; the keyword is
  // the next token.
  bool control(Node* node, size_t depth) {
    const Token& word = next();
    std::string name = word.text;
    node->kind = name == "if" ? Node::Kind::kIf : name == "range" ? Node::Kind::kRange
                                                                  : Node::Kind::kWith;
    node->position = word.position;
    if (!pipeline(&node->pipeline, name, name == "range", depth)) return false;
    if (!expect_right(name)) return false;
    if (node->kind == Node::Kind::kRange) ++range_depth_;
    std::string terminator;
    bool ok = list(&node->body, &terminator, depth + 1);
    if (node->kind == Node::Kind::kRange) --range_depth_;
    if (!ok) return false;
    if (terminator.empty()) return fail(peek().position, "unexpected EOF");
    if (terminator == "else") {
      // {{else if ...}} and {{else with ...}} open a nested control that owns the {{end}}.
      if ((node->kind == Node::Kind::kIf && keyword(peek(), "if")) ||
          (node->kind == Node::Kind::kWith && keyword(peek(), "with"))) {
        Node nested;
        if (!control(&nested, depth + 1)) return false;
        node->otherwise.push_back(std::move(nested));
        return true;
      }
      if (!expect_right("else")) return false;
      if (!list(&node->otherwise, &terminator, depth + 1)) return false;
      if (terminator != "end") {
        return fail(peek().position, terminator.empty() ? "unexpected EOF" : "expected end; found {{else}}");
      }
    }
    return expect_right("end");
  }

  bool pipeline(Pipeline* out, std::string_view context, bool range, size_t depth) {
    out->position = peek().position;
    // Declarations: $x := / $x = / (range) $i, $e :=
    if (peek().kind == Tok::kVariable) {
      if (peek(1).kind == Tok::kDeclare || peek(1).kind == Tok::kAssign) {
        out->variables.push_back(next().text);
        out->assignment = next().kind == Tok::kAssign;
      } else if (range && peek(1).kind == Tok::kComma && peek(2).kind == Tok::kVariable &&
                 (peek(3).kind == Tok::kDeclare || peek(3).kind == Tok::kAssign)) {
        out->variables.push_back(next().text);
        next();
        out->variables.push_back(next().text);
        out->assignment = next().kind == Tok::kAssign;
      }
    }
    while (true) {
      Command command;
      if (!this->command(&command, depth)) return false;
      if (command.operands.empty()) {
        return fail(peek().position, out->commands.empty() ? "missing value for " + std::string(context)
                                                           : "missing command");
      }
      out->commands.push_back(std::move(command));
      if (peek().kind != Tok::kPipe) return true;
      next();
    }
  }

  bool command(Command* out, size_t depth) {
    while (true) {
      const Token& t = peek();
      if (t.kind == Tok::kRight || t.kind == Tok::kRightParen || t.kind == Tok::kPipe ||
          t.kind == Tok::kEnd) {
        return true;
      }
      if (!out->operands.empty() && !t.spaced && t.kind != Tok::kLeftParen) {
        return fail(t.position, "missing space?");
      }
      Operand operand;
      if (!this->operand(&operand, depth)) return false;
      out->operands.push_back(std::move(operand));
    }
  }

  bool operand(Operand* out, size_t depth) {
    const Token& t = next();
    out->position = t.position;
    switch (t.kind) {
      case Tok::kDot: out->kind = Operand::Kind::kDot; break;
      case Tok::kNil: out->kind = Operand::Kind::kNil; break;
      case Tok::kBool:
        out->kind = Operand::Kind::kBool;
        out->boolean = t.text == "true";
        break;
      case Tok::kString:
        out->kind = Operand::Kind::kString;
        out->name = t.value;
        break;
      case Tok::kChar: {
        out->kind = Operand::Kind::kInt;
        char32_t r = 0;
        if (!t.value.empty()) decode_rune(t.value, 0, &r);
        out->integer = static_cast<int64_t>(r);
        break;
      }
      case Tok::kNumber:
        if (!number(t, out)) return false;
        break;
      case Tok::kVariable:
        out->kind = Operand::Kind::kVariable;
        out->name = t.text;
        break;
      case Tok::kField:
        out->kind = Operand::Kind::kField;
        out->fields.push_back(t.text);
        break;
      case Tok::kIdent:
        if (std::find(std::begin(kFunctions), std::end(kFunctions), t.text) == std::end(kFunctions)) {
          return fail(t.position, "function \"" + t.text + "\" not defined");
        }
        out->kind = Operand::Kind::kFunction;
        out->name = t.text;
        break;
      case Tok::kLeftParen: {
        if (depth > kMaxTemplateDepth) return fail(t.position, "template nests too deeply");
        out->kind = Operand::Kind::kPipeline;
        out->pipeline = std::make_shared<Pipeline>();
        if (!pipeline(out->pipeline.get(), "parenthesized pipeline", false, depth + 1)) return false;
        if (next().kind != Tok::kRightParen) return fail(t.position, "unclosed left paren");
        break;
      }
      default:
        return fail(t.position, "unexpected \"" + t.text + "\" in operand");
    }
    // Fields right after the operand (no space): $x.a.b, (pipeline).a
    while (peek().kind == Tok::kField && !peek().spaced) {
      if (out->kind != Operand::Kind::kField && out->kind != Operand::Kind::kVariable &&
          out->kind != Operand::Kind::kPipeline && out->kind != Operand::Kind::kDot) {
        return fail(peek().position, "unexpected . after term");
      }
      out->fields.push_back(next().text);
    }
    out->text = std::string(src_.substr(t.position, tokens_[index_ - 1].end - t.position));
    return true;
  }

  bool number(const Token& t, Operand* out) {
    std::string text = t.text;
    text.erase(std::remove(text.begin(), text.end(), '_'), text.end());
    bool hex = text.find("0x") != std::string::npos || text.find("0X") != std::string::npos;
    if (!hex && text.find_first_of(".eE") != std::string::npos) {
      char* end = nullptr;
      double d = std::strtod(text.c_str(), &end);
      if (end != text.c_str() + text.size()) return fail(t.position, "bad number syntax: \"" + t.text + "\"");
      out->kind = Operand::Kind::kFloat;
      out->floating = d;
      return true;
    }
    std::string_view digits = text;
    bool negative = false;
    if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
      negative = digits[0] == '-';
      digits.remove_prefix(1);
    }
    int base = 10;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
      base = 16;
      digits.remove_prefix(2);
    } else if (digits.size() > 1 && digits[0] == '0') {
      base = 8;
      digits.remove_prefix(1);
    }
    uint64_t magnitude = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
    if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() ||
        magnitude > (uint64_t{1} << 63) - (negative ? 0 : 1)) {
      return fail(t.position, "bad number syntax: \"" + t.text + "\"");
    }
    out->kind = Operand::Kind::kInt;
    out->integer = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
    return true;
  }

  std::string_view src_;
  std::vector<Token> tokens_;
  size_t index_ = 0;
  int range_depth_ = 0;
  std::string error_;
};

}  // namespace

std::string location(std::string_view source, size_t position, bool with_column) {
  std::string_view before = source.substr(0, std::min(position, source.size()));
  size_t line = 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
  std::string out = "template: template:" + std::to_string(line);
  if (with_column) {
    size_t newline = before.rfind('\n');
    size_t column = newline == std::string_view::npos ? before.size() : before.size() - newline - 1;
    out += ":" + std::to_string(column);
  }
  return out;
}

std::optional<NodeList> parse(std::string_view source, std::string* error) {
  std::vector<Token> tokens;
  if (!Lexer(source).run(&tokens, error)) return std::nullopt;
  return Parser(source, std::move(tokens)).run(error);
}

}  // namespace assay::rego::builtins::go_template
