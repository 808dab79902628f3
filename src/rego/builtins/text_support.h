// What the text built-ins (strings.cc, sprintf.cc, regex.cc, glob.cc, encoding*.cc) share:
// OPA's operand error wordings, Go's UTF-8 decoding rules, the bound on the text a built-in may
// produce, Go's fmt.Sprintf as OPA's sprintf uses it, and the cache of compiled RE2 patterns.
//
// Everything here is a pure function or internally synchronised: thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "src/rego/builtins/builtin_impl.h"
#include "src/rego/number.h"
#include "src/rego/value.h"

namespace re2 {
class RE2;
}

namespace assay::rego::builtins {

// No built-in produces a string longer than this: replace(), sprintf("%999999d"), ... would
// otherwise let a small policy exhaust memory. Over it, eval_builtin_error kOutputTooLarge.
inline constexpr size_t kMaxOutputBytes = size_t{64} << 20;
inline constexpr std::string_view kOutputTooLarge = "output too large";

inline BuiltinResult builtin_error(std::string message) {
  return BuiltinResult::error("eval_builtin_error", std::move(message));
}

// OPA's builtins.NewOperandErr: "operand N <message>", an eval_type_error.
inline BuiltinResult operand_error(int position, std::string_view message) {
  return BuiltinResult::error("eval_type_error",
                              "operand " + std::to_string(position) + " " + std::string(message));
}

// OPA's builtins.NewOperandElementErr: "operand 2 must be array of strings but got array
// containing number".
inline BuiltinResult element_type_error(int position, const Value& composite, const Value& got,
                                        std::string_view want) {
  std::string kind(composite.type_name());
  return operand_error(position, "must be " + kind + " of " + std::string(want) + "s but got " +
                                     kind + " containing " + std::string(got.type_name()));
}

// Go's utf8.DecodeRuneInString: the code point at s[i] and its width; an invalid or truncated
// sequence decodes as U+FFFD with width 1. Precondition: i < s.size().
inline size_t decode_rune(std::string_view s, size_t i, char32_t* rune) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    *rune = b0;
    return 1;
  }
  size_t need = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 ? 2 : 0;
  if (need == 0 || b0 > 0xF4 || i + need > s.size()) {
    *rune = 0xFFFD;
    return 1;
  }
  char32_t r = b0 & (0x7F >> need);
  for (size_t k = 1; k < need; ++k) {
    unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) {
      *rune = 0xFFFD;
      return 1;
    }
    r = (r << 6) | (b & 0x3F);
  }
  bool overlong = (need == 3 && r < 0x800) || (need == 4 && r < 0x10000);
  if (overlong || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
    *rune = 0xFFFD;
    return 1;
  }
  *rune = r;
  return need;
}

// Go's utf8.AppendRune: invalid code points are written as U+FFFD.
inline void append_rune(std::string* out, char32_t r) {
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  if (r < 0x80) {
    out->push_back(static_cast<char>(r));
  } else if (r < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (r >> 6)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else if (r < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (r >> 12)));
    out->push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (r >> 18)));
    out->push_back(static_cast<char>(0x80 | ((r >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  }
}

// Go's fmt.Sprintf(format, args...) after OPA's sprintf turned Rego values into Go values:
// integers as int (or *big.Int beyond int64), other numbers as float64 (or their text when out
// of float64's range), strings as string, everything else as its Rego text. nullopt with
// *error set when the output would pass kMaxOutputBytes.
std::optional<std::string> go_sprintf(std::string_view format, std::span<const Value> args,
                                      std::string* error);

// The integer part of a number (truncated toward zero, as big.Float.Int) written in base 2, 8,
// 10 or 16 (lower-case digits, "-" for negatives): format_int. nullopt when it would have more
// than kMaxIntegerDigits digits.
inline constexpr size_t kMaxIntegerDigits = 100000;
std::optional<std::string> integer_text_in_base(const Number& number, int base);

// Go's strconv.FormatFloat-like text of a float64 for a fmt verb ('e', 'E', 'f', 'F', 'g', 'G';
// 'v' is %v: shortest 'g'); precision < 0 means shortest.
std::string go_format_float(double value, char verb, int precision);

// The compiled RE2 of a Go regexp pattern, from a bounded cache shared by every thread; nullptr
// with *error set to Go's message ("error parsing regexp: missing closing ]: `[`") when the
// pattern is not valid.
std::shared_ptr<const re2::RE2> compiled_regex(std::string_view pattern, std::string* error);

// regex.globs_match: whether some string matches both globs of OPA's glob-intersection syntax
// (`.` any character, `[a-z]` sets, `*` and `+` after a token, `\` escapes). nullopt with
// *error set when a glob is malformed.
std::optional<bool> globs_intersect(std::string_view glob1, std::string_view glob2,
                                    std::string* error);

// Go's regexp.QuoteMeta: `\` before each of \.+*?()|[]{}^$.
std::string regex_quote_meta(std::string_view text);

}  // namespace assay::rego::builtins
