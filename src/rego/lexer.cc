#include "src/rego/lexer.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace assay::rego {
namespace {

constexpr int32_t kEnd = -1;
constexpr int32_t kByteOrderMark = 0xFEFF;
constexpr int32_t kReplacement = 0xFFFD;

// Unicode decimal digits (category Nd) beyond ASCII, as [first, last] ranges: OPA lets them
// continue an identifier (Go's unicode.IsDigit).
constexpr int32_t kDigitRanges[][2] = {
    {0x660, 0x669},     {0x6F0, 0x6F9},     {0x7C0, 0x7C9},     {0x966, 0x96F},
    {0x9E6, 0x9EF},     {0xA66, 0xA6F},     {0xAE6, 0xAEF},     {0xB66, 0xB6F},
    {0xBE6, 0xBEF},     {0xC66, 0xC6F},     {0xCE6, 0xCEF},     {0xD66, 0xD6F},
    {0xDE6, 0xDEF},     {0xE50, 0xE59},     {0xED0, 0xED9},     {0xF20, 0xF29},
    {0x1040, 0x1049},   {0x1090, 0x1099},   {0x17E0, 0x17E9},   {0x1810, 0x1819},
    {0x1946, 0x194F},   {0x19D0, 0x19D9},   {0x1A80, 0x1A89},   {0x1A90, 0x1A99},
    {0x1B50, 0x1B59},   {0x1BB0, 0x1BB9},   {0x1C40, 0x1C49},   {0x1C50, 0x1C59},
    {0xA620, 0xA629},   {0xA8D0, 0xA8D9},   {0xA900, 0xA909},   {0xA9D0, 0xA9D9},
    {0xA9F0, 0xA9F9},   {0xAA50, 0xAA59},   {0xABF0, 0xABF9},   {0xFF10, 0xFF19},
    {0x104A0, 0x104A9}, {0x10D30, 0x10D39}, {0x11066, 0x1106F}, {0x110F0, 0x110F9},
    {0x11136, 0x1113F}, {0x111D0, 0x111D9}, {0x112F0, 0x112F9}, {0x11450, 0x11459},
    {0x114D0, 0x114D9}, {0x11650, 0x11659}, {0x116C0, 0x116C9}, {0x11730, 0x11739},
    {0x118E0, 0x118E9}, {0x11950, 0x11959}, {0x11C50, 0x11C59}, {0x11D50, 0x11D59},
    {0x11DA0, 0x11DA9}, {0x11F50, 0x11F59}, {0x16A60, 0x16A69}, {0x16AC0, 0x16AC9},
    {0x16B50, 0x16B59}, {0x1D7CE, 0x1D7FF}, {0x1E140, 0x1E149}, {0x1E2F0, 0x1E2F9},
    {0x1E4F0, 0x1E4F9}, {0x1E950, 0x1E959}, {0x1FBF0, 0x1FBF9},
};

bool IsUnicodeDigit(int32_t c) {
  auto it = std::upper_bound(std::begin(kDigitRanges), std::end(kDigitRanges), c,
                             [](int32_t v, const int32_t(&r)[2]) { return v < r[0]; });
  return it != std::begin(kDigitRanges) && c <= (*(it - 1))[1];
}

int32_t Lower(int32_t c) { return c | 0x20; }  // lower case for ASCII letters only
bool IsDecimal(int32_t c) { return c >= '0' && c <= '9'; }
bool IsLetter(int32_t c) { return (Lower(c) >= 'a' && Lower(c) <= 'z') || c == '_'; }
bool IsDigit(int32_t c) { return IsDecimal(c) || (c >= 0x80 && IsUnicodeDigit(c)); }
bool IsWhitespace(int32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Decodes the UTF-8 sequence at s (n bytes available) as Go's utf8.DecodeRune does: the
// shortest form only, no surrogates, at most U+10FFFF. Returns the width, 0 when invalid.
int DecodeUtf8(const unsigned char* s, size_t n, int32_t* rune) {
  unsigned char b0 = s[0];
  auto cont = [&](size_t i, unsigned char lo, unsigned char hi) {
    return i < n && s[i] >= lo && s[i] <= hi;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (!cont(1, 0x80, 0xBF)) return 0;
    *rune = ((b0 & 0x1F) << 6) | (s[1] & 0x3F);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;
    unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;
    if (!cont(1, lo, hi) || !cont(2, 0x80, 0xBF)) return 0;
    *rune = ((b0 & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;
    if (!cont(1, lo, hi) || !cont(2, 0x80, 0xBF) || !cont(3, 0x80, 0xBF)) return 0;
    *rune = ((b0 & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    return 4;
  }
  return 0;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool ReadHex4(std::string_view s, size_t i, uint32_t* out) {
  if (i + 4 > s.size()) return false;
  uint32_t v = 0;
  for (size_t k = 0; k < 4; ++k) {
    int h = HexValue(s[i + k]);
    if (h < 0) return false;
    v = v * 16 + static_cast<uint32_t>(h);
  }
  *out = v;
  return true;
}

void AppendUtf8(uint32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace

Lexer::Lexer(std::string_view text) : src_(text) {
  // Texts beyond 4 GiB are cut: offsets are 32-bit, and no policy comes near.
  if (src_.size() > UINT32_MAX - 2) src_ = src_.substr(0, UINT32_MAX - 2);
  Advance();
  // OPA skips one leading byte-order mark (after counting it as column 1).
  if (curr_ == kByteOrderMark) Advance();
}

void Lexer::Advance() {
  if (next_ >= src_.size()) {
    curr_ = kEnd;
    next_ = static_cast<uint32_t>(src_.size()) + 1;
    return;
  }
  auto b = static_cast<unsigned char>(src_[next_]);
  curr_ = b;
  width_ = 1;
  if (b == 0) {
    Error("illegal null character");
  } else if (b >= 0x80) {
    int32_t rune = 0;
    int w = DecodeUtf8(reinterpret_cast<const unsigned char*>(src_.data()) + next_,
                       src_.size() - next_, &rune);
    if (w == 0) {
      curr_ = kReplacement;
      Error("illegal utf-8 character");
    } else {
      curr_ = rune;
      width_ = w;
      if (rune == kByteOrderMark && next_ > 0) Error("illegal byte-order mark");
    }
  }
  next_ += width_;
  if (curr_ == '\n') {
    ++row_;
    col_ = 0;
  } else {
    ++col_;
  }
}

SourceLocation Lexer::Here() const {
  int offset = curr_ == kEnd ? static_cast<int>(src_.size()) : static_cast<int>(next_ - width_);
  return SourceLocation{row_, col_, offset};
}

// OPA's scanner ends a literal one byte before its read offset, which is the current character
// when that is ASCII; when it is a multi-byte character the literal takes its first byte. We do
// the same so that literals (and the errors they lead to) are the ones OPA sees.
uint32_t Lexer::LiteralEnd() const {
  return std::min<uint32_t>(next_ - 1, static_cast<uint32_t>(src_.size()));
}

Token Lexer::Next() {
  Token out;
  uint8_t gap = 0;
  SourceLocation ws_at;
  for (;;) {
    SourceLocation at = Here();
    // Errors raised since the last token belong to this one, the lookahead read included.
    auto error_begin = static_cast<uint32_t>(flushed_);
    uint32_t begin = static_cast<uint32_t>(at.offset);
    uint32_t end = begin;
    bool raw = false;
    Tok kind;
    if (done_) {
      kind = Tok::kEof;
    } else if (pending_continuation_ >= 0) {
      bool raw_template = pending_continuation_ == 1;
      pending_continuation_ = -1;
      kind = raw_template ? ScanRawTemplateString() : ScanTemplateString();
      begin = begin > 0 ? begin - 1 : 0;  // the literal starts at the closing `}`
      end = LiteralEnd();
    } else {
      kind = ScanOne(&begin, &end, &raw);
    }
    flushed_ = errors_.size();
    auto error_count = static_cast<uint32_t>(flushed_ - error_begin);
    if (error_count == 0) {
      if (kind == Tok::kWhitespace) {
        if (!(gap & Token::kWsBefore)) ws_at = at;
        gap |= Token::kWsBefore;
        if (src_[begin] == '\n') gap |= Token::kNewlineBefore;
        continue;
      }
      if (kind == Tok::kComment) {
        // The text after '#', carriage returns before the newline dropped.
        uint32_t text_end = end;
        while (text_end > begin + 1 && src_[text_end - 1] == '\r') --text_end;
        comments_.push_back({src_.substr(begin + 1, text_end - begin - 1), at});
        gap |= Token::kCommentBefore;
        continue;
      }
    }
    out.kind = error_count ? Tok::kIllegal : kind;
    out.flags = gap | (raw ? Token::kRaw : 0);
    out.error_begin = error_begin;
    out.error_count = error_count;
    out.begin = begin;
    out.end = std::max(begin, end);
    out.at = at;
    out.ws_at = ws_at;
    if (out.kind == Tok::kIdent) out.keyword = KeywordFor(src_.substr(begin, out.end - begin));
    switch (out.kind) {
      case Tok::kTemplateStringPart:
        templates_.push_back({false, 0});
        break;
      case Tok::kRawTemplateStringPart:
        templates_.push_back({true, 0});
        break;
      case Tok::kLBrace:
        if (!templates_.empty()) ++templates_.back().depth;
        break;
      case Tok::kRBrace:
        if (!templates_.empty()) {
          if (templates_.back().depth == 0) {
            pending_continuation_ = templates_.back().raw ? 1 : 0;
            templates_.pop_back();
          } else {
            --templates_.back().depth;
          }
        }
        break;
      case Tok::kEof:
        done_ = true;
        break;
      default:
        break;
    }
    return out;
  }
}

Tok Lexer::ScanOne(uint32_t* begin, uint32_t* end, bool* raw) {
  if (IsWhitespace(curr_)) {
    *end = *begin + 1;
    Advance();
    return Tok::kWhitespace;
  }
  if (IsLetter(curr_)) {
    ScanIdentifier();
    *end = LiteralEnd();
    return Tok::kIdent;
  }
  if (IsDecimal(curr_)) {
    ScanNumber();
    *end = LiteralEnd();
    return Tok::kNumber;
  }
  int32_t ch = curr_;
  Advance();
  *end = LiteralEnd();
  switch (ch) {
    case kEnd:
      *begin = *end = static_cast<uint32_t>(src_.size());
      return Tok::kEof;
    case '#':
      ScanComment();
      // The comment runs to the newline or the end.
      *end = curr_ == kEnd ? static_cast<uint32_t>(src_.size()) : next_ - width_;
      return Tok::kComment;
    case '"':
      ScanString();
      *end = LiteralEnd();
      return Tok::kString;
    case '`':
      ScanRawString();
      *end = LiteralEnd();
      *raw = true;
      return Tok::kString;
    case '[':
      return Tok::kLBrack;
    case ']':
      return Tok::kRBrack;
    case '{':
      return Tok::kLBrace;
    case '}':
      return Tok::kRBrace;
    case '(':
      return Tok::kLParen;
    case ')':
      return Tok::kRParen;
    case ',':
      return Tok::kComma;
    case ';':
      return Tok::kSemicolon;
    case '.':
      return Tok::kDot;
    case '+':
      return Tok::kAdd;
    case '-':
      return Tok::kSub;
    case '*':
      return Tok::kMul;
    case '/':
      return Tok::kQuo;
    case '%':
      return Tok::kRem;
    case '&':
      return Tok::kAnd;
    case '|':
      return Tok::kOr;
    case ':':
      if (curr_ == '=') {
        Advance();
        *end = LiteralEnd();
        return Tok::kAssign;
      }
      return Tok::kColon;
    case '=':
      if (curr_ == '=') {
        Advance();
        *end = LiteralEnd();
        return Tok::kEqual;
      }
      return Tok::kUnify;
    case '>':
      if (curr_ == '=') {
        Advance();
        *end = LiteralEnd();
        return Tok::kGte;
      }
      return Tok::kGt;
    case '<':
      if (curr_ == '=') {
        Advance();
        *end = LiteralEnd();
        return Tok::kLte;
      }
      return Tok::kLt;
    case '!':
      if (curr_ == '=') {
        Advance();
        *end = LiteralEnd();
        return Tok::kNeq;
      }
      Error("illegal ! character");
      return Tok::kIllegal;
    case '$':
      if (curr_ == '`') {
        Advance();
        ++*begin;  // the literal starts at the backtick
        Tok t = ScanRawTemplateString();
        *end = LiteralEnd();
        return t;
      }
      if (curr_ == '"') {
        Advance();
        ++*begin;
        Tok t = ScanTemplateString();
        *end = LiteralEnd();
        return t;
      }
      Error("illegal $ character");
      return Tok::kIllegal;
    default:
      return Tok::kIllegal;  // a character no token starts with: no scanner error, as OPA
  }
}

void Lexer::ScanIdentifier() {
  while (IsLetter(curr_) || IsDigit(curr_)) Advance();
}

void Lexer::ScanNumber() {
  while (IsDecimal(curr_)) Advance();
  if (curr_ == '.') {
    Advance();
    bool found = false;
    while (IsDecimal(curr_)) {
      Advance();
      found = true;
    }
    if (!found) Error("expected fraction");
  }
  if (Lower(curr_) == 'e') {
    Advance();
    if (curr_ == '+' || curr_ == '-') Advance();
    bool found = false;
    while (IsDecimal(curr_)) {
      Advance();
      found = true;
    }
    if (!found) Error("expected exponent");
  }
  // "0a2b" is one bad number rather than a number and an identifier.
  if (IsLetter(curr_)) {
    Error("illegal number format");
    while (IsLetter(curr_) || IsDigit(curr_)) Advance();
  }
}

void Lexer::ScanString() {
  for (;;) {
    int32_t ch = curr_;
    if (ch == '\n' || ch == kEnd) {
      Error("non-terminated string");
      return;
    }
    Advance();
    if (ch == '"') return;
    if (ch == '\\') {
      switch (curr_) {
        case '\\':
        case '"':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
          Advance();
          break;
        case 'u':  // four more characters, whatever they are: the parser checks them
          for (int i = 0; i < 4; ++i) Advance();
          break;
        default:
          Error("illegal escape sequence");
      }
    }
  }
}

void Lexer::ScanRawString() {
  for (;;) {
    int32_t ch = curr_;
    Advance();
    if (ch == '`') return;
    if (ch == kEnd) {
      Error("non-terminated string");
      return;
    }
  }
}

Tok Lexer::ScanTemplateString() {
  for (;;) {
    int32_t ch = curr_;
    if (ch == '\n' || ch == kEnd) {
      Error("non-terminated string");
      return Tok::kTemplateStringPart;
    }
    Advance();
    if (ch == '"') return Tok::kTemplateStringEnd;
    if (ch == '{') return Tok::kTemplateStringPart;
    if (ch == '\\') {
      switch (curr_) {
        case '\\':
        case '"':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
        case '{':
          Advance();
          break;
        case 'u':
          for (int i = 0; i < 4; ++i) Advance();
          break;
        default:
          Error("illegal escape sequence");
      }
    }
  }
}

Tok Lexer::ScanRawTemplateString() {
  for (;;) {
    int32_t ch = curr_;
    if (ch == kEnd) {
      Error("non-terminated string");
      return Tok::kRawTemplateStringPart;
    }
    Advance();
    if (ch == '`') return Tok::kRawTemplateStringEnd;
    if (ch == '{') return Tok::kRawTemplateStringPart;
    if (ch == '\\' && curr_ == '{') Advance();
  }
}

void Lexer::ScanComment() {
  while (curr_ != '\n' && curr_ != kEnd) Advance();
}

// ---------------------------------------------------------------------------------------------
// Literal values.

// Decodes the inside of a JSON string as Go's encoding/json does (OPA unquotes string literals
// with it): the JSON escapes, surrogate pairs joined, a lone surrogate becoming U+FFFD. Fails
// on what JSON refuses: control characters, bad escapes, an unescaped quote.
bool UnquoteJsonString(std::string_view s, std::string* out) {
  out->clear();
  out->reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"') return false;
    if (c != '\\') {
      out->push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (i + 1 >= s.size()) return false;
    char e = s[i + 1];
    i += 2;
    switch (e) {
      case '"':
        out->push_back('"');
        break;
      case '\\':
        out->push_back('\\');
        break;
      case '/':
        out->push_back('/');
        break;
      case 'b':
        out->push_back('\b');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'u': {
        uint32_t cp = 0;
        if (!ReadHex4(s, i, &cp)) return false;
        i += 4;
        if (cp >= 0xD800 && cp < 0xE000) {
          uint32_t lo = 0;
          if (cp < 0xDC00 && i + 1 < s.size() && s[i] == '\\' && s[i + 1] == 'u' &&
              ReadHex4(s, i + 2, &lo) && lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          } else {
            cp = 0xFFFD;
          }
        }
        AppendUtf8(cp, out);
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

// What Go's big.Float says of a number literal: whether it parses, and whether its binary
// exponent stays within OPA's limit of 1e5 (a guard against huge numbers).
NumberCheck CheckNumberLiteral(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  int64_t int_digits = 0;      // mantissa digits before the point
  int64_t first_nonzero = -1;  // position of the first non-zero mantissa digit
  int64_t digits = 0;
  double lead = 0;  // the first significant digits, for the magnitude
  int lead_count = 0;
  bool point = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.') {
      if (point) return NumberCheck::kInvalid;
      point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    if (!point) ++int_digits;
    if (c != '0' && first_nonzero < 0) first_nonzero = digits;
    if (first_nonzero >= 0 && lead_count < 17) {
      lead = lead * 10 + (c - '0');
      ++lead_count;
    }
    ++digits;
  }
  if (digits == 0) return NumberCheck::kInvalid;
  int64_t exp10 = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    size_t start = i;
    uint64_t v = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      if (v > (UINT64_C(1) << 63) / 10) return NumberCheck::kInvalid;  // beyond int64: Go fails
      v = v * 10 + static_cast<uint64_t>(s[i] - '0');
    }
    if (i == start || v > static_cast<uint64_t>(INT64_MAX)) return NumberCheck::kInvalid;
    exp10 = negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
  }
  if (i != s.size()) return NumberCheck::kInvalid;
  if (first_nonzero < 0) return NumberCheck::kOk;  // zero
  // |x| = lead * 10^(int_digits - first_nonzero - lead_count + exp10); its binary exponent is
  // floor(log2 |x|) + 1.
  double log10x = std::log10(lead) + static_cast<double>(int_digits - first_nonzero - lead_count) +
                  static_cast<double>(exp10);
  double log2x = log10x * 3.321928094887362;
  if (log2x < -2147483648.0) return NumberCheck::kOk;  // underflows to zero in big.Float
  double binary_exponent = std::floor(log2x) + 1;
  if (binary_exponent > 1e5 || binary_exponent < -1e5) return NumberCheck::kTooBig;
  return NumberCheck::kOk;
}

// The text of a template-string part between its delimiters, with the `\{` escapes resolved
// as OPA's scanner does; for a plain part, whether other escapes remain for JSON to decode.
std::string TemplatePartText(std::string_view inner, bool raw, bool* has_escapes) {
  std::string out;
  out.reserve(inner.size());
  *has_escapes = false;
  for (size_t i = 0; i < inner.size();) {
    if (inner[i] == '\\' && i + 1 < inner.size() && inner[i + 1] == '{') {
      out.push_back('{');
      i += 2;
    } else if (inner[i] == '\\' && !raw) {
      *has_escapes = true;
      size_t n = i + 1 < inner.size() && inner[i + 1] == 'u' ? 6 : 2;
      out.append(inner.substr(i, n));
      i += n;
    } else {
      out.push_back(inner[i++]);
    }
  }
  return out;
}

}  // namespace assay::rego
