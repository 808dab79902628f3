// Go's fmt.Sprintf as OPA's sprintf calls it, and Go's number formatting that goes with it.
//
// OPA turns each Rego value into a Go value before calling fmt.Sprintf: a number whose text is
// an integer becomes an int (a *big.Int past int64), any other number a float64 (its text when
// float64 cannot hold it), a string a string, and anything else its Rego text (a string). What
// follows is fmt's doPrintf over those four types: flags, width, precision, `*`, argument
// indexes, and fmt's error texts ("%!d(string=x)", "%!v(MISSING)", "%!(EXTRA int=1)").
#include <gmp.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <cwctype>
#include <locale.h>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/rego/builtins/text_support.h"

namespace assay::rego::builtins {

namespace {

// ---- Integers as decimal text --------------------------------------------------------------

// The integer part of a number's decimal text ("-12.5e1" -> "-125", "0.3" -> "0"), or nullopt
// past kMaxIntegerDigits.
std::optional<std::string> truncated_decimal(std::string_view text) {
  bool negative = !text.empty() && text[0] == '-';
  if (negative || (!text.empty() && text[0] == '+')) text.remove_prefix(1);
  std::string digits;
  int64_t point = -1;  // digits before the decimal point
  size_t i = 0;
  for (; i < text.size() && text[i] != 'e' && text[i] != 'E'; ++i) {
    if (text[i] == '.') {
      point = static_cast<int64_t>(digits.size());
    } else if (text[i] >= '0' && text[i] <= '9') {
      digits.push_back(text[i]);
    } else {
      return std::nullopt;
    }
  }
  if (point < 0) point = static_cast<int64_t>(digits.size());
  if (i < text.size()) {
    if (i + 1 >= text.size()) return std::nullopt;
    int64_t exponent = 0;
    auto [end, ec] = std::from_chars(text.data() + i + 1 + (text[i + 1] == '+'), text.data() + text.size(), exponent);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    if (exponent > static_cast<int64_t>(kMaxIntegerDigits) * 2) return std::nullopt;
    point += std::max<int64_t>(exponent, -static_cast<int64_t>(kMaxIntegerDigits) * 4);
  }
  std::string whole;
  if (point > 0) {
    if (point > static_cast<int64_t>(kMaxIntegerDigits + digits.size())) return std::nullopt;
    whole = digits.substr(0, std::min<size_t>(digits.size(), static_cast<size_t>(point)));
    if (static_cast<size_t>(point) > digits.size()) whole.append(static_cast<size_t>(point) - digits.size(), '0');
  }
  size_t nonzero = whole.find_first_not_of('0');
  whole = nonzero == std::string::npos ? "0" : whole.substr(nonzero);
  if (whole.size() > kMaxIntegerDigits) return std::nullopt;
  if (negative && whole != "0") whole.insert(0, "-");
  return whole;
}

bool is_integer_text(std::string_view s) {
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A decimal integer's magnitude in base 2, 8, 10 or 16 (lower case).
std::string magnitude_in_base(std::string_view decimal_magnitude, int base) {
  if (base == 10) return std::string(decimal_magnitude);
  mpz_t z;
  mpz_init_set_str(z, std::string(decimal_magnitude).c_str(), 10);
  std::string out(mpz_sizeinbase(z, base) + 2, '\0');
  mpz_get_str(out.data(), base, z);
  mpz_clear(z);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// ---- Go values -----------------------------------------------------------------------------

struct GoArg {
  enum class Kind { kInt, kBigInt, kFloat, kString } kind = Kind::kString;
  bool negative = false;
  std::string magnitude;  // kInt, kBigInt: decimal digits
  double number = 0;      // kFloat
  std::string text;       // kString

  std::string_view type_name() const {
    switch (kind) {
      case Kind::kInt: return "int";
      case Kind::kBigInt: return "*big.Int";
      case Kind::kFloat: return "float64";
      case Kind::kString: return "string";
    }
    return "";
  }
};

GoArg to_go(const Value& v) {
  GoArg arg;
  if (v.is_string()) {
    arg.text = std::string(v.as_string());
    return arg;
  }
  if (!v.is_number()) {
    arg.text = value_to_rego(v);
    return arg;
  }
  std::string text = v.as_number().to_string();
  if (is_integer_text(text)) {
    arg.negative = text[0] == '-';
    arg.magnitude = text.substr(arg.negative ? 1 : 0);
    size_t nonzero = arg.magnitude.find_first_not_of('0');
    arg.magnitude = nonzero == std::string::npos ? "0" : arg.magnitude.substr(nonzero);
    arg.kind = v.as_number().to_int64() ? GoArg::Kind::kInt : GoArg::Kind::kBigInt;
    return arg;
  }
  double d = v.as_number().to_double();
  if (std::isfinite(d)) {
    arg.kind = GoArg::Kind::kFloat;
    arg.number = d;
  } else {
    arg.text = text;
  }
  return arg;
}

// ---- Float layout (strconv's fmtE/fmtF over decimal digits) --------------------------------

struct Digits {
  std::string d;  // significant digits, no trailing zeros; empty for zero
  int dp = 0;     // decimal point position: value = 0.d × 10^dp
};

Digits shortest_digits(double v) {
  Digits out;
  if (v == 0) return out;
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::scientific);
  std::string_view s(buf, static_cast<size_t>(end - buf));
  size_t e = s.find('e');
  for (char c : s.substr(0, e)) {
    if (c != '.') out.d.push_back(c);
  }
  int exponent = 0;
  std::string_view exp_text = s.substr(e + 1);
  if (!exp_text.empty() && exp_text[0] == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  while (out.d.size() > 1 && out.d.back() == '0') out.d.pop_back();
  out.dp = exponent + 1;
  return out;
}

// Digits rounded to `significant` digits (exactly, as glibc's printf rounds).
Digits rounded_digits(double v, int significant) {
  if (v == 0) return {};
  std::vector<char> buf(static_cast<size_t>(significant) + 32);
  std::snprintf(buf.data(), buf.size(), "%.*e", significant - 1, std::fabs(v));
  std::string_view s(buf.data());
  Digits out;
  size_t e = s.find('e');
  for (char c : s.substr(0, e)) {
    if (c != '.') out.d.push_back(c);
  }
  out.dp = std::atoi(std::string(s.substr(e + 1)).c_str()) + 1;
  while (!out.d.empty() && out.d.back() == '0') out.d.pop_back();
  if (out.d.empty()) out.dp = 0;
  return out;
}

std::string layout_e(const Digits& g, int prec, char e) {
  std::string out(1, g.d.empty() ? '0' : g.d[0]);
  if (prec > 0) {
    out.push_back('.');
    for (int i = 1; i <= prec; ++i) out.push_back(static_cast<size_t>(i) < g.d.size() ? g.d[static_cast<size_t>(i)] : '0');
  }
  int exp = g.d.empty() ? 0 : g.dp - 1;
  out.push_back(e);
  out.push_back(exp < 0 ? '-' : '+');
  std::string digits = std::to_string(std::abs(exp));
  if (digits.size() < 2) digits.insert(0, "0");
  return out + digits;
}

std::string layout_f(const Digits& g, int prec) {
  std::string out;
  if (g.dp > 0) {
    for (int i = 0; i < g.dp; ++i) out.push_back(static_cast<size_t>(i) < g.d.size() ? g.d[static_cast<size_t>(i)] : '0');
  } else {
    out = "0";
  }
  if (prec > 0) {
    out.push_back('.');
    for (int i = 1; i <= prec; ++i) {
      int j = g.dp + i - 1;
      out.push_back(j >= 0 && static_cast<size_t>(j) < g.d.size() ? g.d[static_cast<size_t>(j)] : '0');
    }
  }
  return out;
}

std::string printf_text(const char* spec, int prec, double v) {
  int n = std::snprintf(nullptr, 0, spec, prec, v);
  std::string out(static_cast<size_t>(n) + 1, '\0');
  std::snprintf(out.data(), out.size(), spec, prec, v);
  out.resize(static_cast<size_t>(n));
  return out;
}

// ---- The printer ---------------------------------------------------------------------------

struct Flags {
  bool plus = false, minus = false, sharp = false, space = false, zero = false;
  bool plus_v = false, sharp_v = false;
  bool wid_present = false, prec_present = false;
  int wid = 0, prec = 0;
};

size_t rune_length(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) {
    char32_t r;
    i += decode_rune(s, i, &r);
  }
  return n;
}

class Printer {
 public:
  explicit Printer(std::span<const GoArg> args) : args_(args) {}

  bool run(std::string_view format);
  std::string& out() { return out_; }

 private:
  void pad(std::string_view s) {
    if (!f_.wid_present || f_.wid == 0) {
      out_.append(s);
      return;
    }
    size_t width = rune_length(s);
    size_t padding = static_cast<size_t>(f_.wid) > width ? static_cast<size_t>(f_.wid) - width : 0;
    if (f_.minus) {
      out_.append(s);
      out_.append(padding, ' ');
    } else {
      out_.append(padding, f_.zero ? '0' : ' ');
      out_.append(s);
    }
  }
  void padding(int n) {
    if (n > 0) out_.append(static_cast<size_t>(n), f_.zero ? '0' : ' ');
  }

  void print_arg(const GoArg& arg, char32_t verb);
  void bad_verb(const GoArg& arg, char32_t verb);
  void integer(const GoArg& arg, int base, bool upper, char32_t verb);
  void floating(double v, char32_t verb);
  void string_value(std::string_view s, char32_t verb);
  void character(const GoArg& arg, char32_t verb);

  std::span<const GoArg> args_;
  std::string out_;
  Flags f_;
};

void Printer::bad_verb(const GoArg& arg, char32_t verb) {
  out_ += "%!";
  append_rune(&out_, verb);
  out_ += "(";
  if (arg.kind == GoArg::Kind::kBigInt) {  // big.Int's own Format: no flags
    out_ += "big.Int=";
    out_ += (arg.negative ? "-" : "") + arg.magnitude;
  } else {
    out_ += arg.type_name();
    out_ += "=";
    print_arg(arg, 'v');
  }
  out_ += ")";
}

void Printer::integer(const GoArg& arg, int base, bool upper, char32_t verb) {
  std::string digits = magnitude_in_base(arg.magnitude, base);
  if (upper) {
    for (char& c : digits) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  bool is_zero = arg.magnitude == "0";
  int prec = 0;
  if (f_.prec_present) {
    prec = f_.prec;
    if (prec == 0 && is_zero) {
      bool zero = f_.zero;
      f_.zero = false;
      padding(f_.wid);
      f_.zero = zero;
      return;
    }
  } else if (f_.zero && !f_.minus && f_.wid_present) {
    prec = f_.wid;
    if (arg.negative || f_.plus || f_.space) --prec;
  }
  if (static_cast<int>(digits.size()) < prec) digits.insert(0, static_cast<size_t>(prec) - digits.size(), '0');
  if (f_.sharp) {
    if (base == 2) digits.insert(0, "0b");
    if (base == 8 && digits[0] != '0') digits.insert(0, "0");
    if (base == 16) digits.insert(0, upper ? "0X" : "0x");
  }
  if (verb == 'O') digits.insert(0, "0o");
  if (arg.negative) {
    digits.insert(0, "-");
  } else if (f_.plus) {
    digits.insert(0, "+");
  } else if (f_.space) {
    digits.insert(0, " ");
  }
  bool zero = f_.zero;
  f_.zero = false;
  pad(digits);
  f_.zero = zero;
}

void Printer::floating(double v, char32_t verb) {
  char fmt_verb = verb == 'v' ? 'g' : static_cast<char>(verb);
  int prec = f_.prec_present ? f_.prec : (verb == 'e' || verb == 'E' || verb == 'f' || verb == 'F') ? 6 : -1;
  std::string num = go_format_float(v, fmt_verb, prec);
  char sign = '+';
  if (num[0] == '-') {
    sign = '-';
    num.erase(0, 1);
  }
  if (f_.space && sign == '+' && !f_.plus) sign = ' ';
  if (f_.plus || sign != '+') {
    if (f_.zero && !f_.minus && f_.wid_present && f_.wid > static_cast<int>(num.size()) + 1) {
      out_.push_back(sign);
      padding(f_.wid - static_cast<int>(num.size()) - 1);
      out_.append(num);
      return;
    }
    pad(std::string(1, sign) + num);
    return;
  }
  pad(num);
}

// Go's strconv.Quote / QuoteToASCII (printable code points by the C.UTF-8 locale's tables).
std::string go_quote_text(std::string_view s, bool ascii_only, char quote) {
  static locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  static const char kHex[] = "0123456789abcdef";
  std::string out(1, quote);
  for (size_t i = 0; i < s.size();) {
    char32_t r;
    size_t w = decode_rune(s, i, &r);
    if (w == 1 && r == 0xFFFD) {
      out += "\\x";
      out += kHex[static_cast<unsigned char>(s[i]) >> 4];
      out += kHex[static_cast<unsigned char>(s[i]) & 15];
      i += w;
      continue;
    }
    i += w;
    if (r == static_cast<char32_t>(quote) || r == '\\') {
      out += '\\';
      append_rune(&out, r);
      continue;
    }
    bool printable = r < 0x80 ? (r >= 0x20 && r != 0x7F)
                              : (!ascii_only && locale != static_cast<locale_t>(0) &&
                                 iswprint_l(static_cast<wint_t>(r), locale));
    if (printable) {
      append_rune(&out, r);
      continue;
    }
    switch (r) {
      case '\a': out += "\\a"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\v': out += "\\v"; continue;
      default: break;
    }
    char buf[16];
    if (r < 0x20 || r == 0x7F) {
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(r));
    } else if (r < 0x10000) {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(r));
    } else {
      std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(r));
    }
    out += buf;
  }
  out += quote;
  return out;
}

void Printer::string_value(std::string_view s, char32_t verb) {
  if (f_.prec_present && (verb == 's' || verb == 'v' || verb == 'q')) {  // truncate to runes
    size_t i = 0;
    for (int n = 0; n < f_.prec && i < s.size(); ++n) {
      char32_t r;
      i += decode_rune(s, i, &r);
    }
    s = s.substr(0, i);
  }
  if (verb == 'q' || (verb == 'v' && f_.sharp_v)) {
    bool backquote = f_.sharp && s.find_first_of("`\r\n\t\x7f") == std::string_view::npos;
    pad(backquote ? "`" + std::string(s) + "`" : go_quote_text(s, f_.plus, '"'));
    return;
  }
  if (verb == 'x' || verb == 'X') {
    const char* digits = verb == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
    size_t length = f_.prec_present ? std::min<size_t>(s.size(), static_cast<size_t>(f_.prec)) : s.size();
    std::string hex;
    for (size_t i = 0; i < length; ++i) {
      if (f_.space && i > 0) hex += ' ';
      if (f_.sharp && (f_.space || i == 0)) hex += verb == 'x' ? "0x" : "0X";
      hex += digits[static_cast<unsigned char>(s[i]) >> 4];
      hex += digits[static_cast<unsigned char>(s[i]) & 15];
    }
    pad(hex);
    return;
  }
  pad(s);
}

void Printer::character(const GoArg& arg, char32_t verb) {
  uint64_t value = 0;
  std::from_chars(arg.magnitude.data(), arg.magnitude.data() + arg.magnitude.size(), value);
  char32_t r = arg.negative || value > 0x10FFFF ? 0xFFFD : static_cast<char32_t>(value);
  if (r >= 0xD800 && r <= 0xDFFF) r = 0xFFFD;
  std::string text;
  if (verb == 'c') {
    append_rune(&text, r);
  } else if (verb == 'q') {
    std::string one;
    append_rune(&one, r);
    text = go_quote_text(one, f_.plus, '\'');
  } else {  // 'U'
    char buf[32];
    std::snprintf(buf, sizeof buf, "U+%04llX", static_cast<unsigned long long>(arg.negative ? 0 : value));
    text = buf;
    if (f_.sharp && r != 0xFFFD) {
      text += " '";
      append_rune(&text, r);
      text += "'";
    }
  }
  bool zero = f_.zero;
  f_.zero = false;
  pad(text);
  f_.zero = zero;
}

void Printer::print_arg(const GoArg& arg, char32_t verb) {
  switch (arg.kind) {
    case GoArg::Kind::kInt:
    case GoArg::Kind::kBigInt: {
      bool big = arg.kind == GoArg::Kind::kBigInt;
      switch (verb) {
        case 'v': case 'd': return integer(arg, 10, false, verb);
        case 's': return big ? integer(arg, 10, false, verb) : bad_verb(arg, verb);
        case 'b': return integer(arg, 2, false, verb);
        case 'o': case 'O': return integer(arg, 8, false, verb);
        case 'x': return integer(arg, 16, false, verb);
        case 'X': return integer(arg, 16, true, verb);
        case 'c': case 'q': case 'U': return big ? bad_verb(arg, verb) : character(arg, verb);
        default: return bad_verb(arg, verb);
      }
    }
    case GoArg::Kind::kFloat:
      switch (verb) {
        case 'v': case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
          return floating(arg.number, verb);
        default: return bad_verb(arg, verb);
      }
    case GoArg::Kind::kString:
      switch (verb) {
        case 'v': case 's': case 'q': case 'x': case 'X': return string_value(arg.text, verb);
        default: return bad_verb(arg, verb);
      }
  }
}

// Go's parsenum: a decimal number at format[*i], at most 1e6.
bool parse_number(std::string_view format, size_t* i, int* num) {
  bool present = false;
  *num = 0;
  while (*i < format.size() && format[*i] >= '0' && format[*i] <= '9') {
    if (*num > 1000000) {  // Go's tooLarge: give up on the whole verb
      *i = format.size();
      return false;
    }
    *num = *num * 10 + (format[*i] - '0');
    present = true;
    ++*i;
  }
  return present;
}

bool Printer::run(std::string_view format) {
  size_t arg_num = 0;
  bool reordered = false;
  const size_t end = format.size();
  for (size_t i = 0; i < end;) {
    if (out_.size() > kMaxOutputBytes) return false;
    bool good_arg_num = true;
    size_t start = i;
    while (i < end && format[i] != '%') ++i;
    out_.append(format.substr(start, i - start));
    if (i >= end) break;
    ++i;  // the '%'
    f_ = Flags{};
    for (; i < end; ++i) {
      char c = format[i];
      if (c == '#') f_.sharp = true;
      else if (c == '0') f_.zero = !f_.minus;
      else if (c == '+') f_.plus = true;
      else if (c == '-') { f_.minus = true; f_.zero = false; }
      else if (c == ' ') f_.space = true;
      else break;
    }
    // An explicit argument index: [n].
    auto arg_number = [&](bool* found) {
      *found = false;
      if (i >= end || format[i] != '[') return;
      reordered = true;
      size_t close = format.find(']', i + 1);
      if (close == std::string_view::npos) {  // Go: skips just the '['
        ++i;
        good_arg_num = false;
        return;
      }
      size_t j = i + 1;
      int index = 0;
      bool ok = parse_number(format, &j, &index) && j == close;
      i = close + 1;
      if (ok && index >= 1 && static_cast<size_t>(index) <= args_.size()) {
        arg_num = static_cast<size_t>(index - 1);
        *found = true;
        return;
      }
      good_arg_num = false;
      *found = ok;
    };
    auto int_from_arg = [&](int* value) {
      bool is_int = false;
      if (arg_num < args_.size()) {
        const GoArg& a = args_[arg_num];
        if (a.kind == GoArg::Kind::kInt && a.magnitude.size() <= 7) {
          *value = std::stoi(a.magnitude) * (a.negative ? -1 : 1);
          is_int = *value <= 1000000 && *value >= -1000000;
        }
        ++arg_num;
      }
      if (!is_int) *value = 0;
      return is_int;
    };
    bool after_index = false;
    arg_number(&after_index);
    if (i < end && format[i] == '*') {
      ++i;
      f_.wid_present = int_from_arg(&f_.wid);
      if (!f_.wid_present) out_ += "%!(BADWIDTH)";
      if (f_.wid < 0) {
        f_.wid = -f_.wid;
        f_.minus = true;
        f_.zero = false;
      }
      after_index = false;
    } else {
      f_.wid_present = parse_number(format, &i, &f_.wid);
      if (after_index && f_.wid_present) good_arg_num = false;
    }
    if (i + 1 < end && format[i] == '.') {
      ++i;
      if (after_index) good_arg_num = false;
      arg_number(&after_index);
      if (i < end && format[i] == '*') {
        ++i;
        f_.prec_present = int_from_arg(&f_.prec);
        if (f_.prec < 0) {
          f_.prec = 0;
          f_.prec_present = false;
        }
        if (!f_.prec_present) out_ += "%!(BADPREC)";
        after_index = false;
      } else {
        f_.prec_present = parse_number(format, &i, &f_.prec);
        if (!f_.prec_present) {
          f_.prec = 0;
          f_.prec_present = true;
        }
      }
    }
    if (!after_index) arg_number(&after_index);
    if (i >= end) {
      out_ += "%!(NOVERB)";
      break;
    }
    char32_t verb;
    i += decode_rune(format, i, &verb);
    if (verb == '%') {
      out_ += '%';
    } else if (!good_arg_num) {
      out_ += "%!";
      append_rune(&out_, verb);
      out_ += "(BADINDEX)";
    } else if (arg_num >= args_.size()) {
      out_ += "%!";
      append_rune(&out_, verb);
      out_ += "(MISSING)";
    } else {
      if (verb == 'v') {
        f_.sharp_v = f_.sharp;
        f_.sharp = false;
        f_.plus_v = f_.plus;
        f_.plus = false;
      }
      print_arg(args_[arg_num], verb);
      ++arg_num;
    }
  }
  if (!reordered && arg_num < args_.size()) {
    f_ = Flags{};
    out_ += "%!(EXTRA ";
    for (size_t k = arg_num; k < args_.size(); ++k) {
      if (k > arg_num) out_ += ", ";
      out_ += args_[k].type_name();
      out_ += '=';
      print_arg(args_[k], 'v');
    }
    out_ += ')';
  }
  return out_.size() <= kMaxOutputBytes;
}

}  // namespace

std::string go_format_float(double v, char verb, int prec) {
  std::string sign = std::signbit(v) && v != 0 ? "-" : "";
  bool upper = verb == 'E' || verb == 'G';
  char e = upper ? 'E' : 'e';
  switch (verb) {
    case 'e': case 'E':
      if (prec >= 0) return printf_text(upper ? "%.*E" : "%.*e", prec, v);
      {
        Digits g = shortest_digits(v);
        return sign + layout_e(g, std::max<int>(static_cast<int>(g.d.size()) - 1, 0), e);
      }
    case 'f': case 'F':
      if (prec >= 0) return printf_text("%.*f", prec, v);
      {
        Digits g = shortest_digits(v);
        return sign + layout_f(g, std::max<int>(static_cast<int>(g.d.size()) - g.dp, 0));
      }
    default: {  // 'g', 'G', 'v'
      bool shortest = prec < 0;
      if (prec == 0) prec = 1;
      Digits g = shortest ? shortest_digits(v) : rounded_digits(v, std::min(prec, 800));
      int nd = static_cast<int>(g.d.size());
      if (shortest) prec = nd;
      int eprec = prec;
      if (eprec > nd && nd >= g.dp) eprec = nd;
      if (shortest) eprec = 6;
      int exp = g.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > nd) prec = nd;
        return sign + layout_e(g, std::max(prec - 1, 0), e);
      }
      if (prec > g.dp) prec = nd;
      return sign + layout_f(g, std::max(prec - g.dp, 0));
    }
  }
}

std::optional<std::string> integer_text_in_base(const Number& number, int base) {
  std::optional<int64_t> small = number.is_integer() ? number.to_int64() : std::nullopt;
  std::optional<std::string> decimal = small ? std::to_string(*small) : truncated_decimal(number.to_string());
  if (!decimal) return std::nullopt;
  bool negative = (*decimal)[0] == '-';
  std::string magnitude = magnitude_in_base(std::string_view(*decimal).substr(negative ? 1 : 0), base);
  return negative ? "-" + magnitude : magnitude;
}

std::optional<std::string> go_sprintf(std::string_view format, std::span<const Value> args,
                                      std::string* error) {
  std::vector<GoArg> go_args;
  go_args.reserve(args.size());
  for (const Value& v : args) go_args.push_back(to_go(v));
  Printer printer(go_args);
  if (!printer.run(format)) {
    *error = std::string(kOutputTooLarge);
    return std::nullopt;
  }
  return std::move(printer.out());
}

}  // namespace assay::rego::builtins
