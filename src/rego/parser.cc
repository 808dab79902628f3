// The Rego parser: token plumbing, statements (package, import, rules), the module OPA's
// parseModule assembles from them with its checks, and the public entry points of parser.h.
// Terms and expressions are in parser_terms.cc; the design is in parser_internal.h.
#include "src/rego/parser.h"

#include <algorithm>
#include <array>
#include <utility>

#include "src/rego/annotations.h"
#include "src/rego/parser_internal.h"

namespace assay::rego {
namespace internal {
namespace {

// OPA's built-in functions and operators, for "rule name conflicts with built-in function"
// (a call written alone at the top of a module). Sorted.
// clang-format off
constexpr std::string_view kBuiltins[] = {
    "abs", "all", "and", "any", "array.concat", "array.reverse", "array.slice", "assign",
    "base64.decode", "base64.encode", "base64.is_valid", "base64url.decode", "base64url.encode",
    "base64url.encode_no_pad", "bits.and", "bits.lsh", "bits.negate", "bits.or", "bits.rsh",
    "bits.xor", "cast_array", "cast_boolean", "cast_null", "cast_object", "cast_set", "cast_string",
    "ceil", "concat", "contains", "count", "crypto.hmac.equal", "crypto.hmac.md5",
    "crypto.hmac.sha1", "crypto.hmac.sha256", "crypto.hmac.sha512", "crypto.md5",
    "crypto.parse_private_keys", "crypto.sha1", "crypto.sha256",
    "crypto.x509.parse_and_verify_certificates",
    "crypto.x509.parse_and_verify_certificates_with_options",
    "crypto.x509.parse_certificate_request", "crypto.x509.parse_certificates",
    "crypto.x509.parse_keypair", "crypto.x509.parse_rsa_private_key", "div", "endswith", "eq",
    "equal", "floor", "format_int", "glob.match", "glob.quote_meta", "graph.reachable",
    "graph.reachable_paths", "graphql.is_valid", "graphql.parse", "graphql.parse_and_verify",
    "graphql.parse_query", "graphql.parse_schema", "graphql.schema_is_valid", "gt", "gte",
    "hex.decode", "hex.encode", "http.send", "indexof", "indexof_n", "internal.member_2",
    "internal.member_3", "internal.print", "internal.template_string", "internal.test_case",
    "intersection", "io.jwt.decode", "io.jwt.decode_verify", "io.jwt.encode_sign",
    "io.jwt.encode_sign_raw", "io.jwt.verify_eddsa", "io.jwt.verify_es256", "io.jwt.verify_es384",
    "io.jwt.verify_es512", "io.jwt.verify_hs256", "io.jwt.verify_hs384", "io.jwt.verify_hs512",
    "io.jwt.verify_ps256", "io.jwt.verify_ps384", "io.jwt.verify_ps512", "io.jwt.verify_rs256",
    "io.jwt.verify_rs384", "io.jwt.verify_rs512", "is_array", "is_boolean", "is_null", "is_number",
    "is_object", "is_set", "is_string", "json.filter", "json.is_valid", "json.marshal",
    "json.marshal_with_options", "json.match_schema", "json.patch", "json.remove", "json.unmarshal",
    "json.verify_schema", "lower", "lt", "lte", "max", "min", "minus", "mul", "neq",
    "net.cidr_contains", "net.cidr_contains_matches", "net.cidr_expand", "net.cidr_intersects",
    "net.cidr_is_valid", "net.cidr_merge", "net.cidr_overlap", "net.lookup_ip_addr",
    "numbers.range", "numbers.range_step", "object.filter", "object.get", "object.keys",
    "object.remove", "object.subset", "object.union", "object.union_n", "opa.runtime", "or", "plus",
    "print", "product", "providers.aws.sign_req", "rand.intn", "re_match",
    "regex.find_all_string_submatch_n", "regex.find_n", "regex.globs_match", "regex.is_valid",
    "regex.match", "regex.replace", "regex.split", "regex.template_match", "rego.metadata.chain",
    "rego.metadata.rule", "rego.parse_module", "rem", "replace", "round", "semver.compare",
    "semver.is_valid", "set_diff", "sort", "split", "sprintf", "startswith",
    "strings.any_prefix_match", "strings.any_suffix_match", "strings.count",
    "strings.render_template", "strings.replace_n", "strings.reverse", "substring", "sum",
    "time.add_date", "time.clock", "time.date", "time.diff", "time.format", "time.now_ns",
    "time.parse_duration_ns", "time.parse_ns", "time.parse_rfc3339_ns", "time.weekday", "to_number",
    "trace", "trim", "trim_left", "trim_prefix", "trim_right", "trim_space", "trim_suffix",
    "type_name", "union", "units.parse", "units.parse_bytes", "upper", "urlquery.decode",
    "urlquery.decode_object", "urlquery.encode", "urlquery.encode_object", "uuid.parse",
    "uuid.rfc4122", "walk", "yaml.is_valid", "yaml.marshal", "yaml.unmarshal",
};
// clang-format on

bool IsBuiltin(std::string_view name) {
  return std::binary_search(std::begin(kBuiltins), std::end(kBuiltins), name);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Tokens and state.

Parser::Parser(std::string file, std::string_view text, const ParseOptions& options)
    : file_(std::move(file)), options_(options), lexer_(text) {
  keywords_ = options.version == RegoVersion::kV1 ? kAllFutureKeywords : 0;
  tokens_.reserve(std::min<size_t>(text.size() / 4 + 16, size_t{1} << 20));  // ~1 per 4 bytes
}

const Token& Parser::Pull(uint32_t i) {
  while (tokens_.size() <= i) {
    if (!tokens_.empty() && tokens_.back().kind == Tok::kEof) return tokens_.back();
    tokens_.push_back(lexer_.Next());
  }
  return tokens_[i];
}

Tok Parser::tok() {
  if (s_.at_ws) return Tok::kWhitespace;
  const Token& t = Cur();
  Tok k = t.kind;
  if (k == Tok::kIdent && t.keyword != Tok::kIdent) {
    uint8_t bit = FutureBit(t.keyword);
    if (bit == 0 || (keywords_ & bit)) k = t.keyword;
  }
  if (s_.as_ident && IsKeywordTok(k)) k = Tok::kIdent;
  return k;
}

Tok Parser::PeekWS() {
  if (s_.at_ws) return tok();
  if (Cur().kind == Tok::kEof) return Tok::kEof;
  const Token& next = At(s_.pos + 1);
  if (next.flags & Token::kWsBefore) return Tok::kWhitespace;
  return next.kind;  // punctuation is all callers look for
}

std::string_view Parser::Lit() {
  const Token& t = Cur();
  return lexer_.text().substr(t.begin, t.end - t.begin);
}

SourceLocation Parser::Loc() { return s_.at_ws ? Cur().ws_at : Cur().at; }

void Parser::Land() {
  const Token& t = Cur();
  for (uint32_t i = 0; i < t.error_count; ++i) {
    AddError(t.at, lexer_.errors()[t.error_begin + i]);
  }
}

void Parser::Scan() {
  s_.as_ident = false;
  if (s_.at_ws) {
    s_.at_ws = false;
    Land();
    return;
  }
  if (Cur().kind == Tok::kEof) return;
  ++s_.pos;
  Land();
}

void Parser::ScanWS() {
  s_.as_ident = false;
  if (s_.at_ws) {
    s_.at_ws = false;
    Land();
    return;
  }
  if (Cur().kind == Tok::kEof) return;
  ++s_.pos;
  if (Cur().flags & Token::kWsBefore) {
    s_.at_ws = true;
  } else {
    Land();
  }
}

void Parser::Restore(const ParserState& s) {
  s_ = s;
  errors_.resize(s.errors);
}

void Parser::AddHint(Hint h) {
  if (s_.hint_count < std::size(s_.hints)) s_.hints[s_.hint_count++] = h;
}

void Parser::AddError(const SourceLocation& at, std::string message) {
  static constexpr std::string_view kHintText[] = {
      "if this is unexpected, try updating OPA",
      "import a different path or use an alias",
      "`import future.keywords.every` for `every x in xs { ... }` expressions",
      "`import future.keywords.in` for `some x in xs` expressions",
  };
  if (s_.hint_count > 0) {
    message += s_.hint_count == 1 ? " (hint: " : " (hints: ";
    for (uint8_t i = 0; i < s_.hint_count; ++i) {
      if (i > 0) message += ", ";
      message += kHintText[static_cast<int>(s_.hints[i])];
    }
    message += ")";
    s_.hint_count = 0;
  }
  errors_.push_back(RegoError{kParseError, std::move(message), file_, at});
  s_.errors = static_cast<uint32_t>(errors_.size());
}

void Parser::Illegal(std::string_view note) {
  Tok t = tok();
  if (t == Tok::kIllegal) {
    AddError(Loc(), "illegal token");
    return;
  }
  std::string message = "unexpected ";
  message += TokName(t);
  message += IsKeywordTok(t) ? " keyword" : " token";
  if (!note.empty()) {
    message += ": ";
    message += note;
  }
  AddError(Loc(), std::move(message));
}

bool Parser::ScanAheadRef() {
  if (IsAllowedRefKeyword(tok())) {
    Tok next = PeekWS();
    if (next == Tok::kDot || next == Tok::kLBrack) {
      s_.as_ident = true;
      return true;
    }
  }
  return false;
}

bool Parser::IsIdentOrAllowedRefKeyword() {
  if (tok() == Tok::kIdent) return true;
  if (IsAllowedRefKeyword(tok())) {
    s_.as_ident = true;
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Statements.

std::vector<Statement> Parser::ParseStatements(bool skip_rules) {
  std::vector<Statement> statements;
  Land();  // the first token
  while (tok() != Tok::kEof) {
    cache_.clear();  // entries are only valid within the statement that made them
    if (tok() == Tok::kPackage) {
      ParserState start = Save();
      Statement st;
      if (ParsePackage(&st)) {
        statements.push_back(std::move(st));
        continue;
      }
      if (s_.errors > 0) break;
      Restore(start);
    }
    if (tok() == Tok::kImport) {
      ParserState start = Save();
      Statement st;
      if (ParseImport(&st)) {
        const Term& root = *st.path->items[0];
        if (root.text == "rego") {
          RegoV1Import(st);
        } else if (root.text == "future") {
          FutureImport(st);
        }
        statements.push_back(std::move(st));
        continue;
      }
      if (s_.errors > 0) break;
      Restore(start);
    }
    if (!skip_rules) {
      ParserState start = Save();
      std::vector<std::unique_ptr<RuleBuild>> rules = ParseRules();
      if (!rules.empty()) {
        for (auto& rule : rules) {
          Statement st;
          st.kind = Statement::Kind::kRule;
          st.location = rule->location;
          st.rule = std::move(rule);
          statements.push_back(std::move(st));
        }
        continue;
      }
      if (s_.errors > 0) break;
      Restore(start);
    }
    Statement st;
    st.kind = Statement::Kind::kBody;
    if (!ParseQuery(true, Tok::kEof, &st.body)) break;
    st.location = st.body.front().location;
    statements.push_back(std::move(st));
  }
  return statements;
}

bool Parser::ParsePackage(Statement* out) {
  if (tok() != Tok::kPackage) return false;
  SourceLocation loc = Loc();
  ScanWS();
  if (tok() == Tok::kDot || tok() == Tok::kLBrack) return false;  // `package.x`: a ref
  if (tok() == Tok::kWhitespace) Scan();
  if (!IsIdentOrAllowedRefKeyword()) {
    IllegalToken();
    return false;
  }
  TermPtr term = ParseTerm();
  std::vector<TermPtr> path;
  if (term) {
    if (term->kind == TermKind::kVar) {
      path.push_back(MakeVar("data", term->location));
      path.push_back(MakeString(term->text, term->location));
    } else if (term->kind == TermKind::kRef) {
      const Term& first = *term->items[0];
      if (first.kind != TermKind::kVar) {
        AddError(first.location,
                 "unexpected " + std::string(ValueName(first)) + " token: expecting var");
        return false;
      }
      path.push_back(MakeVar("data", first.location));
      path.push_back(MakeString(first.text, first.location));
      for (size_t i = 1; i < term->items.size(); ++i) {
        if (term->items[i]->kind != TermKind::kString) {
          AddError(
              term->items[i]->location,
              "unexpected " + std::string(ValueName(*term->items[i])) + " token: expecting string");
          return false;
        }
        path.push_back(std::move(term->items[i]));
      }
    } else {
      IllegalToken();
      return false;
    }
  }
  if (path.empty()) {
    if (s_.errors == 0) AddError(Loc(), "expected path");
    return false;
  }
  out->kind = Statement::Kind::kPackage;
  out->location = loc;
  SourceLocation at = path[0]->location;
  out->path = MakeRef(std::move(path), at);
  return true;
}

bool Parser::ParseImport(Statement* out) {
  if (tok() != Tok::kImport) return false;
  SourceLocation loc = Loc();
  ScanWS();
  if (tok() == Tok::kDot || tok() == Tok::kLBrack) return false;  // `import.x`: a ref
  if (tok() == Tok::kWhitespace) Scan();
  if (!IsIdentOrAllowedRefKeyword()) {
    IllegalToken();
    return false;
  }
  // The path is read without the future keywords: `import future.keywords.in`.
  uint8_t saved_keywords = keywords_;
  keywords_ = 0;
  std::unordered_map<uint32_t, CacheEntry> saved_cache;
  saved_cache.swap(cache_);
  TermPtr term = ParseTerm();
  keywords_ = saved_keywords;
  cache_.swap(saved_cache);
  TermPtr path;
  if (term && term->kind == TermKind::kVar) {
    SourceLocation at = term->location;
    std::vector<TermPtr> items;
    items.push_back(std::move(term));
    path = MakeRef(std::move(items), at);
  } else if (term && term->kind == TermKind::kRef) {
    for (size_t i = 1; i < term->items.size(); ++i) {
      if (term->items[i]->kind != TermKind::kString) {
        AddError(term->items[i]->location, "unexpected " + std::string(ValueName(*term->items[i])) +
                                               " token: expecting string");
        return false;
      }
    }
    path = std::move(term);
  }
  if (!path) {
    AddError(Loc(), "expected path");
    return false;
  }
  const Term& root = *path->items[0];
  bool known = root.kind == TermKind::kVar && (root.text == "data" || root.text == "input" ||
                                               root.text == "future" || root.text == "rego");
  if (!known) {
    AddHint(Hint::kUpdateOpa);
    AddError(path->location,
             "unexpected import path, must begin with one of: {data, future, input, rego}, got: " +
                 TermString(root));
    return false;
  }
  out->kind = Statement::Kind::kImport;
  out->location = loc;
  if (tok() == Tok::kAs) {
    Scan();
    if (tok() != Tok::kIdent) {
      Illegal("expected var");
      return false;
    }
    TermPtr alias = ParseTerm();
    if (alias && alias->kind == TermKind::kVar) {
      out->alias = alias->text;
      out->path = std::move(path);
      return true;
    }
    Illegal("expected var");
    return false;
  }
  // Without an alias the last name must not be a keyword (except for future imports).
  const Term& last = *path->items.back();
  if (path->items.size() == 1 || root.text != "future") {
    if (IsKeywordIn(last.text, options_.version)) {
      AddHint(Hint::kImportAlias);
      AddError(last.location,
               "unexpected import path, must not end with a keyword, got: " + last.text);
    }
  }
  out->path = std::move(path);
  return true;
}

void Parser::RegoV1Import(const Statement& imp) {
  const auto& items = imp.path->items;
  if (items.size() != 2 || items[1]->kind != TermKind::kString || items[1]->text != "v1") {
    AddError(imp.path->location,
             "invalid import `" + TermString(*imp.path) + "`, must be `rego.v1`");
    return;
  }
  if (options_.version == RegoVersion::kV1) return;  // a no-op in v1
  if (!imp.alias.empty()) {
    AddError(imp.path->location, "`rego` imports cannot be aliased");
    return;
  }
  keywords_ = kAllFutureKeywords;
}

void Parser::FutureImport(const Statement& imp) {
  const auto& items = imp.path->items;
  if (items.size() == 1 || items[1]->kind != TermKind::kString || items[1]->text != "keywords") {
    AddError(imp.path->location, "invalid import, must be `future.keywords`");
    return;
  }
  if (!imp.alias.empty()) {
    AddError(imp.path->location, "`future` imports cannot be aliased");
    return;
  }
  if (items.size() != 3) {  // `future.keywords` (and, as OPA, anything longer): all of them
    keywords_ = kAllFutureKeywords;
    return;
  }
  Tok kw = KeywordFor(items[2]->text);
  uint8_t bit = FutureBit(kw);
  if (bit == 0) {
    AddError(imp.path->location, "unexpected keyword, must be one of [contains every if in]");
    return;
  }
  keywords_ |= bit;
  if (bit == kFutureEvery) keywords_ |= kFutureIn;  // `every` comes with `in`
}

// ---------------------------------------------------------------------------------------------
// Rules.

HeadBuild Parser::CopyHead(const HeadBuild& head) {
  HeadBuild c;
  c.location = head.location;
  for (const auto& t : head.ref) c.ref.push_back(CloneTerm(*t));
  for (const auto& t : head.args) c.args.push_back(CloneTerm(*t));
  c.is_call = head.is_call;
  if (head.key) c.key = CloneTerm(*head.key);
  c.compat_key = head.compat_key;
  if (head.value) c.value = CloneTerm(*head.value);
  c.generated_value = head.generated_value;
  c.assign = head.assign;
  c.kw_if = head.kw_if;
  c.kw_contains = head.kw_contains;
  // Each copy of a head gets wildcards of its own, as OPA.
  for (auto& arg : c.args) {
    if (arg->kind == TermKind::kVar && !arg->text.empty() && arg->text[0] == '$') {
      arg->text = GenWildcard();
    }
  }
  return c;
}

std::vector<std::unique_ptr<RuleBuild>> Parser::ParseRules() {
  auto rule = std::make_unique<RuleBuild>();
  rule->location = Loc();
  ScanAheadRef();  // a keyword may start a ref head: `else.x := 1`
  if (tok() == Tok::kDefault) {
    Scan();
    rule->is_default = true;
    ScanAheadRef();
  }
  if (tok() != Tok::kIdent) return {};
  bool uses_contains = false;
  HeadBuild& head = rule->head;
  if (!ParseHead(rule->is_default, &head, &uses_contains)) return {};
  head.kw_contains = uses_contains;

  if (rule->is_default) {
    if (!ValidateDefaultRuleValue(*rule)) return {};
    if (!head.args.empty() && !ValidateDefaultRuleArgs(*rule)) return {};
    std::vector<std::unique_ptr<RuleBuild>> rules;
    rules.push_back(std::move(rule));
    return rules;
  }

  bool has_if = tok() == Tok::kIf;
  // `p[x] if ...` is a single-value rule p[x] (OPA still names x its key).
  if (has_if && !uses_contains && head.ref.size() == 2) {
    const Term& v = *head.ref[1];
    if ((!IsGround(v) || v.kind == TermKind::kRef) && head.args.empty()) head.compat_key = true;
    if (!head.value) head.generated_value = true;
  }
  // v0 `p[x] { ... }` is a multi-value rule p; `p[x] = y { ... }` a single-value one.
  if (!has_if && !uses_contains && head.args.empty() && head.ref.size() == 2) {
    if (!head.value && !head.generated_value) {
      head.key = std::move(head.ref[1]);
      head.ref.pop_back();
    } else {
      head.compat_key = true;
    }
  }

  if (has_if) {
    head.kw_if = true;
    Scan();
    ParserState start = Save();
    // `p if { ... }`: a set literal is never false, so braces after `if` are a body unless
    // the literal is something else (`p if {1} == {1}`).
    bool leading_brace = tok() == Tok::kLBrace;
    Expr expr;
    if (leading_brace) ++speculation_;
    bool ok = ParseLiteral(&expr);
    if (leading_brace) --speculation_;
    bool set_literal = leading_brace && ok && expr.kind == ExprKind::kTerm &&
                       expr.terms[0]->kind == TermKind::kSet;
    if (ok && !set_literal) {
      rule->body.push_back(std::move(expr));
    } else {
      if (!leading_brace) return {};  // no body to fall back to: the literal's error stands
      Restore(start);
      Scan();
      if (!ParseBody(Tok::kRBrace, &rule->body)) return {};
      Scan();
    }
  } else if (tok() == Tok::kLBrace) {
    Scan();
    if (!ParseBody(Tok::kRBrace, &rule->body)) return {};
    Scan();
  } else if (uses_contains) {
    rule->generated_body = true;
    rule->location = head.location;
    std::vector<std::unique_ptr<RuleBuild>> rules;
    rules.push_back(std::move(rule));
    return rules;
  } else {
    return {};  // `p := 1`: read again as a body statement
  }

  if (tok() == Tok::kElse && !ScanAheadRef()) {
    bool ground = true;
    for (size_t i = 1; i < head.ref.size(); ++i) ground = ground && IsGround(*head.ref[i]);
    if (head.ref.size() > 1 && !ground) {
      AddError(Loc(), "else keyword cannot be used on rules with variables in head");
      return {};
    }
    if (head.HasKey()) {
      AddError(Loc(), "else keyword cannot be used on multi-value rules");
      return {};
    }
    rule->else_rule = ParseElse(head);
    if (!rule->else_rule) return {};
  }

  std::vector<std::unique_ptr<RuleBuild>> rules;
  rules.push_back(std::move(rule));
  // v0 `p { a } { b }`: each further body is a rule of its own with the same head.
  while (tok() == Tok::kLBrace) {
    if (rules[0]->else_rule) {
      AddError(Loc(), "expected else keyword");
      return {};
    }
    SourceLocation loc = Loc();
    Scan();
    auto next = std::make_unique<RuleBuild>();
    if (!ParseBody(Tok::kRBrace, &next->body)) return {};
    Scan();
    next->location = loc;
    next->head = CopyHead(rules[0]->head);
    next->head.location = loc;
    for (auto& t : next->head.ref) SetLocationRecursive(t.get(), loc);
    for (auto& t : next->head.args) SetLocationRecursive(t.get(), loc);
    SetLocationRecursive(next->head.key.get(), loc);
    SetLocationRecursive(next->head.value.get(), loc);
    rules.push_back(std::move(next));
  }
  return rules;
}

std::unique_ptr<RuleBuild> Parser::ParseElse(const HeadBuild& head) {
  DepthGuard guard(this);  // else chains recurse: bounded like any nesting
  if (!guard.ok) return nullptr;
  auto rule = std::make_unique<RuleBuild>();
  rule->location = Loc();
  rule->head = CopyHead(head);
  rule->head.kw_if = false;
  rule->head.kw_contains = false;
  rule->head.generated_value = false;
  rule->head.location = Loc();
  Scan();
  switch (tok()) {
    case Tok::kLBrace:
    case Tok::kIf:
      rule->head.generated_value = true;
      rule->head.value = nullptr;
      break;
    case Tok::kAssign:
    case Tok::kUnify:
      rule->head.assign = tok() == Tok::kAssign;
      Scan();
      rule->head.value = ParseTermInfixCall();
      if (!rule->head.value) return nullptr;
      break;
    default:
      Illegal("expected else value term or rule body");
      return nullptr;
  }
  bool has_if = tok() == Tok::kIf;
  if (!has_if && tok() != Tok::kLBrace) {
    rule->generated_body = true;
    return rule;
  }
  if (has_if) {
    rule->head.kw_if = true;
    Scan();
  }
  if (tok() == Tok::kLBrace) {
    Scan();
    if (!ParseBody(Tok::kRBrace, &rule->body)) return nullptr;
    Scan();
  } else if (tok() != Tok::kEof) {
    Expr expr;
    if (!ParseLiteral(&expr)) return nullptr;
    rule->body.push_back(std::move(expr));
    SetLocationRecursive(&rule->body, rule->location);  // as OPA: the body takes else's place
  } else {
    Illegal("rule body expected");
    return nullptr;
  }
  if (tok() == Tok::kElse) {
    rule->else_rule = ParseElse(head);
    if (!rule->else_rule) return nullptr;
  }
  return rule;
}

bool Parser::ParseHead(bool default_rule, HeadBuild* head, bool* uses_contains) {
  head->location = Loc();
  TermPtr ref = ParseHeadFinish(ParseVar());
  if (!ref) {
    Illegal("expected rule head name");
    return false;
  }
  switch (ref->kind) {
    case TermKind::kVar:
      head->ref.push_back(std::move(ref));
      break;
    case TermKind::kRef:
      head->ref = std::move(ref->items);
      break;
    case TermKind::kCall: {
      TermPtr op = std::move(ref->items[0]);
      if (op->kind == TermKind::kVar) {
        head->ref.push_back(std::move(op));
      } else {
        if (op->items.empty() || op->items[0]->kind != TermKind::kVar) {
          Illegal("rule head ref " + TermString(*op) + " invalid");
          return false;
        }
        head->ref = std::move(op->items);
      }
      for (size_t i = 1; i < ref->items.size(); ++i) head->args.push_back(std::move(ref->items[i]));
      head->is_call = true;
      break;
    }
    default:
      return false;
  }
  std::string name = RefString(head->ref);
  switch (tok()) {
    case Tok::kContains:
      if (head->is_call) {
        Illegal("the contains keyword can only be used with multi-value rule definitions (e.g., " +
                name + " contains <VALUE> { ... })");
      }
      Scan();
      head->key = ParseTermInfixCall();
      if (!head->key)
        Illegal("expected rule key term (e.g., " + name + " contains <VALUE> { ... })");
      *uses_contains = true;
      return true;
    case Tok::kUnify:
      Scan();
      head->value = ParseTermInfixCall();
      if (!head->value) {
        Illegal("expected rule value term (e.g., " + name + "[<nil>] = <VALUE> { ... })");
      }
      break;
    case Tok::kAssign:
      Scan();
      head->assign = true;
      head->value = ParseTermInfixCall();
      if (!head->value) {
        if (!head->args.empty()) {
          Illegal("expected function value term (e.g., " + name + "(...) := <VALUE> { ... })");
        } else if (default_rule) {
          Illegal("expected default rule value term (e.g., default " + name + " := <VALUE>)");
        } else {
          Illegal("expected rule value term (e.g., " + name + " := <VALUE> { ... })");
        }
      }
      break;
    default:
      break;
  }
  if (!head->value && (head->ref.size() != 2 || !head->args.empty())) {
    head->generated_value = true;
  }
  return true;
}

bool Parser::ValidateDefaultRuleValue(const RuleBuild& rule) {
  const HeadBuild& head = rule.head;
  if (!head.value && !head.generated_value) {
    AddError(rule.location, "illegal default rule (must have a value)");
    return false;
  }
  if (!head.value) return true;  // the generated `true`
  bool valid = true;
  // Refs, vars and calls make a value that is not a constant; comprehensions are closures.
  auto walk = [&](auto&& self, const Term& t) -> void {
    switch (t.kind) {
      case TermKind::kArrayComprehension:
      case TermKind::kSetComprehension:
      case TermKind::kObjectComprehension:
        return;
      case TermKind::kRef:
      case TermKind::kVar:
      case TermKind::kCall:
        AddError(rule.location,
                 "illegal default rule (value cannot contain " + std::string(ValueName(t)) + ")");
        valid = false;
        return;
      default:
        for (const auto& item : t.items) {
          if (item) self(self, *item);
        }
    }
  };
  walk(walk, *head.value);
  return valid;
}

bool Parser::ValidateDefaultRuleArgs(const RuleBuild& rule) {
  bool valid = true;
  std::vector<std::string_view> seen;
  for (const auto& arg : rule.head.args) {
    if (arg->kind != TermKind::kVar) {
      AddError(rule.location, "illegal default rule (arguments cannot contain " +
                                  std::string(ValueName(*arg)) + ")");
      valid = false;
    } else if (std::find(seen.begin(), seen.end(), arg->text) != seen.end()) {
      AddError(rule.location,
               "illegal default rule (arguments cannot be repeated " + arg->text + ")");
      valid = false;
    } else {
      seen.push_back(arg->text);
    }
  }
  return valid;
}

namespace {

// ---------------------------------------------------------------------------------------------
// The module: OPA's parseModule.

struct ErrorSink {
  std::vector<RegoError>* errors;
  const std::string* file;
  void Add(const SourceLocation& at, std::string message) {
    errors->push_back(RegoError{kParseError, std::move(message), *file, at});
  }
};

// A body found at the top of a module read as a rule (`p := 1`, `f(x) = y`, `a.b.c`), as
// OPA's ParseRuleFromBody. Returns null and sets *error when it cannot be one.
std::unique_ptr<RuleBuild> RuleFromBody(Body& body, std::string* error) {
  if (body.size() != 1) {
    *error = "multiple expressions cannot be used for rule head";
    return nullptr;
  }
  Expr& expr = body[0];
  if (!expr.with.empty()) {
    *error = "expressions using with keyword cannot be used for rule head";
    return nullptr;
  }
  if (expr.negated) {
    *error = "negated expressions cannot be used for rule head";
    return nullptr;
  }
  auto rule = std::make_unique<RuleBuild>();
  rule->generated_body = true;
  rule->location = expr.location;
  HeadBuild& head = rule->head;
  head.location = expr.location;
  auto ref_with_var_head = [&](Term& ref) {
    if (ref.items.empty() || ref.items[0]->kind != TermKind::kVar) {
      *error = "invalid rule head: " + TermString(ref);
      return false;
    }
    return true;
  };
  switch (expr.kind) {
    case ExprKind::kSome:
      *error = "'some' declarations cannot be used for rule head";
      return nullptr;
    case ExprKind::kEvery:
      *error = "expression cannot be used for rule head";
      return nullptr;
    case ExprKind::kTerm: {
      Term& term = *expr.terms[0];
      if (term.kind != TermKind::kRef) {
        *error = std::string(ValueName(term)) + " cannot be used for rule name";
        return nullptr;
      }
      if (term.items.size() > 2) {  // `a.b.c`: a ref head rule with no value, no body
        if (!ref_with_var_head(term)) return nullptr;
        head.ref = std::move(term.items);
        head.generated_value = true;
        return rule;
      }
      if (term.items.size() == 1) {
        *error = "refs cannot be used for rule head";
        return nullptr;
      }
      if (!ref_with_var_head(term)) return nullptr;
      head.key = std::move(term.items[1]);  // `p.q` / `p[x]`: a partial set
      term.items.pop_back();
      head.ref = std::move(term.items);
      return rule;
    }
    case ExprKind::kCall:
      break;
  }
  std::string op = OperatorName(*expr.terms[0]);
  bool assign = op == "assign";
  if (op == "eq" || assign) {
    if (expr.terms.size() < 3) {
      *error = "assignment requires two operands";
      return nullptr;
    }
    Term& lhs = *expr.terms[1];
    head.assign = assign;
    if (lhs.kind == TermKind::kCall && lhs.items[0]->kind == TermKind::kRef &&
        !lhs.items[0]->items.empty() && lhs.items[0]->items[0]->kind == TermKind::kVar) {
      head.ref = std::move(lhs.items[0]->items);  // `f(x) = y`
      for (size_t i = 1; i < lhs.items.size(); ++i) head.args.push_back(std::move(lhs.items[i]));
      head.is_call = true;
    } else if (lhs.kind == TermKind::kRef && lhs.items[0]->kind == TermKind::kVar) {
      head.compat_key = lhs.items.size() == 2;  // `p.q = 1`, `p[x] := y`
      head.ref = std::move(lhs.items);
    } else if (lhs.kind == TermKind::kVar) {
      head.ref.push_back(std::move(expr.terms[1]));
    } else if (lhs.kind == TermKind::kRef) {
      *error = "invalid rule head: " + TermString(lhs);
      return nullptr;
    } else {
      *error = std::string(ValueName(lhs)) + " cannot be used for rule name";
      return nullptr;
    }
    head.value = std::move(expr.terms[2]);
    return rule;
  }
  if (IsBuiltin(op)) {
    *error = "rule name conflicts with built-in function";
    return nullptr;
  }
  // `f(x)`: a function that is true.
  if (expr.terms.size() <= 1) {
    *error = "rule argument list must take at least one argument";
    return nullptr;
  }
  Term& call_op = *expr.terms[0];
  if (!ref_with_var_head(call_op)) return nullptr;
  rule->location = call_op.location;
  head.location = call_op.location;
  head.ref = std::move(call_op.items);
  for (size_t i = 1; i < expr.terms.size(); ++i) head.args.push_back(std::move(expr.terms[i]));
  head.is_call = true;
  head.value = MakeTerm(TermKind::kBoolean, call_op.location);
  head.value->boolean = true;
  return rule;
}

// The checks OPA makes of every rule of a v1 module (CheckRegoV1).
void CheckRegoV1(const RuleBuild& rule, ErrorSink* sink) {
  for (const RuleBuild* r = &rule; r != nullptr; r = r->else_rule.get()) {
    const HeadBuild& head = r->head;
    const char* what = head.args.empty() ? "rule" : "function";
    if (head.ref.size() < 2 && !head.ref.empty() && head.ref[0]->kind == TermKind::kVar &&
        IsKeywordIn(head.ref[0]->text, RegoVersion::kV1)) {
      sink->Add(r->location, head.ref[0]->text + " keyword cannot be used for rule name");
    }
    if (r->generated_body && head.generated_value) {
      sink->Add(r->location,
                std::string(what) + " must have value assignment and/or body declaration");
    }
    if (!r->generated_body && !head.kw_if && !r->is_default) {
      sink->Add(r->location, "`if` keyword is required before " + std::string(what) + " body");
    }
    if (head.MultiValue() && !head.kw_contains) {
      sink->Add(r->location, "`contains` keyword is required for partial set rules");
    }
  }
}

Rule ToRule(RuleBuild&& b) {
  Rule r;
  r.is_default = b.is_default;
  r.location = b.location;
  r.head.location = b.head.location;
  SourceLocation at = b.head.ref.empty() ? b.head.location : b.head.ref[0]->location;
  r.head.reference = MakeRef(std::move(b.head.ref), at);
  r.head.args = std::move(b.head.args);
  r.head.contains = b.head.MultiValue();
  if (r.head.contains) r.head.key = std::move(b.head.key);
  r.head.value = std::move(b.head.value);
  r.head.assign = b.head.assign;
  if (!b.generated_body) r.body = std::move(b.body);
  if (b.else_rule) r.else_rule = std::make_unique<Rule>(ToRule(std::move(*b.else_rule)));
  return r;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool IsMetadataComment(const LexedComment& c) {
  return TrimSpace(c.text).substr(0, 8) == "METADATA";
}

// `# METADATA` blocks as OPA's parseAnnotations finds them: a comment starting with METADATA
// (anywhere on its row), then the comments in column 1 on the rows right after it, whatever
// they say (a second METADATA among them is YAML of the first block). Each block's YAML is read
// here, as OPA's parser does (annotations.h).
void CollectAnnotations(const std::vector<LexedComment>& comments, Module* module,
                        ErrorSink* sink) {
  for (size_t i = 0; i < comments.size(); ++i) {
    if (!IsMetadataComment(comments[i])) continue;
    Annotation a;
    a.location = comments[i].at;
    size_t j = i + 1;
    for (; j < comments.size(); ++j) {
      const LexedComment& c = comments[j];
      if (c.at.col != 1 || c.at.row - 1 != comments[j - 1].at.row) break;
      std::string_view line = c.text;
      if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      a.yaml.append(line);
      a.yaml.push_back('\n');
      a.lines.push_back(c.at);
    }
    i = j - 1;
    if (TrimSpace(a.yaml).empty()) {
      sink->Add(a.location, "expected METADATA block, found whitespace");
      continue;
    }
    if (auto error = read_annotation(&a)) {
      sink->Add(error->location, std::move(error->message));
      continue;
    }
    module->annotations.push_back(std::move(a));
  }
}

void CapErrors(std::vector<RegoError>* errors, size_t max_errors) {
  if (max_errors > 0 && errors->size() > max_errors) errors->resize(max_errors);
}

}  // namespace
}  // namespace internal

using internal::Statement;

ParsedModule parse_module(std::string file, std::string_view text, const ParseOptions& options) {
  ParsedModule result;
  internal::Parser parser(file, text, options);
  std::vector<Statement> statements = parser.ParseStatements(false);
  auto module = std::make_unique<Module>();
  std::vector<RegoError>& errors = parser.errors();
  internal::ErrorSink sink{&errors, &parser.file()};
  internal::CollectAnnotations(parser.comments(), module.get(), &sink);
  if (!errors.empty()) {
    result.errors = std::move(errors);
    internal::CapErrors(&result.errors, options.max_errors);
    return result;
  }
  if (statements.empty()) {
    sink.Add(SourceLocation{}, "empty module");
    result.errors = std::move(errors);
    return result;
  }
  module->file = file;
  module->version = options.version;
  bool v1_checks = options.version == RegoVersion::kV1;
  if (statements[0].kind != Statement::Kind::kPackage) {
    sink.Add(statements[0].location, "package expected");
  } else {
    module->package = std::move(statements[0].path);
    module->package_location = statements[0].location;
  }
  std::vector<std::unique_ptr<internal::RuleBuild>> rules;
  for (size_t i = 1; i < statements.size(); ++i) {
    Statement& st = statements[i];
    switch (st.kind) {
      case Statement::Kind::kImport: {
        const auto& items = st.path->items;
        if (items.size() == 2 && items[0]->text == "rego" && items[1]->text == "v1") {
          v1_checks = true;  // a v0 module importing rego.v1 must also be valid v1
        }
        module->imports.push_back(Import{std::move(st.path), std::move(st.alias), st.location});
        break;
      }
      case Statement::Kind::kRule:
        rules.push_back(std::move(st.rule));
        break;
      case Statement::Kind::kBody: {
        std::string error;
        auto rule = internal::RuleFromBody(st.body, &error);
        if (!rule) {
          sink.Add(st.location, std::move(error));
          continue;
        }
        rules.push_back(std::move(rule));
        break;
      }
      case Statement::Kind::kPackage:
        sink.Add(st.location, "unexpected package");
        break;
    }
  }
  if (v1_checks) {
    for (const auto& rule : rules) internal::CheckRegoV1(*rule, &sink);
  }
  if (!errors.empty()) {
    result.errors = std::move(errors);
    internal::CapErrors(&result.errors, options.max_errors);
    return result;
  }
  module->rules.reserve(rules.size());
  for (auto& rule : rules) module->rules.push_back(internal::ToRule(std::move(*rule)));
  // As OPA: blocks are attached once the module's statements are known to be valid.
  for (AnnotationError& e : attach_annotations(module.get())) {
    sink.Add(e.location, std::move(e.message));
  }
  if (!errors.empty()) {
    result.errors = std::move(errors);
    internal::CapErrors(&result.errors, options.max_errors);
    return result;
  }
  for (const auto& c : parser.comments()) {
    module->comments.push_back(Comment{std::string(c.text), c.at});
  }
  result.module = std::move(module);
  return result;
}

ParsedQuery parse_query(std::string_view text, const ParseOptions& options) {
  ParsedQuery result;
  internal::Parser parser("", text, options);
  std::vector<Statement> statements = parser.ParseStatements(true);
  std::vector<RegoError>& errors = parser.errors();
  if (errors.empty()) {
    auto body = std::make_unique<Body>();
    for (Statement& st : statements) {
      if (st.kind != Statement::Kind::kBody) {
        errors.push_back(RegoError{kParseError,
                                   st.kind == Statement::Kind::kPackage
                                       ? "expected body but got *ast.Package"
                                       : "expected body but got *ast.Import",
                                   "", st.location});
        break;
      }
      for (Expr& e : st.body) body->push_back(std::move(e));
    }
    if (errors.empty()) result.body = std::move(body);
  }
  result.errors = std::move(errors);
  internal::CapErrors(&result.errors, options.max_errors);
  return result;
}

ParsedTerm parse_term(std::string_view text, const ParseOptions& options) {
  ParsedTerm result;
  ParsedQuery query = parse_query(text, options);
  if (!query.errors.empty()) {
    result.errors = std::move(query.errors);
    return result;
  }
  Body& body = *query.body;
  if (body.size() != 1) {
    SourceLocation at = body.empty() ? SourceLocation{} : body[1].location;
    result.errors.push_back(RegoError{kParseError, "expected exactly one term", "", at});
    return result;
  }
  Expr& e = body[0];
  if (e.kind != ExprKind::kTerm || e.negated || !e.with.empty()) {
    result.errors.push_back(RegoError{kParseError, "expected term", "", e.location});
    return result;
  }
  result.term = std::move(e.terms[0]);
  return result;
}

}  // namespace assay::rego
