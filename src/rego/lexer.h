// The Rego lexer: turns module text into tokens (token.h), one at a time, on demand.
//
// It reads the text as OPA's scanner does, so that the parser can reproduce OPA's messages
// and locations exactly: rows and columns count characters from 1 (a newline itself sits at
// column 0 of the next row, and the eof token at the column of the last character, as in
// OPA), a leading byte-order mark is skipped, and the errors met while reading a character
// (NUL, invalid UTF-8, a byte-order mark elsewhere) belong to the token whose reading looked at
// that character. A token with errors comes out as kIllegal carrying them. Whitespace and
// comments are not tokens: they set flags on the next token (Token::flags), comments are kept
// in comments().
//
// Template strings ($"...{expr}...") are read as OPA's parser asks its scanner to: the `}`
// closing an expression is followed by the next part of the string.
//
// Never fails, allocates only for the comment and error lists, and reads each byte a bounded
// number of times. Not thread-safe; the text must outlive the lexer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/rego/error.h"
#include "src/rego/token.h"

namespace assay::rego {

// A comment: the text after '#' (trailing carriage returns removed) and where the '#' is.
struct LexedComment {
  std::string_view text;
  SourceLocation at;
};

class Lexer {
 public:
  explicit Lexer(std::string_view text);

  // Reads the next token. After the end of the text, returns kEof again and again.
  Token Next();

  // The comments read so far, in order.
  const std::vector<LexedComment>& comments() const { return comments_; }

  // The scanner error messages of all tokens read so far; a token's are
  // errors()[error_begin, error_begin + error_count).
  const std::vector<const char*>& errors() const { return errors_; }

  std::string_view text() const { return src_; }

 private:
  struct TemplateContext {
    bool raw;
    int depth;  // braces opened inside the current expression and not yet closed
  };

  void Advance();  // moves to the next character, as OPA's scanner.next()
  void Error(const char* message) { errors_.push_back(message); }
  SourceLocation Here() const;
  uint32_t LiteralEnd() const;  // where OPA's scanner ends a literal (see lexer.cc)

  Tok ScanOne(uint32_t* begin, uint32_t* end, bool* raw);
  void ScanIdentifier();
  void ScanNumber();
  void ScanString();
  void ScanRawString();
  Tok ScanTemplateString();
  Tok ScanRawTemplateString();
  void ScanComment();

  std::string_view src_;
  uint32_t next_ = 0;  // index just past the current character (OPA's scanner offset)
  int width_ = 0;      // bytes of the current character
  int32_t curr_ = -1;  // the current character; -1 at the end
  int row_ = 1;
  int col_ = 0;
  int pending_continuation_ = -1;  // after a template expression's `}`: 0 plain, 1 raw
  bool done_ = false;
  size_t flushed_ = 0;  // errors_ up to here belong to tokens already returned
  std::vector<TemplateContext> templates_;
  std::vector<LexedComment> comments_;
  std::vector<const char*> errors_;
};

// The value of a JSON string literal from the text between its quotes, as Go's encoding/json
// (which OPA uses) gives it: escapes decoded, surrogate pairs joined, a lone surrogate made
// U+FFFD. Returns false, with *out unspecified, for what JSON refuses: control characters, an
// unknown escape, a bad \u, an unescaped quote.
bool UnquoteJsonString(std::string_view inner, std::string* out);

// What Go's big.Float, which OPA uses to check number literals, says of one: kInvalid when it
// does not parse, kTooBig when its binary exponent passes OPA's limit of +-1e5.
enum class NumberCheck { kOk, kInvalid, kTooBig };
NumberCheck CheckNumberLiteral(std::string_view text);

// The text of a template-string part between its delimiters with its `\{` escapes resolved;
// for a plain (not raw) part, *has_escapes tells whether JSON escapes remain to decode.
std::string TemplatePartText(std::string_view inner, bool raw, bool* has_escapes);

}  // namespace assay::rego
