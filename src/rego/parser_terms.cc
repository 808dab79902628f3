// Literals, expressions and terms of the Rego parser (see parser_internal.h for the design).
// Each function mirrors the OPA parser function of the same name, so that the same input takes
// the same path and fails with the same message at the same token.
#include <string>
#include <utility>

#include "src/rego/parser_internal.h"

namespace assay::rego::internal {
namespace {

bool IsVar(const Term* t, std::string_view name) {
  return t != nullptr && t->kind == TermKind::kVar && t->text == name;
}

bool IsRootDocument(const Term& t) {
  return t.kind == TermKind::kVar && (t.text == "data" || t.text == "input");
}

TermPtr ExprAsTerm(const Expr& e) {
  if (e.kind == ExprKind::kTerm && !e.terms.empty() && e.terms[0]) return CloneTerm(*e.terms[0]);
  auto call = MakeTerm(TermKind::kCall, e.location);
  for (const auto& t : e.terms) {
    if (t) call->items.push_back(CloneTerm(*t));
  }
  return call;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Bodies and literals.

bool Parser::ParseBody(Tok end, Body* out) {
  DepthGuard guard(this);
  if (!guard.ok) return false;
  return ParseQuery(false, end, out);
}

bool Parser::ParseQuery(bool require_semi, Tok end, Body* out) {
  if (tok() == end) {
    AddError(Loc(), "found empty body");
    return false;
  }
  for (;;) {
    Expr expr;
    if (!ParseLiteral(&expr)) return false;
    out->push_back(std::move(expr));
    if (tok() == Tok::kSemicolon) {
      Scan();
      continue;
    }
    if (tok() == end || require_semi) return true;
    if (!(Cur().flags & Token::kNewlineBefore)) {
      // Only the first error: a literal that already failed has said what went wrong.
      if (s_.errors == 0) {
        Illegal(std::string("expected \\n or ; or ") + std::string(TokName(end)));
      }
      return false;
    }
  }
}

bool Parser::ParseLiteral(Expr* out) {
  SourceLocation loc = Loc();
  bool ok;
  if (IsAllowedRefKeyword(tok()) && (PeekWS() == Tok::kDot || PeekWS() == Tok::kLBrack)) {
    // `not.x`, `if[0]`: a keyword starting a ref.
    s_.as_ident = true;
    ok = ParseLiteralExpr(false, out);
  } else {
    bool negated = false;
    if (tok() == Tok::kNot && PeekWS() != Tok::kDot && PeekWS() != Tok::kLBrack) {
      Scan();
      negated = true;
    }
    switch (tok()) {
      case Tok::kSome:
        if (negated) {
          Illegal("illegal negation of 'some'");
          return false;
        }
        ok = ParseSome(out);
        break;
      case Tok::kEvery:
        if (negated) {
          Illegal("illegal negation of 'every'");
          return false;
        }
        ok = ParseEvery(out);
        break;
      default:
        ok = ParseLiteralExpr(negated, out);
    }
  }
  if (ok) out->location = loc;
  return ok;
}

bool Parser::ParseLiteralExpr(bool negated, Expr* out) {
  ParserState start = Save();
  if (!ParseExpr(out)) return false;
  out->negated = negated;
  if (tok() == Tok::kWith && !ParseWith(&out->with)) return false;
  // In v0, a lone `every` that would parse as `every x in xs { ... }` gets a hint.
  if (options_.version == RegoVersion::kV0 && !in_future_parse_ && out->kind == ExprKind::kTerm &&
      IsVar(out->terms[0].get(), "every")) {
    ParserState here = Save();
    Restore(start);
    bool hint = FutureParse([this] {
      Expr e;
      return ParseEvery(&e);
    });
    Restore(here);
    if (hint) AddHint(Hint::kFutureEvery);
  }
  return true;
}

bool Parser::ParseExpr(Expr* out) {
  TermPtr lhs = ParseTermInfixCall();
  if (!lhs) return false;
  if (TermPtr op = ParseTermOp({Tok::kAssign, Tok::kUnify})) {
    TermPtr rhs = ParseTermInfixCall();
    if (!rhs) return false;
    out->kind = ExprKind::kCall;
    out->terms.push_back(std::move(op));
    out->terms.push_back(std::move(lhs));
    out->terms.push_back(std::move(rhs));
    return true;
  }
  // A call at the top is the expression itself (OPA's evaluator has no call terms there).
  if (lhs->kind == TermKind::kCall) {
    out->kind = ExprKind::kCall;
    out->terms = std::move(lhs->items);
    return true;
  }
  out->kind = ExprKind::kTerm;
  out->terms.push_back(std::move(lhs));
  return true;
}

bool Parser::ParseWith(std::vector<With>* out) {
  for (;;) {
    With with;
    with.location = Loc();
    Scan();
    if (tok() != Tok::kIdent) {
      Illegal("expected ident");
      return false;
    }
    with.target = ParseTerm();
    if (!with.target) return false;
    if (with.target->kind != TermKind::kRef && with.target->kind != TermKind::kVar) {
      Illegal("expected with target path");
    }
    if (tok() != Tok::kAs) {
      Illegal("expected as keyword");
      return false;
    }
    Scan();
    with.value = ParseTermInfixCall();
    if (!with.value) return false;
    out->push_back(std::move(with));
    if (tok() != Tok::kWith) return true;
  }
}

bool Parser::ParseSome(Expr* out) {
  SourceLocation loc = Loc();
  // First `some x in xs` / `some k, v in xs`, read as a membership call.
  ParserState start = Save();
  Scan();
  if (TermPtr term = ParseTermInfixCall(); term && term->kind == TermKind::kCall) {
    std::string op = OperatorName(*term->items[0]);
    if (op == "internal.member_2" || op == "internal.member_3") {
      if (term->items.size() != (op == "internal.member_2" ? 3u : 4u)) {
        Illegal("illegal domain");
        return false;
      }
    } else {
      Illegal("expected `x in xs` or `x, y in xs` expression");
      return false;
    }
    out->kind = ExprKind::kSome;
    out->location = loc;
    out->terms.push_back(std::move(term));
    return tok() != Tok::kWith || ParseWith(&out->with);
  }
  Restore(start);
  if (options_.version == RegoVersion::kV0 && !in_future_parse_) {
    // Would it have been a membership with `in` imported? Then say so in the error to come.
    ParserState here = Save();
    Scan();
    bool hint = FutureParse([this] {
      TermPtr t = ParseTermInfixCall();
      if (!t || t->kind != TermKind::kCall) return false;
      std::string op = OperatorName(*t->items[0]);
      return op == "internal.member_2" || op == "internal.member_3";
    });
    Restore(here);
    if (hint) AddHint(Hint::kFutureIn);
  }
  out->kind = ExprKind::kSome;
  out->location = loc;
  for (;;) {
    Scan();
    if (tok() != Tok::kIdent) {
      Illegal("expected var");
      return false;
    }
    out->terms.push_back(ParseVar());
    Scan();
    if (tok() != Tok::kComma) return true;
  }
}

bool Parser::ParseEvery(Expr* out) {
  SourceLocation loc = Loc();
  Scan();
  TermPtr term = ParseTermInfixCall();
  if (!term) return false;
  const char* shape = "expected `x[, y] in xs { ... }` expression";
  if (term->kind != TermKind::kCall) {
    Illegal(shape);
    return false;
  }
  std::string op = OperatorName(*term->items[0]);
  TermPtr key;
  TermPtr value;
  TermPtr domain;
  if (op == "internal.member_2") {
    if (term->items.size() != 3) {
      Illegal("illegal domain");
      return false;
    }
    value = std::move(term->items[1]);
    domain = std::move(term->items[2]);
  } else if (op == "internal.member_3") {
    if (term->items.size() != 4) {
      Illegal("illegal domain");
      return false;
    }
    key = std::move(term->items[1]);
    value = std::move(term->items[2]);
    domain = std::move(term->items[3]);
    if (key->kind != TermKind::kVar) {
      Illegal("expected key to be a variable");
      return false;
    }
  } else {
    Illegal(shape);
    return false;
  }
  if (value->kind != TermKind::kVar) {
    Illegal("expected value to be a variable");
    return false;
  }
  if (tok() != Tok::kLBrace) {
    Illegal("missing body");
    return false;
  }
  Scan();
  auto body = std::make_unique<Body>();
  if (!ParseBody(Tok::kRBrace, body.get())) return false;
  Scan();
  out->kind = ExprKind::kEvery;
  out->location = loc;
  out->terms.push_back(std::move(key));
  out->terms.push_back(std::move(value));
  out->terms.push_back(std::move(domain));
  out->body = std::move(body);
  return tok() != Tok::kWith || ParseWith(&out->with);
}

// ---------------------------------------------------------------------------------------------
// Infix terms: `in`, then relations, `|`, `&`, `+ -`, `* / %`, from loosest to tightest.

TermPtr Parser::InfixEntry(bool key_val, TermPtr primary) {
  DepthGuard guard(this);
  if (!guard.ok) return nullptr;
  return ParseTermIn(nullptr, key_val, std::move(primary));
}

namespace {
TermPtr MakeCall(TermPtr op, TermPtr a, TermPtr b, TermPtr c = nullptr) {
  SourceLocation at = a->location;
  auto call = MakeTerm(TermKind::kCall, at);
  call->items.reserve(c ? 4 : 3);
  call->items.push_back(std::move(op));
  call->items.push_back(std::move(a));
  call->items.push_back(std::move(b));
  if (c) call->items.push_back(std::move(c));
  return call;
}

bool IsRelation(Tok t) {
  return t == Tok::kEqual || t == Tok::kNeq || t == Tok::kLt || t == Tok::kGt || t == Tok::kLte ||
         t == Tok::kGte;
}
}  // namespace

TermPtr Parser::ParseTermIn(TermPtr lhs, bool key_val, TermPtr primary) {
  DepthGuard guard(this);
  if (!guard.ok) return nullptr;
  if (!lhs) lhs = ParseTermRelation(nullptr, std::move(primary));
  if (!lhs) return nullptr;
  if (key_val && tok() == Tok::kComma) {  // `k, v in xs`: a second left operand
    ParserState start = Save();
    Scan();
    if (TermPtr mhs = ParseTermRelation(nullptr, nullptr)) {
      if (TermPtr op = ParseMemberOp(true)) {
        if (TermPtr rhs = ParseTermRelation(nullptr, nullptr)) {
          TermPtr call = MakeCall(std::move(op), std::move(lhs), std::move(mhs), std::move(rhs));
          if (tok() == Tok::kIn) return ParseTermIn(std::move(call), key_val, nullptr);
          return call;
        }
      }
    }
    Restore(start);
  }
  ScanAheadRef();
  if (TermPtr op = ParseMemberOp(false)) {
    if (TermPtr rhs = ParseTermRelation(nullptr, nullptr)) {
      TermPtr call = MakeCall(std::move(op), std::move(lhs), std::move(rhs));
      if (tok() == Tok::kIn) return ParseTermIn(std::move(call), key_val, nullptr);
      return call;
    }
  }
  return lhs;
}

TermPtr Parser::ParseTermRelation(TermPtr lhs, TermPtr primary) {
  DepthGuard guard(this);
  if (!guard.ok) return nullptr;
  if (!lhs) lhs = ParseTermOr(nullptr, std::move(primary));
  if (lhs && IsRelation(tok())) {
    TermPtr op = ParseTermOp({tok()});
    if (TermPtr rhs = ParseTermOr(nullptr, nullptr)) {
      TermPtr call = MakeCall(std::move(op), std::move(lhs), std::move(rhs));
      if (IsRelation(tok())) return ParseTermRelation(std::move(call), nullptr);
      return call;
    }
  }
  return lhs;
}

TermPtr Parser::ParseTermOr(TermPtr lhs, TermPtr primary) {
  DepthGuard guard(this);
  if (!guard.ok) return nullptr;
  if (!lhs) lhs = ParseTermAnd(nullptr, std::move(primary));
  if (lhs && tok() == Tok::kOr) {
    TermPtr op = ParseTermOp({Tok::kOr});
    if (TermPtr rhs = ParseTermAnd(nullptr, nullptr)) {
      TermPtr call = MakeCall(std::move(op), std::move(lhs), std::move(rhs));
      if (tok() == Tok::kOr) return ParseTermOr(std::move(call), nullptr);
      return call;
    }
  }
  return lhs;
}

TermPtr Parser::ParseTermAnd(TermPtr lhs, TermPtr primary) {
  DepthGuard guard(this);
  if (!guard.ok) return nullptr;
  if (!lhs) lhs = ParseTermArith(nullptr, std::move(primary));
  if (lhs && tok() == Tok::kAnd) {
    TermPtr op = ParseTermOp({Tok::kAnd});
    if (TermPtr rhs = ParseTermArith(nullptr, nullptr)) {
      TermPtr call = MakeCall(std::move(op), std::move(lhs), std::move(rhs));
      if (tok() == Tok::kAnd) return ParseTermAnd(std::move(call), nullptr);
      return call;
    }
  }
  return lhs;
}

TermPtr Parser::ParseTermArith(TermPtr lhs, TermPtr primary) {
  DepthGuard guard(this);
  if (!guard.ok) return nullptr;
  if (!lhs) lhs = ParseTermFactor(nullptr, std::move(primary));
  if (lhs && (tok() == Tok::kAdd || tok() == Tok::kSub)) {
    TermPtr op = ParseTermOp({tok()});
    if (TermPtr rhs = ParseTermFactor(nullptr, nullptr)) {
      TermPtr call = MakeCall(std::move(op), std::move(lhs), std::move(rhs));
      if (tok() == Tok::kAdd || tok() == Tok::kSub) {
        return ParseTermArith(std::move(call), nullptr);
      }
      return call;
    }
  }
  return lhs;
}

TermPtr Parser::ParseTermFactor(TermPtr lhs, TermPtr primary) {
  DepthGuard guard(this);
  if (!guard.ok) return nullptr;
  if (!lhs) lhs = primary ? std::move(primary) : ParseTerm();
  if (lhs && (tok() == Tok::kMul || tok() == Tok::kQuo || tok() == Tok::kRem)) {
    TermPtr op = ParseTermOp({tok()});
    if (TermPtr rhs = ParseTerm()) {
      TermPtr call = MakeCall(std::move(op), std::move(lhs), std::move(rhs));
      if (tok() == Tok::kMul || tok() == Tok::kQuo || tok() == Tok::kRem) {
        return ParseTermFactor(std::move(call), nullptr);
      }
      return call;
    }
  }
  return lhs;
}

TermPtr Parser::ParseTermOp(std::initializer_list<Tok> ops) {
  Tok t = tok();
  for (Tok op : ops) {
    if (op == t) {
      TermPtr ref = MakeOperator(TokName(t), Loc());
      Scan();
      return ref;
    }
  }
  return nullptr;
}

TermPtr Parser::ParseMemberOp(bool with_key) {
  if (tok() != Tok::kIn) return nullptr;
  TermPtr ref = MakeOperator(with_key ? "internal.member_3" : "internal.member_2", Loc());
  Scan();
  return ref;
}

// ---------------------------------------------------------------------------------------------
// Terms.

TermPtr Parser::ParseTerm() {
  DepthGuard guard(this);
  if (!guard.ok) return nullptr;
  // Only collections can hold comprehensions, the one place where a failed attempt makes the
  // parser re-read text: those are what the cache keeps.
  Tok t = tok();
  bool cacheable = !s_.at_ws && (t == Tok::kLBrack || t == Tok::kLBrace);
  uint32_t start = s_.pos;
  if (cacheable && !cache_.empty()) {
    if (auto it = cache_.find(start); it != cache_.end()) {
      const CacheEntry& hit = it->second;
      for (const RegoError& e : hit.errors) {
        errors_.push_back(e);
      }
      ParserState post = hit.post;
      post.errors = static_cast<uint32_t>(errors_.size());
      s_ = post;
      return hit.term ? CloneTerm(*hit.term) : nullptr;
    }
  }
  uint32_t errors_before = s_.errors;
  TermPtr term = ParseTermUncached();
  if (cacheable && speculation_ > 0) {
    CacheEntry entry;
    entry.term = term ? CloneTerm(*term) : nullptr;
    entry.post = s_;
    entry.errors.assign(errors_.begin() + errors_before, errors_.end());
    cache_[start] = std::move(entry);
  }
  return term;
}

TermPtr Parser::ParseTermUncached() {
  TermPtr term;
  bool unary_minus = false;
  SourceLocation minus_at;
  switch (tok()) {
    case Tok::kNull:
      term = MakeTerm(TermKind::kNull, Loc());
      break;
    case Tok::kTrue:
    case Tok::kFalse:
      term = MakeTerm(TermKind::kBoolean, Loc());
      term->boolean = tok() == Tok::kTrue;
      break;
    case Tok::kSub: {
      // `-x.y` is minus(0, x.y); `-1` a negative number.
      minus_at = Loc();
      ParserState start = Save();
      Scan();
      if (tok() == Tok::kIdent || tok() == Tok::kContains) {
        unary_minus = true;
        term = ParseVar();
      } else {
        Restore(start);
        term = ParseNumber();
      }
      break;
    }
    case Tok::kDot:
    case Tok::kNumber:
      term = ParseNumber();
      break;
    case Tok::kString:
      term = ParseString();
      break;
    case Tok::kTemplateStringPart:
    case Tok::kTemplateStringEnd:
      term = ParseTemplateString(false);
      break;
    case Tok::kRawTemplateStringPart:
    case Tok::kRawTemplateStringEnd:
      term = ParseTemplateString(true);
      break;
    case Tok::kIdent:
    case Tok::kContains:  // `contains` is a name everywhere but in rule heads
      term = ParseVar();
      break;
    case Tok::kLBrack:
      term = ParseArray();
      break;
    case Tok::kLBrace:
      term = ParseSetOrObject();
      break;
    case Tok::kLParen:
      Scan();
      if (TermPtr inner = ParseTermInfixCall()) {
        if (tok() == Tok::kRParen) {
          term = std::move(inner);
        } else {
          AddError(Loc(), "non-terminated expression");
        }
      }
      break;
    default:
      IllegalToken();
  }
  term = ParseTermFinish(std::move(term));
  if (unary_minus && term) {
    auto zero = MakeTerm(TermKind::kNumber, minus_at);
    zero->text = "0";
    auto call = MakeTerm(TermKind::kCall, minus_at);
    call->items.push_back(MakeOperator("minus", minus_at));
    call->items.push_back(std::move(zero));
    call->items.push_back(std::move(term));
    term = std::move(call);
  }
  return term;
}

TermPtr Parser::ParseTermFinish(TermPtr head) {
  if (!head) return nullptr;
  ScanWS();
  switch (tok()) {
    case Tok::kLParen:
    case Tok::kDot:
    case Tok::kLBrack:
      return ParseRef(std::move(head));
    case Tok::kWhitespace:
      Scan();
      [[fallthrough]];
    default:
      if (IsRootDocument(*head)) {
        SourceLocation at = head->location;
        std::vector<TermPtr> items;
        items.push_back(std::move(head));
        return MakeRef(std::move(items), at);
      }
      return head;
  }
}

TermPtr Parser::ParseHeadFinish(TermPtr head) {
  if (!head) return nullptr;
  ScanWS();
  switch (tok()) {
    case Tok::kAdd:
    case Tok::kSub:
    case Tok::kMul:
    case Tok::kQuo:
    case Tok::kRem:
    case Tok::kAnd:
    case Tok::kOr:
    case Tok::kEqual:
    case Tok::kNeq:
    case Tok::kGt:
    case Tok::kGte:
    case Tok::kLt:
    case Tok::kLte:
      IllegalToken();
      break;
    case Tok::kWhitespace:
      Scan();
      break;
    default:
      break;
  }
  switch (tok()) {
    case Tok::kLParen:
    case Tok::kDot:
    case Tok::kLBrack:
      return ParseRef(std::move(head));
    case Tok::kWhitespace:
      Scan();
      break;
    default:
      break;
  }
  if (IsRootDocument(*head)) {
    SourceLocation at = head->location;
    std::vector<TermPtr> items;
    items.push_back(std::move(head));
    return MakeRef(std::move(items), at);
  }
  return head;
}

TermPtr Parser::ParseVar() {
  if (Lit() == "_") return MakeVar(GenWildcard(), Loc());
  return MakeVar(Lit(), Loc());
}

std::string Parser::GenWildcard() { return "$" + std::to_string(s_.wildcard++); }

TermPtr Parser::ParseNumber() {
  SourceLocation loc = Loc();
  std::string prefix;
  if (tok() == Tok::kSub) {
    prefix = "-";
    Scan();
    if (tok() != Tok::kNumber && tok() != Tok::kDot) {
      Illegal("expected number");
      return nullptr;
    }
  }
  if (tok() == Tok::kDot) {
    prefix += ".";
    Scan();
    if (tok() != Tok::kNumber) {
      Illegal("expected number");
      return nullptr;
    }
  }
  std::string_view lit = Lit();
  bool decimal_prefix = !prefix.empty() && prefix.back() == '.';
  if (!decimal_prefix && lit.size() > 1 && lit[0] == '0') {
    bool fraction = lit[1] == '.';
    bool exponent = lit.size() > 2 && (lit[1] == 'e' || lit[1] == 'E');
    if (!fraction && !exponent) {
      Illegal("expected number without leading zero");
      return nullptr;
    }
  }
  std::string text = prefix;
  text.append(lit);
  switch (CheckNumberLiteral(text)) {
    case NumberCheck::kInvalid:
      Illegal("invalid float");
      return nullptr;
    case NumberCheck::kTooBig:
      AddError(Loc(), "number too big");
      return nullptr;
    case NumberCheck::kOk:
      break;
  }
  auto term = MakeTerm(TermKind::kNumber, loc);
  term->text = std::move(text);  // the literal as written: no rounding, no big-number loss
  return term;
}

TermPtr Parser::ParseString() {
  std::string_view lit = Lit();
  SourceLocation loc = Loc();
  if (Cur().flags & Token::kRaw) {
    if (lit.size() < 2) return nullptr;
    auto term = MakeString(std::string(lit.substr(1, lit.size() - 2)), loc);
    term->raw_string = true;
    return term;
  }
  std::string_view inner = lit.size() >= 2 ? lit.substr(1, lit.size() - 2) : std::string_view();
  if (inner.find('\\') == std::string_view::npos && lit.size() >= 2) {
    return MakeString(std::string(inner), loc);
  }
  std::string value;
  if (lit.size() < 2 || lit.front() != '"' || lit.back() != '"' ||
      !UnquoteJsonString(inner, &value)) {
    AddError(loc, "illegal string literal: " + std::string(lit));
    return nullptr;
  }
  return MakeString(std::move(value), loc);
}

TermPtr Parser::ParseTemplateString(bool raw) {
  SourceLocation loc = Loc();
  auto result = MakeTerm(TermKind::kTemplateString, loc);
  result->raw_string = raw;
  result->body = std::make_unique<Body>();
  for (;;) {
    Tok t = tok();
    bool end = t == Tok::kTemplateStringEnd || t == Tok::kRawTemplateStringEnd;
    bool part = t == Tok::kTemplateStringPart || t == Tok::kRawTemplateStringPart;
    std::string_view lit = Lit();
    if ((!end && !part) || lit.size() < 2) {
      AddError(Loc(), "expected template-string part");
      return nullptr;
    }
    bool escapes = false;
    std::string text = TemplatePartText(lit.substr(1, lit.size() - 2), raw, &escapes);
    if (escapes) {
      std::string decoded;
      if (!UnquoteJsonString(text, &decoded)) {
        AddError(Loc(), "illegal template-string part: " + std::string(lit));
        return nullptr;
      }
      text = std::move(decoded);
    }
    // Text and expressions alternate in items; empty text keeps the alternation.
    result->items.push_back(MakeString(std::move(text), Loc()));
    if (end) break;
    Scan();
    SourceLocation expr_at = Loc();
    Expr expr;
    if (!ParseLiteral(&expr)) {
      AddError(Loc(), "invalid template-string expression");
      return nullptr;
    }
    const char* refused = nullptr;
    std::string op = expr.kind == ExprKind::kCall ? OperatorName(*expr.terms[0]) : "";
    if (expr.negated) {
      refused = "unexpected negation ('not') in template-string expression";
    } else if (op == "eq") {
      refused = "unexpected unification ('=') in template-string expression";
    } else if (op == "assign") {
      refused = "unexpected assignment (':=') in template-string expression";
    } else if (expr.kind == ExprKind::kEvery) {
      refused = "unexpected 'every' in template-string expression";
    } else if (expr.kind == ExprKind::kSome) {
      refused = "unexpected 'some' in template-string expression";
    }
    if (refused) {
      AddError(expr_at, refused);
      return nullptr;
    }
    result->items.push_back(ExprAsTerm(expr));
    result->body->push_back(std::move(expr));
    if (tok() != Tok::kRBrace) {
      AddError(Loc(), "expected } to end template string expression");
      return nullptr;
    }
    ScanWS();  // the lexer has read the rest of the string as the next part
  }
  return result;
}

TermPtr Parser::ParseCall(TermPtr op) {
  DepthGuard guard(this);
  if (!guard.ok) return nullptr;
  SourceLocation loc = op->location;
  Scan();  // over '('
  if (tok() == Tok::kRParen) {
    ScanWS();
    if (op->kind == TermKind::kRef && op->items.size() == 1 && IsVar(op->items[0].get(), "set")) {
      return MakeTerm(TermKind::kSet, loc);  // `set()`: the empty set
    }
    auto call = MakeTerm(TermKind::kCall, loc);
    call->items.push_back(std::move(op));
    return call;
  }
  auto call = MakeTerm(TermKind::kCall, loc);
  call->items.push_back(std::move(op));
  if (!ParseTermList(Tok::kRParen, &call->items, nullptr)) return nullptr;
  ScanWS();
  return call;
}

TermPtr Parser::ParseRef(TermPtr head) {
  DepthGuard guard(this);
  if (!guard.ok) return nullptr;
  SourceLocation loc = head->location;
  switch (head->kind) {
    case TermKind::kVar:
    case TermKind::kArray:
    case TermKind::kObject:
    case TermKind::kSet:
    case TermKind::kArrayComprehension:
    case TermKind::kObjectComprehension:
    case TermKind::kSetComprehension:
    case TermKind::kCall:
      break;
    default:
      AddError(loc, "illegal ref (head cannot be " + std::string(ValueName(*head)) + ")");
  }
  std::vector<TermPtr> items;
  items.push_back(std::move(head));
  for (;;) {
    switch (tok()) {
      case Tok::kDot:
        ScanWS();
        if (tok() != Tok::kIdent && !IsAllowedRefKeyword(tok())) {
          Illegal("expected identifier");
          return nullptr;
        }
        items.push_back(MakeString(std::string(Lit()), Loc()));
        ScanWS();
        break;
      case Tok::kLParen: {
        TermPtr term = ParseCall(MakeRef(std::move(items), loc));
        if (term) {
          if (tok() == Tok::kWhitespace) {
            Scan();
          } else if (tok() == Tok::kDot || tok() == Tok::kLBrack) {
            term = ParseRef(std::move(term));
          }
        }
        return term;
      }
      case Tok::kLBrack: {
        Scan();
        TermPtr key = ParseTermInfixCall();
        if (!key) return nullptr;
        if (tok() != Tok::kRBrack) {
          Illegal("expected [");  // sic: OPA names the opening bracket
          return nullptr;
        }
        items.push_back(std::move(key));
        ScanWS();
        break;
      }
      case Tok::kWhitespace:
        Scan();
        return MakeRef(std::move(items), loc);
      default:
        return MakeRef(std::move(items), loc);
    }
  }
}

TermPtr Parser::ParseArray() {
  DepthGuard guard(this);
  if (!guard.ok) return nullptr;
  SourceLocation loc = Loc();
  Scan();
  auto array = MakeTerm(TermKind::kArray, loc);
  if (tok() == Tok::kRBrack) return array;
  bool potential_comprehension = true;
  if (tok() == Tok::kComma) {  // `[, x]` is accepted, as OPA does
    potential_comprehension = false;
    Scan();
  }
  // A single term first: `[x | ...]` is a comprehension before it is an `or`.
  TermPtr head = ParseTerm();
  if (!head) return nullptr;
  switch (tok()) {
    case Tok::kRBrack:
      array->items.push_back(std::move(head));
      return array;
    case Tok::kComma:
      Scan();
      array->items.push_back(std::move(head));
      if (!ParseTermList(Tok::kRBrack, &array->items, nullptr)) return nullptr;
      return array;
    case Tok::kOr:
      if (potential_comprehension) {
        ParserState after_head = Save();
        Scan();
        auto body = std::make_unique<Body>();
        ++speculation_;
        bool ok = ParseBody(Tok::kRBrack, body.get());
        --speculation_;
        if (ok) {
          auto comprehension = MakeTerm(TermKind::kArrayComprehension, loc);
          comprehension->items.push_back(std::move(head));
          comprehension->body = std::move(body);
          return comprehension;
        }
        if (tok() != Tok::kComma) return nullptr;
        Restore(after_head);  // not a comprehension: an array whose first item has an `|`
      }
      break;
    default:
      break;
  }
  // OPA re-reads the list from the start; the first term is the one just read.
  if (!ParseTermList(Tok::kRBrack, &array->items, std::move(head))) return nullptr;
  return array;
}

TermPtr Parser::ParseSetOrObject() {
  DepthGuard guard(this);
  if (!guard.ok) return nullptr;
  SourceLocation loc = Loc();
  Scan();
  if (tok() == Tok::kRBrace) return MakeTerm(TermKind::kObject, loc);  // `{}`
  bool potential_comprehension = true;
  if (tok() == Tok::kComma) {
    potential_comprehension = false;
    Scan();
  }
  TermPtr result;
  TermPtr head = ParseTerm();
  if (!head) return nullptr;
  switch (tok()) {
    case Tok::kOr:
      if (potential_comprehension) {
        result = ParseSet(Save(), std::move(head), true);
        if (result) result->location = loc;
        return result;
      }
      break;
    case Tok::kRBrace:
    case Tok::kComma:
      result = ParseSet(Save(), std::move(head), potential_comprehension);
      if (result) result->location = loc;
      return result;
    case Tok::kColon:
      result = ParseObject(std::move(head), potential_comprehension);
      if (result) result->location = loc;
      return result;
    default:
      break;
  }
  head = InfixEntry(false, std::move(head));
  if (!head) return nullptr;
  switch (tok()) {
    case Tok::kRBrace:
    case Tok::kComma:
      result = ParseSet(Save(), std::move(head), false);
      break;
    case Tok::kColon:
      result = ParseObject(std::move(head), potential_comprehension);
      break;
    default:
      Illegal("non-terminated set");
      return nullptr;
  }
  if (result) result->location = loc;
  return result;
}

TermPtr Parser::ParseSet(const ParserState& after_head, TermPtr head,
                         bool potential_comprehension) {
  DepthGuard guard(this);
  if (!guard.ok) return nullptr;
  auto set = MakeTerm(TermKind::kSet, head->location);
  switch (tok()) {
    case Tok::kRBrace:
      set->items.push_back(std::move(head));
      return set;
    case Tok::kComma:
      Scan();
      set->items.push_back(std::move(head));
      if (!ParseTermList(Tok::kRBrace, &set->items, nullptr)) return nullptr;
      return set;
    case Tok::kOr:
      if (potential_comprehension) {
        Scan();
        auto body = std::make_unique<Body>();
        ++speculation_;
        bool ok = ParseBody(Tok::kRBrace, body.get());
        --speculation_;
        if (ok) {
          auto comprehension = MakeTerm(TermKind::kSetComprehension, head->location);
          comprehension->items.push_back(std::move(head));
          comprehension->body = std::move(body);
          return comprehension;
        }
        if (tok() != Tok::kComma) return nullptr;
      }
      // Not a comprehension: a set whose first item has an `|`, read again from that item.
      Restore(after_head);
      if (!ParseTermList(Tok::kRBrace, &set->items, std::move(head))) return nullptr;
      return set;
    default:
      return nullptr;
  }
}

TermPtr Parser::ParseObject(TermPtr key, bool potential_comprehension) {
  DepthGuard guard(this);
  if (!guard.ok) return nullptr;
  Scan();  // over ':'
  ParserState start = Save();
  TermPtr value = ParseTerm();
  if (!value) return nullptr;
  ParserState after_value = Save();
  bool potential_relation = true;
  if (potential_comprehension) {
    Tok t = tok();
    if (t == Tok::kRBrace || t == Tok::kComma || t == Tok::kOr) {
      potential_relation = t == Tok::kOr;
      if (TermPtr object = ParseObjectFinish(key, value, true)) return object;
    }
  }
  if (potential_relation) {
    Restore(after_value);
    value = InfixEntry(false, std::move(value));
    if (!value) return nullptr;
    if (tok() == Tok::kRBrace || tok() == Tok::kComma) {
      return ParseObjectFinish(key, value, false);
    }
  } else {
    Restore(start);
  }
  Illegal("non-terminated object");
  return nullptr;
}

TermPtr Parser::ParseObjectFinish(TermPtr& key, TermPtr& value, bool potential_comprehension) {
  DepthGuard guard(this);
  if (!guard.ok) return nullptr;
  SourceLocation loc = key->location;
  switch (tok()) {
    case Tok::kRBrace: {
      auto object = MakeTerm(TermKind::kObject, loc);
      object->items.push_back(std::move(key));
      object->items.push_back(std::move(value));
      return object;
    }
    case Tok::kOr:
      if (potential_comprehension) {
        Scan();
        auto body = std::make_unique<Body>();
        ++speculation_;
        bool ok = ParseBody(Tok::kRBrace, body.get());
        --speculation_;
        if (ok) {
          auto comprehension = MakeTerm(TermKind::kObjectComprehension, loc);
          comprehension->items.push_back(std::move(key));
          comprehension->items.push_back(std::move(value));
          comprehension->body = std::move(body);
          return comprehension;
        }
      } else {
        Illegal("non-terminated object");
      }
      return nullptr;
    case Tok::kComma: {
      Scan();
      std::vector<TermPtr> rest;
      if (!ParseTermPairList(Tok::kRBrace, &rest)) return nullptr;
      auto object = MakeTerm(TermKind::kObject, loc);
      object->items.reserve(rest.size() + 2);
      object->items.push_back(std::move(key));
      object->items.push_back(std::move(value));
      for (auto& t : rest) object->items.push_back(std::move(t));
      return object;
    }
    default:
      return nullptr;
  }
}

bool Parser::ParseTermList(Tok end, std::vector<TermPtr>* out, TermPtr first_primary) {
  if (!first_primary && tok() == end) return true;
  for (;;) {
    TermPtr term = InfixEntry(false, std::move(first_primary));
    first_primary = nullptr;
    if (!term) return false;
    out->push_back(std::move(term));
    if (tok() == end) return true;
    if (tok() != Tok::kComma) {
      Illegal("expected \",\" or \"" + std::string(TokName(end)) + "\"");
      return false;
    }
    Scan();
    if (tok() == end) return true;  // a trailing comma
  }
}

bool Parser::ParseTermPairList(Tok end, std::vector<TermPtr>* out) {
  if (tok() == end) return true;
  for (;;) {
    TermPtr key = InfixEntry(false, nullptr);
    if (!key) return false;
    if (tok() != Tok::kColon) {
      Illegal("expected \":\"");
      return false;
    }
    Scan();
    TermPtr value = InfixEntry(false, nullptr);
    if (!value) return false;
    out->push_back(std::move(key));
    out->push_back(std::move(value));
    if (tok() == end) return true;
    if (tok() != Tok::kComma) {
      Illegal("expected \",\" or \"" + std::string(TokName(end)) + "\"");
      return false;
    }
    Scan();
    if (tok() == end) return true;
  }
}

}  // namespace assay::rego::internal
