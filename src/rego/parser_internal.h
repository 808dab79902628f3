// The Rego parser's machinery, shared by parser.cc (statements, rules, modules) and
// parser_terms.cc (literals, expressions, terms). Internal to src/rego: include parser.h.
//
// The parser follows the structure of OPA's own recursive-descent parser (v1/ast/parser.go),
// because OPA's error messages and their locations come out of that structure: which
// alternative is tried first, where it backtracks, which error survives a backtrack. Like
// OPA's, its state (ParserState) is small and copied to backtrack; errors recorded on an
// abandoned path are dropped with it. Terms parsed while a speculative path is open are
// remembered by position (as OPA's parsed-term cache does) so that re-reading the same text
// after a backtrack costs a copy instead of a re-parse: nested comprehension fallbacks would
// otherwise take exponential time. Recursion is bounded (kMaxDepth) with OPA's message, so
// hostile nesting ends in an error rather than a stack overflow.
//
// One Parser parses one text; not thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "src/rego/ast.h"
#include "src/rego/error.h"
#include "src/rego/lexer.h"
#include "src/rego/parser.h"
#include "src/rego/token.h"

namespace assay::rego::internal {

// Frames of the parser's recursion (each parse function that may recurse counts one, as
// OPA's enter()): about 250 levels of the deepest-costing nesting, far beyond real policies.
inline constexpr int kMaxDepth = 2500;

// The hints OPA appends to an error message, "(hint: ...)".
enum class Hint : uint8_t {
  kUpdateOpa,
  kImportAlias,
  kFutureEvery,
  kFutureIn,
};

struct ParserState {
  uint32_t pos = 0;        // index of the current token
  uint32_t errors = 0;     // errors recorded so far
  uint32_t wildcard = 0;   // the next `_` becomes "$<wildcard>"
  bool at_ws = false;      // the current token is the whitespace before tokens[pos]
  bool as_ident = false;   // the current keyword is read as an identifier (`not.x`, `if[0]`)
  uint8_t hint_count = 0;  // hints waiting for the next error
  Hint hints[4] = {};
};

// A rule head as OPA builds it, before it becomes an ast RuleHead: OPA's Key and its generated
// values decide the v1 checks and some messages.
struct HeadBuild {
  SourceLocation location;
  std::vector<TermPtr> ref;   // the rule's reference: name, then path
  std::vector<TermPtr> args;  // function arguments
  bool is_call = false;       // written as a call (OPA's non-nil Args), even `f()`
  TermPtr key;                // the member of a multi-value rule
  bool compat_key = false;    // OPA also names ref[1] the key (`p[x] if`, v0 `p[x] = y`)
  TermPtr value;              // null when generated (`true`)
  bool generated_value = false;
  bool assign = false;
  bool kw_if = false;
  bool kw_contains = false;

  bool HasKey() const { return key != nullptr || compat_key; }
  bool MultiValue() const { return !value && !generated_value && key != nullptr; }
};

struct RuleBuild {
  SourceLocation location;
  bool is_default = false;
  HeadBuild head;
  Body body;
  bool generated_body = false;
  std::unique_ptr<RuleBuild> else_rule;
};

// A statement of the module as the parse loop finds it.
struct Statement {
  enum class Kind { kPackage, kImport, kRule, kBody };
  Kind kind = Kind::kBody;
  SourceLocation location;
  TermPtr path;  // package or import path
  std::string alias;
  std::unique_ptr<RuleBuild> rule;
  Body body;
};

// Deep copies (rule heads are copied for else branches and chained bodies).
TermPtr CloneTerm(const Term& t);
Expr CloneExpr(const Expr& e);
Body CloneBody(const Body& b);
// Gives every node (terms, expressions, withs) the location `at`, as OPA's setLocRecursive.
void SetLocationRecursive(Term* t, const SourceLocation& at);
void SetLocationRecursive(Body* b, const SourceLocation& at);

// Term constructors.
TermPtr MakeTerm(TermKind kind, const SourceLocation& at);
TermPtr MakeVar(std::string_view name, const SourceLocation& at);
TermPtr MakeString(std::string text, const SourceLocation& at);
TermPtr MakeRef(std::vector<TermPtr> items, const SourceLocation& at);
// An operator or built-in name as a Ref of a Var and String path parts: "plus", or
// "internal.member_2".
TermPtr MakeOperator(std::string_view name, const SourceLocation& at);

// OPA's names for values in messages ("var", "ref", "call", "number", ...).
std::string_view ValueName(const Term& t);
// A term written as OPA prints it in messages (Ref.String(), Term.String()).
std::string TermString(const Term& t);
// The dotted name of an operator Ref ("internal.member_2"), empty when t is not a plain ref of
// a var and identifier-like strings.
std::string OperatorName(const Term& t);
// Whether a term contains no variables (OPA's IsGround).
bool IsGround(const Term& t);

class Parser {
 public:
  Parser(std::string file, std::string_view text, const ParseOptions& options);

  // The whole module's statements, as OPA's Parse(): stops at the first statement that
  // fails. `skip_rules` parses queries (every statement a body).
  std::vector<Statement> ParseStatements(bool skip_rules);

  std::vector<RegoError>& errors() { return errors_; }
  const std::vector<LexedComment>& comments() const { return lexer_.comments(); }
  RegoVersion version() const { return options_.version; }
  const std::string& file() const { return file_; }

 private:
  // ---- tokens and state (parser.cc) ----
  const Token& At(uint32_t i) { return i < tokens_.size() ? tokens_[i] : Pull(i); }
  const Token& Pull(uint32_t i);  // lexes up to token i (or the end)
  const Token& Cur() { return At(s_.pos); }
  Tok tok();     // the current token as the parser reads it
  Tok PeekWS();  // the token scanWS would move to, without moving
  std::string_view Lit();
  SourceLocation Loc();
  void Scan();    // next token, skipping whitespace
  void ScanWS();  // next token, stopping at whitespace
  void Land();    // report the scanner errors of the token just reached
  ParserState Save() const { return s_; }
  void Restore(const ParserState& s);
  void AddError(const SourceLocation& at, std::string message);
  void AddHint(Hint h);
  void Illegal(std::string_view note);
  void IllegalToken() { Illegal({}); }
  bool IsAllowedRefKeyword(Tok t) const { return IsKeywordTok(t); }
  bool ScanAheadRef();
  bool IsIdentOrAllowedRefKeyword();
  // Counts one frame of recursion; false (with OPA's error) past kMaxDepth.
  bool Enter() {
    if (++depth_ > kMaxDepth) {
      --depth_;
      AddError(Loc(), "max parsing recursion depth exceeded");
      return false;
    }
    return true;
  }
  void Leave() { --depth_; }
  struct DepthGuard {
    explicit DepthGuard(Parser* parser) : p(parser), ok(parser->Enter()) {}
    ~DepthGuard() {
      if (ok) p->Leave();
    }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    Parser* p;
    bool ok;
  };

  // ---- statements (parser.cc) ----
  bool ParsePackage(Statement* out);
  bool ParseImport(Statement* out);
  void RegoV1Import(const Statement& imp);
  void FutureImport(const Statement& imp);
  std::vector<std::unique_ptr<RuleBuild>> ParseRules();
  std::unique_ptr<RuleBuild> ParseElse(const HeadBuild& head);
  bool ParseHead(bool default_rule, HeadBuild* head, bool* uses_contains);
  bool ValidateDefaultRuleValue(const RuleBuild& rule);
  bool ValidateDefaultRuleArgs(const RuleBuild& rule);
  HeadBuild CopyHead(const HeadBuild& head);

  // ---- literals and expressions (parser_terms.cc) ----
  bool ParseBody(Tok end, Body* out);
  bool ParseQuery(bool require_semi, Tok end, Body* out);
  bool ParseLiteral(Expr* out);
  bool ParseLiteralExpr(bool negated, Expr* out);
  bool ParseExpr(Expr* out);
  bool ParseWith(std::vector<With>* out);
  bool ParseSome(Expr* out);
  bool ParseEvery(Expr* out);

  // ---- terms (parser_terms.cc) ----
  // The infix levels, lowest precedence first. `primary` (may be null) is a term already
  // parsed at the current position, used instead of parsing the first operand again.
  TermPtr InfixEntry(bool key_val, TermPtr primary);
  TermPtr ParseTermIn(TermPtr lhs, bool key_val, TermPtr primary);
  TermPtr ParseTermRelation(TermPtr lhs, TermPtr primary);
  TermPtr ParseTermOr(TermPtr lhs, TermPtr primary);
  TermPtr ParseTermAnd(TermPtr lhs, TermPtr primary);
  TermPtr ParseTermArith(TermPtr lhs, TermPtr primary);
  TermPtr ParseTermFactor(TermPtr lhs, TermPtr primary);
  TermPtr ParseTermInfixCall() { return InfixEntry(true, nullptr); }
  TermPtr ParseTerm();  // a term, remembered while a speculative path is open
  TermPtr ParseTermUncached();
  TermPtr ParseTermFinish(TermPtr head);
  TermPtr ParseHeadFinish(TermPtr head);
  TermPtr ParseVar();
  TermPtr ParseNumber();
  TermPtr ParseString();
  TermPtr ParseTemplateString(bool raw);
  TermPtr ParseCall(TermPtr op);
  TermPtr ParseRef(TermPtr head);
  TermPtr ParseArray();
  TermPtr ParseSetOrObject();
  TermPtr ParseSet(const ParserState& after_head, TermPtr head, bool potential_comprehension);
  TermPtr ParseObject(TermPtr key, bool potential_comprehension);
  // Takes key and value only when it succeeds: a failed attempt leaves them to the caller.
  TermPtr ParseObjectFinish(TermPtr& key, TermPtr& value, bool potential_comprehension);
  bool ParseTermList(Tok end, std::vector<TermPtr>* out, TermPtr first_primary);
  bool ParseTermPairList(Tok end, std::vector<TermPtr>* out);
  TermPtr ParseTermOp(std::initializer_list<Tok> ops);
  TermPtr ParseMemberOp(bool with_key);
  std::string GenWildcard();

  // Runs f with every future keyword enabled and a cache of its own, as OPA's "future parser"
  // does to decide on a hint; the caller restores the state afterwards.
  template <typename F>
  bool FutureParse(F&& f) {
    uint8_t saved_keywords = keywords_;
    bool saved_in_future = in_future_parse_;
    std::unordered_map<uint32_t, CacheEntry> saved_cache;
    saved_cache.swap(cache_);
    keywords_ = kAllFutureKeywords;
    in_future_parse_ = true;
    bool result = f();
    keywords_ = saved_keywords;
    in_future_parse_ = saved_in_future;
    cache_.swap(saved_cache);
    return result;
  }

  struct CacheEntry {
    TermPtr term;  // null when the parse failed
    ParserState post;
    std::vector<RegoError> errors;  // the errors the parse recorded
  };

  std::string file_;
  ParseOptions options_;
  Lexer lexer_;
  std::vector<Token> tokens_;
  std::vector<RegoError> errors_;
  ParserState s_;
  uint8_t keywords_ = 0;  // FutureKeyword bits enabled
  int depth_ = 0;
  int speculation_ = 0;  // open speculative paths: parsed terms are cached while > 0
  bool in_future_parse_ = false;
  std::unordered_map<uint32_t, CacheEntry> cache_;
};

// ---------------------------------------------------------------------------------------------
// Definitions of the helpers above, and of printing terms as OPA does in messages.

std::string ExprString(const Expr& e);

inline constexpr std::string_view kKeywordsV0[] = {
    "not", "package", "import", "as", "default", "else", "with", "null", "true", "false", "some"};
inline constexpr std::string_view kKeywordsV1[] = {"not",  "package", "import",   "as",   "default",
                                                   "else", "with",    "null",     "true", "false",
                                                   "some", "if",      "contains", "in",   "every"};

inline bool IsKeywordIn(std::string_view s, RegoVersion v) {
  if (v == RegoVersion::kV0) {
    return std::find(std::begin(kKeywordsV0), std::end(kKeywordsV0), s) != std::end(kKeywordsV0);
  }
  return std::find(std::begin(kKeywordsV1), std::end(kKeywordsV1), s) != std::end(kKeywordsV1);
}

inline bool IsIdentifierText(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

// Go's strconv.Quote, as OPA prints strings in messages.
inline std::string GoQuote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\v':
        out += "\\v";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += "\\x";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

inline std::string JoinTerms(const std::vector<TermPtr>& items, size_t from, std::string_view sep) {
  std::string out;
  for (size_t i = from; i < items.size(); ++i) {
    if (i > from) out += sep;
    if (items[i]) out += TermString(*items[i]);
  }
  return out;
}

inline std::string ExprString(const Expr& e);

inline std::string BodyString(const Body& b) {
  std::string out;
  for (size_t i = 0; i < b.size(); ++i) {
    if (i > 0) out += "; ";
    out += ExprString(b[i]);
  }
  return out;
}

inline std::string_view InfixFor(std::string_view op) {
  static constexpr std::pair<std::string_view, std::string_view> kInfix[] = {
      {"eq", "="},
      {"assign", ":="},
      {"equal", "=="},
      {"neq", "!="},
      {"lt", "<"},
      {"lte", "<="},
      {"gt", ">"},
      {"gte", ">="},
      {"plus", "+"},
      {"minus", "-"},
      {"mul", "*"},
      {"div", "/"},
      {"rem", "%"},
      {"and", "&"},
      {"or", "|"},
      {"internal.member_2", "in"},
      {"internal.member_3", "in"}};
  for (const auto& [name, infix] : kInfix) {
    if (name == op) return infix;
  }
  return {};
}

inline std::string CallString(const std::vector<TermPtr>& items) {
  if (items.empty() || !items[0]) return "";
  std::string op = OperatorName(*items[0]);
  std::string_view infix = InfixFor(op);
  if (!infix.empty() && items.size() == 3) {
    return TermString(*items[1]) + " " + std::string(infix) + " " + TermString(*items[2]);
  }
  if (!infix.empty() && items.size() == 4 && infix == "in") {
    return TermString(*items[1]) + ", " + TermString(*items[2]) + " in " + TermString(*items[3]);
  }
  return TermString(*items[0]) + "(" + JoinTerms(items, 1, ", ") + ")";
}

inline std::string ExprString(const Expr& e) {
  std::string out = e.negated ? "not " : "";
  switch (e.kind) {
    case ExprKind::kTerm:
      if (!e.terms.empty() && e.terms[0]) out += TermString(*e.terms[0]);
      break;
    case ExprKind::kCall:
      out += CallString(e.terms);
      break;
    case ExprKind::kSome:
      out += "some " + JoinTerms(e.terms, 0, ", ");
      break;
    case ExprKind::kEvery:
      out += "every ";
      if (e.terms.size() == 3) {
        if (e.terms[0]) out += TermString(*e.terms[0]) + ", ";
        out += TermString(*e.terms[1]) + " in " + TermString(*e.terms[2]);
      }
      out += " { " + (e.body ? BodyString(*e.body) : "") + " }";
      break;
  }
  for (const With& w : e.with) {
    out += " with " + TermString(*w.target) + " as " + TermString(*w.value);
  }
  return out;
}

inline std::string RefString(const std::vector<TermPtr>& items) {
  if (items.empty() || !items[0]) return "";
  std::string out = TermString(*items[0]);
  for (size_t i = 1; i < items.size(); ++i) {
    const Term& p = *items[i];
    if (p.kind == TermKind::kString && IsIdentifierText(p.text) &&
        !IsKeywordIn(p.text, RegoVersion::kV1)) {
      out += "." + p.text;
    } else {
      out += "[" + TermString(p) + "]";
    }
  }
  return out;
}

inline TermPtr MakeTerm(TermKind kind, const SourceLocation& at) {
  return std::make_unique<Term>(kind, at);
}

inline TermPtr MakeVar(std::string_view name, const SourceLocation& at) {
  auto t = MakeTerm(TermKind::kVar, at);
  t->text = name;
  return t;
}

inline TermPtr MakeString(std::string text, const SourceLocation& at) {
  auto t = MakeTerm(TermKind::kString, at);
  t->text = std::move(text);
  return t;
}

inline TermPtr MakeRef(std::vector<TermPtr> items, const SourceLocation& at) {
  auto t = MakeTerm(TermKind::kRef, at);
  t->items = std::move(items);
  return t;
}

inline TermPtr MakeOperator(std::string_view name, const SourceLocation& at) {
  std::vector<TermPtr> items;
  size_t dot = name.find('.');
  items.push_back(MakeVar(name.substr(0, dot), at));
  while (dot != std::string_view::npos) {
    size_t next = name.find('.', dot + 1);
    items.push_back(MakeString(std::string(name.substr(dot + 1, next - dot - 1)), at));
    dot = next;
  }
  return MakeRef(std::move(items), at);
}

inline TermPtr CloneTerm(const Term& t) {
  auto c = std::make_unique<Term>(t.kind, t.location);
  c->boolean = t.boolean;
  c->raw_string = t.raw_string;
  c->text = t.text;
  c->items.reserve(t.items.size());
  for (const auto& item : t.items) c->items.push_back(item ? CloneTerm(*item) : nullptr);
  if (t.body) c->body = std::make_unique<Body>(CloneBody(*t.body));
  return c;
}

inline Expr CloneExpr(const Expr& e) {
  Expr c;
  c.kind = e.kind;
  c.location = e.location;
  c.negated = e.negated;
  for (const auto& t : e.terms) c.terms.push_back(t ? CloneTerm(*t) : nullptr);
  for (const With& w : e.with) {
    c.with.push_back(With{CloneTerm(*w.target), CloneTerm(*w.value), w.location});
  }
  if (e.body) c.body = std::make_unique<Body>(CloneBody(*e.body));
  return c;
}

inline Body CloneBody(const Body& b) {
  Body c;
  c.reserve(b.size());
  for (const Expr& e : b) c.push_back(CloneExpr(e));
  return c;
}

inline void SetLocationRecursive(Term* t, const SourceLocation& at) {
  if (!t) return;
  t->location = at;
  for (auto& item : t->items) SetLocationRecursive(item.get(), at);
  if (t->body) SetLocationRecursive(t->body.get(), at);
}

inline void SetLocationRecursive(Body* b, const SourceLocation& at) {
  for (Expr& e : *b) {
    e.location = at;
    for (auto& t : e.terms) SetLocationRecursive(t.get(), at);
    for (With& w : e.with) {
      w.location = at;
      SetLocationRecursive(w.target.get(), at);
      SetLocationRecursive(w.value.get(), at);
    }
    if (e.body) SetLocationRecursive(e.body.get(), at);
  }
}

inline std::string_view ValueName(const Term& t) {
  switch (t.kind) {
    case TermKind::kNull:
      return "null";
    case TermKind::kBoolean:
      return "boolean";
    case TermKind::kNumber:
      return "number";
    case TermKind::kString:
      return "string";
    case TermKind::kVar:
      return "var";
    case TermKind::kRef:
      return "ref";
    case TermKind::kArray:
      return "array";
    case TermKind::kSet:
      return "set";
    case TermKind::kObject:
      return "object";
    case TermKind::kCall:
      return "call";
    case TermKind::kArrayComprehension:
      return "arraycomprehension";
    case TermKind::kSetComprehension:
      return "setcomprehension";
    case TermKind::kObjectComprehension:
      return "objectcomprehension";
    case TermKind::kTemplateString:
      return "templatestring";
  }
  return "term";
}

inline std::string TermString(const Term& t) {
  switch (t.kind) {
    case TermKind::kNull:
      return "null";
    case TermKind::kBoolean:
      return t.boolean ? "true" : "false";
    case TermKind::kNumber:
      return t.text;
    case TermKind::kString:
      return GoQuote(t.text);
    case TermKind::kVar:
      return t.text;
    case TermKind::kRef:
      return RefString(t.items);
    case TermKind::kArray:
      return "[" + JoinTerms(t.items, 0, ", ") + "]";
    case TermKind::kSet:
      return t.items.empty() ? "set()" : "{" + JoinTerms(t.items, 0, ", ") + "}";
    case TermKind::kObject: {
      std::string out = "{";
      for (size_t i = 0; i + 1 < t.items.size(); i += 2) {
        if (i > 0) out += ", ";
        out += TermString(*t.items[i]) + ": " + TermString(*t.items[i + 1]);
      }
      return out + "}";
    }
    case TermKind::kCall:
      return CallString(t.items);
    case TermKind::kArrayComprehension:
    case TermKind::kSetComprehension: {
      bool array = t.kind == TermKind::kArrayComprehension;
      std::string head = t.items.empty() ? "" : TermString(*t.items[0]);
      return (array ? "[" : "{") + head + " | " + (t.body ? BodyString(*t.body) : "") +
             (array ? "]" : "}");
    }
    case TermKind::kObjectComprehension:
      return "{" +
             (t.items.size() > 1 ? TermString(*t.items[0]) + ": " + TermString(*t.items[1])
                                 : std::string()) +
             " | " + (t.body ? BodyString(*t.body) : "") + "}";
    case TermKind::kTemplateString: {
      std::string out = "$\"";
      for (size_t i = 0; i < t.items.size(); ++i) {
        if (i % 2 == 0) {
          out += t.items[i]->text;
        } else {
          out += "{" + TermString(*t.items[i]) + "}";
        }
      }
      return out + "\"";
    }
  }
  return "";
}

inline std::string OperatorName(const Term& t) {
  if (t.kind != TermKind::kRef || t.items.empty() || t.items[0]->kind != TermKind::kVar) {
    return "";
  }
  std::string out = t.items[0]->text;
  for (size_t i = 1; i < t.items.size(); ++i) {
    if (t.items[i]->kind != TermKind::kString) return "";
    out += "." + t.items[i]->text;
  }
  return out;
}

inline bool IsGround(const Term& t) {
  switch (t.kind) {
    case TermKind::kVar:
      return false;
    case TermKind::kRef:  // OPA: the head of a ref does not count
      for (size_t i = 1; i < t.items.size(); ++i) {
        if (!IsGround(*t.items[i])) return false;
      }
      return true;
    case TermKind::kTemplateString:
    case TermKind::kArrayComprehension:
    case TermKind::kSetComprehension:
    case TermKind::kObjectComprehension:
      if (t.body) {
        for (const Expr& e : *t.body) {
          for (const auto& x : e.terms) {
            if (x && !IsGround(*x)) return false;
          }
        }
      }
      [[fallthrough]];
    default:
      for (const auto& item : t.items) {
        if (item && !IsGround(*item)) return false;
      }
      return true;
  }
}

}  // namespace assay::rego::internal
