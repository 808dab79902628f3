// Tokens of the Rego lexer (lexer.h): their kinds, the names OPA's error messages give them
// ("unexpected eof token", "unexpected } token", "unexpected if keyword"), and the keywords.
//
// Identifiers always come out of the lexer as kIdent with `keyword` telling which keyword the
// text spells, if any; whether it acts as a keyword is decided by the parser, because the
// future keywords (`in`, `every`, `contains`, `if`) change meaning with imports in Rego v0.
// Plain values; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "src/rego/error.h"

namespace assay::rego {

enum class Tok : uint8_t {
  kIllegal,
  kEof,
  kWhitespace,  // never stored: the parser sees it as the gap before a token (Token::flags)
  kIdent,
  kComment,  // never stored: comments go to TokenStream::comments
  kPackage,
  kImport,
  kAs,
  kDefault,
  kElse,
  kNot,
  kSome,
  kWith,
  kNull,
  kTrue,
  kFalse,
  kNumber,
  kString,  // "..." and `...` (Token::kRaw tells them apart)
  kTemplateStringPart,
  kTemplateStringEnd,
  kRawTemplateStringPart,
  kRawTemplateStringEnd,
  kLBrack,
  kRBrack,
  kLBrace,
  kRBrace,
  kLParen,
  kRParen,
  kComma,
  kColon,
  kAdd,
  kSub,
  kMul,
  kQuo,
  kRem,
  kAnd,
  kOr,
  kUnify,
  kEqual,
  kAssign,
  kIn,
  kNeq,
  kGt,
  kLt,
  kGte,
  kLte,
  kDot,
  kSemicolon,
  kEvery,
  kContains,
  kIf,
};

// The spelling OPA uses for a token kind in messages; operators are named as the built-in
// they call ("plus", "eq", ...), which is also the operator's name in the AST.
constexpr std::string_view TokName(Tok t) {
  switch (t) {
    case Tok::kIllegal:
      return "illegal";
    case Tok::kEof:
      return "eof";
    case Tok::kWhitespace:
      return "whitespace";
    case Tok::kIdent:
      return "identifier";
    case Tok::kComment:
      return "comment";
    case Tok::kPackage:
      return "package";
    case Tok::kImport:
      return "import";
    case Tok::kAs:
      return "as";
    case Tok::kDefault:
      return "default";
    case Tok::kElse:
      return "else";
    case Tok::kNot:
      return "not";
    case Tok::kSome:
      return "some";
    case Tok::kWith:
      return "with";
    case Tok::kNull:
      return "null";
    case Tok::kTrue:
      return "true";
    case Tok::kFalse:
      return "false";
    case Tok::kNumber:
      return "number";
    case Tok::kString:
      return "string";
    case Tok::kTemplateStringPart:
      return "template-string-part";
    case Tok::kTemplateStringEnd:
      return "template-string-end";
    case Tok::kRawTemplateStringPart:
      return "raw-template-string-part";
    case Tok::kRawTemplateStringEnd:
      return "raw-template-string-end";
    case Tok::kLBrack:
      return "[";
    case Tok::kRBrack:
      return "]";
    case Tok::kLBrace:
      return "{";
    case Tok::kRBrace:
      return "}";
    case Tok::kLParen:
      return "(";
    case Tok::kRParen:
      return ")";
    case Tok::kComma:
      return ",";
    case Tok::kColon:
      return ":";
    case Tok::kAdd:
      return "plus";
    case Tok::kSub:
      return "minus";
    case Tok::kMul:
      return "mul";
    case Tok::kQuo:
      return "div";
    case Tok::kRem:
      return "rem";
    case Tok::kAnd:
      return "and";
    case Tok::kOr:
      return "or";
    case Tok::kUnify:
      return "eq";
    case Tok::kEqual:
      return "equal";
    case Tok::kAssign:
      return "assign";
    case Tok::kIn:
      return "in";
    case Tok::kNeq:
      return "neq";
    case Tok::kGt:
      return "gt";
    case Tok::kLt:
      return "lt";
    case Tok::kGte:
      return "gte";
    case Tok::kLte:
      return "lte";
    case Tok::kDot:
      return ".";
    case Tok::kSemicolon:
      return ";";
    case Tok::kEvery:
      return "every";
    case Tok::kContains:
      return "contains";
    case Tok::kIf:
      return "if";
  }
  return "unknown";
}

// True for the tokens OPA's messages call a "keyword" rather than a "token".
constexpr bool IsKeywordTok(Tok t) {
  return (t >= Tok::kPackage && t <= Tok::kFalse) || t == Tok::kIn || t == Tok::kEvery ||
         t == Tok::kContains || t == Tok::kIf;
}

// The future keywords, as bits of a mask: enabled from the start in v1, by imports in v0.
enum FutureKeyword : uint8_t {
  kFutureIn = 1,
  kFutureEvery = 2,
  kFutureContains = 4,
  kFutureIf = 8,
  kAllFutureKeywords = 15,
};

// The keyword token an identifier spells, or kIdent when it spells none.
constexpr Tok KeywordFor(std::string_view s) {
  switch (s.size()) {
    case 2:
      if (s == "as") return Tok::kAs;
      if (s == "in") return Tok::kIn;
      if (s == "if") return Tok::kIf;
      break;
    case 3:
      if (s == "not") return Tok::kNot;
      break;
    case 4:
      if (s == "else") return Tok::kElse;
      if (s == "some") return Tok::kSome;
      if (s == "with") return Tok::kWith;
      if (s == "null") return Tok::kNull;
      if (s == "true") return Tok::kTrue;
      break;
    case 5:
      if (s == "false") return Tok::kFalse;
      if (s == "every") return Tok::kEvery;
      break;
    case 6:
      if (s == "import") return Tok::kImport;
      break;
    case 7:
      if (s == "package") return Tok::kPackage;
      if (s == "default") return Tok::kDefault;
      break;
    case 8:
      if (s == "contains") return Tok::kContains;
      break;
  }
  return Tok::kIdent;
}

// The future-keyword bit of a keyword token, or 0 for the keywords that always are.
constexpr uint8_t FutureBit(Tok t) {
  switch (t) {
    case Tok::kIn:
      return kFutureIn;
    case Tok::kEvery:
      return kFutureEvery;
    case Tok::kContains:
      return kFutureContains;
    case Tok::kIf:
      return kFutureIf;
    default:
      return 0;
  }
}

struct Token {
  enum Flags : uint8_t {
    kWsBefore = 1,       // whitespace between the previous token and this one
    kNewlineBefore = 2,  // ... and it holds a newline
    kCommentBefore = 4,  // a comment between the previous token and this one
    kRaw = 8,            // a `raw` string
  };
  Tok kind = Tok::kIllegal;
  Tok keyword = Tok::kIdent;  // for kIdent: the keyword the text spells, or kIdent
  uint8_t flags = 0;
  uint32_t error_count = 0;  // scanner errors raised while reading this token
  uint32_t error_begin = 0;  // index of the first in Lexer::errors()
  uint32_t begin = 0;        // the literal: [begin, end) in the source
  uint32_t end = 0;
  SourceLocation at;     // where the token starts
  SourceLocation ws_at;  // where the whitespace before it starts (kWsBefore)
};

}  // namespace assay::rego
