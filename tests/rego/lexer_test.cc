// The Rego lexer: token kinds, literals, positions (as OPA's scanner counts them) and the
// scanner errors each token carries.
#include "src/rego/lexer.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace assay::rego {
namespace {

struct Lexed {
  Tok kind;
  std::string text;
  int row;
  int col;
  std::vector<std::string> errors;
};

std::vector<Lexed> LexAll(std::string_view text) {
  Lexer lexer(text);
  std::vector<Lexed> out;
  for (;;) {
    Token t = lexer.Next();
    Lexed l{t.kind, std::string(text.substr(t.begin, t.end - t.begin)), t.at.row, t.at.col, {}};
    for (uint32_t i = 0; i < t.error_count; ++i) {
      l.errors.emplace_back(lexer.errors()[t.error_begin + i]);
    }
    out.push_back(l);
    if (t.kind == Tok::kEof) return out;
  }
}

std::string Kinds(std::string_view text) {
  std::string out;
  for (const Lexed& l : LexAll(text)) {
    if (!out.empty()) out += " ";
    out += TokName(l.kind);
  }
  return out;
}

TEST_CASE("lexer: token kinds", "[rego][lexer]") {
  CHECK(Kinds("x := [1, 2.5e3]; y = {a: b} | c & d") ==
        "identifier assign [ number , number ] ; identifier eq { identifier : identifier } or "
        "identifier and identifier eof");
  CHECK(Kinds("== != < <= > >= + - * / % . ( )") ==
        "equal neq lt lte gt gte plus minus mul div rem . ( ) eof");
  CHECK(Kinds("\"s\" `raw` $\"t{x}u\"") ==
        "string string template-string-part identifier } template-string-end eof");
  CHECK(Kinds("$`a{1}b{2}c`") ==
        "raw-template-string-part number } raw-template-string-part number } "
        "raw-template-string-end eof");
  // Braces inside a template expression are counted: only the closing one ends it.
  CHECK(Kinds("$\"{ {1} }x\"") == "template-string-part { number } } template-string-end eof");
}

TEST_CASE("lexer: keywords are identifiers that know their keyword", "[rego][lexer]") {
  Lexer lexer("if contains every in package iffy");
  CHECK(lexer.Next().keyword == Tok::kIf);
  CHECK(lexer.Next().keyword == Tok::kContains);
  CHECK(lexer.Next().keyword == Tok::kEvery);
  CHECK(lexer.Next().keyword == Tok::kIn);
  Token package = lexer.Next();
  CHECK(package.kind == Tok::kIdent);
  CHECK(package.keyword == Tok::kPackage);
  CHECK(lexer.Next().keyword == Tok::kIdent);
}

TEST_CASE("lexer: positions as OPA counts them", "[rego][lexer]") {
  auto tokens = LexAll("a\n  bé c\n");
  REQUIRE(tokens.size() == 5);
  CHECK((tokens[0].row == 1 && tokens[0].col == 1));
  CHECK((tokens[1].row == 2 && tokens[1].col == 3));
  // OPA's scanner ends a literal a byte before its read offset: before a multi-byte character
  // it takes that character's first byte. Only an illegal token can follow, so it never
  // reaches an AST; we keep it so that the same errors come out.
  CHECK(tokens[1].text == "b\xc3");
  CHECK(tokens[2].kind == Tok::kIllegal);  // é starts no token
  CHECK(tokens[2].col == 4);
  CHECK(tokens[3].col == 6);
  // eof after a final newline is at column 0 of the next row, as OPA reports it
  CHECK((tokens[4].row == 3 && tokens[4].col == 0));
  auto no_newline = LexAll("ab");
  CHECK((no_newline[1].row == 1 && no_newline[1].col == 2));
  // A leading byte-order mark is skipped but counted as a column, as OPA does.
  auto bom = LexAll("\xEF\xBB\xBFx");
  CHECK(bom[0].col == 2);
  CHECK(bom[0].errors.empty());
}

TEST_CASE("lexer: whitespace and comments set flags", "[rego][lexer]") {
  Lexer lexer("a b\n# note\r\nc.d");
  Token a = lexer.Next();
  Token b = lexer.Next();
  Token c = lexer.Next();
  Token dot = lexer.Next();
  CHECK(a.flags == 0);
  CHECK(b.flags == Token::kWsBefore);
  CHECK(c.flags == (Token::kWsBefore | Token::kNewlineBefore | Token::kCommentBefore));
  CHECK(dot.flags == 0);
  CHECK(b.ws_at.col == 2);
  REQUIRE(lexer.comments().size() == 1);
  CHECK(lexer.comments()[0].text == " note");
  CHECK(lexer.comments()[0].at.row == 2);
}

TEST_CASE("lexer: identifiers may continue with Unicode digits", "[rego][lexer]") {
  auto tokens = LexAll("x\xd9\xa1 y");  // x١ (ARABIC-INDIC DIGIT ONE)
  CHECK(tokens[0].kind == Tok::kIdent);
  CHECK(tokens[0].text == "x\xd9\xa1");
  CHECK(tokens[1].col == 4);
}

TEST_CASE("lexer: scanner errors", "[rego][lexer]") {
  // The error of a character read as lookahead belongs to the token before it.
  auto nul = LexAll(std::string("x\0y", 3));
  REQUIRE(nul[0].errors.size() == 1);
  CHECK(nul[0].errors[0] == "illegal null character");
  CHECK(nul[0].kind == Tok::kIllegal);
  auto utf8 = LexAll("x \xff");
  CHECK(utf8[1].kind == Tok::kIllegal);
  CHECK(utf8[1].col == 2);  // the whitespace that read the bad byte
  CHECK(utf8[1].errors == std::vector<std::string>{"illegal utf-8 character"});
  CHECK(LexAll("x \xEF\xBB\xBF")[1].errors == std::vector<std::string>{"illegal byte-order mark"});
  CHECK(LexAll("\"abc")[0].errors == std::vector<std::string>{"non-terminated string"});
  CHECK(LexAll("\"a\\xb\"")[0].errors == std::vector<std::string>{"illegal escape sequence"});
  CHECK(LexAll("`abc")[0].errors == std::vector<std::string>{"non-terminated string"});
  CHECK(LexAll("1.")[0].errors == std::vector<std::string>{"expected fraction"});
  CHECK(LexAll("1e+")[0].errors == std::vector<std::string>{"expected exponent"});
  CHECK(LexAll("0a2b")[0].errors == std::vector<std::string>{"illegal number format"});
  CHECK(LexAll("0a2b")[0].text == "0a2b");
  CHECK(LexAll("!x")[0].errors == std::vector<std::string>{"illegal ! character"});
  CHECK(LexAll("$x")[0].errors == std::vector<std::string>{"illegal $ character"});
  CHECK(LexAll("$\"a\nb\"")[0].errors == std::vector<std::string>{"non-terminated string"});
}

TEST_CASE("lexer: literal values", "[rego][lexer]") {
  std::string out;
  CHECK(UnquoteJsonString(R"(a\n\u00e9\ud83d\ude00\/)", &out));
  CHECK(out == "a\n\xc3\xa9\xf0\x9f\x98\x80/");
  CHECK_FALSE(UnquoteJsonString(R"(\uZZZZ)", &out));
  CHECK_FALSE(UnquoteJsonString("tab\t\\n", &out));
  CHECK(CheckNumberLiteral("123456789012345678901234567890") == NumberCheck::kOk);
  CHECK(CheckNumberLiteral("-1.5e-300") == NumberCheck::kOk);
  CHECK(CheckNumberLiteral("1e30102") == NumberCheck::kOk);  // 2^100000 is about 1e30103
  CHECK(CheckNumberLiteral("1e30103") == NumberCheck::kTooBig);
  CHECK(CheckNumberLiteral("1e-30200") == NumberCheck::kTooBig);
  CHECK(CheckNumberLiteral("1e99999999999999999999") == NumberCheck::kInvalid);
  CHECK(CheckNumberLiteral("0e99999999") == NumberCheck::kOk);
  CHECK(CheckNumberLiteral(".5.5") == NumberCheck::kInvalid);
  bool escapes = false;
  CHECK(TemplatePartText(R"(a\{b\n)", false, &escapes) == R"(a{b\n)");
  CHECK(escapes);
  CHECK(TemplatePartText(R"(a\{b\n)", true, &escapes) == R"(a{b\n)");
  CHECK_FALSE(escapes);
}

}  // namespace
}  // namespace assay::rego
