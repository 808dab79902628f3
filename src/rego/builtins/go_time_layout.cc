// Go's reference-time layouts (time.Format and time.Parse) and time.ParseDuration, for
// go_time.h. The layout grammar is Go's nextStdChunk: the first recognised element of the
// reference time "Mon Jan 2 15:04:05 MST 2006" splits a layout into prefix, element, suffix.
#include <array>
#include <cmath>

#include "src/rego/builtins/go_time.h"

namespace assay::rego::gotime {

namespace {

enum class Std {
  kNone,
  kLongMonth, kMonth, kNumMonth, kZeroMonth,
  kLongWeekDay, kWeekDay,
  kDay, kUnderDay, kZeroDay, kUnderYearDay, kZeroYearDay,
  kHour, kHour12, kZeroHour12,
  kMinute, kZeroMinute, kSecond, kZeroSecond,
  kLongYear, kYear,
  kPM, kpm,
  kTZ,
  kISO8601TZ, kISO8601SecondsTZ, kISO8601ShortTZ, kISO8601ColonTZ, kISO8601ColonSecondsTZ,
  kNumTZ, kNumSecondsTz, kNumShortTZ, kNumColonTZ, kNumColonSecondsTZ,
  kFracSecond0, kFracSecond9,
};

// One element of a layout: which, and for fractional seconds their digits and separator.
struct Chunk {
  std::string_view prefix;
  Std std = Std::kNone;
  std::string_view suffix;
  size_t digits = 0;
  char separator = '.';
};

constexpr std::array<std::string_view, 12> kLongMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 12> kShortMonths = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kLongDays = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 7> kShortDays = {"Sun", "Mon", "Tue", "Wed",
                                                         "Thu", "Fri", "Sat"};

bool is_digit(std::string_view s, size_t i) {
  return i < s.size() && s[i] >= '0' && s[i] <= '9';
}

bool starts_with_lower(std::string_view s) { return !s.empty() && s[0] >= 'a' && s[0] <= 'z'; }

Chunk next_chunk(std::string_view layout) {
  auto at = [&](size_t i, std::string_view word) { return layout.substr(i, word.size()) == word; };
  auto chunk = [&](size_t i, Std std, size_t len) {
    return Chunk{layout.substr(0, i), std, layout.substr(i + len)};
  };
  for (size_t i = 0; i < layout.size(); ++i) {
    switch (layout[i]) {
      case 'J':
        if (at(i, "Jan")) {
          if (at(i, "January")) return chunk(i, Std::kLongMonth, 7);
          if (!starts_with_lower(layout.substr(i + 3))) return chunk(i, Std::kMonth, 3);
        }
        break;
      case 'M':
        if (at(i, "Mon")) {
          if (at(i, "Monday")) return chunk(i, Std::kLongWeekDay, 6);
          if (!starts_with_lower(layout.substr(i + 3))) return chunk(i, Std::kWeekDay, 3);
        }
        if (at(i, "MST")) return chunk(i, Std::kTZ, 3);
        break;
      case '0':
        if (i + 1 < layout.size() && layout[i + 1] >= '1' && layout[i + 1] <= '6') {
          constexpr Std kZeroes[] = {Std::kZeroMonth,  Std::kZeroDay,    Std::kZeroHour12,
                                     Std::kZeroMinute, Std::kZeroSecond, Std::kYear};
          return chunk(i, kZeroes[layout[i + 1] - '1'], 2);
        }
        if (at(i, "002")) return chunk(i, Std::kZeroYearDay, 3);
        break;
      case '1':
        if (at(i, "15")) return chunk(i, Std::kHour, 2);
        return chunk(i, Std::kNumMonth, 1);
      case '2':
        if (at(i, "2006")) return chunk(i, Std::kLongYear, 4);
        return chunk(i, Std::kDay, 1);
      case '_':
        if (at(i, "_2")) {
          if (at(i, "_2006")) return Chunk{layout.substr(0, i + 1), Std::kLongYear,
                                           layout.substr(i + 5)};
          return chunk(i, Std::kUnderDay, 2);
        }
        if (at(i, "__2")) return chunk(i, Std::kUnderYearDay, 3);
        break;
      case '3':
        return chunk(i, Std::kHour12, 1);
      case '4':
        return chunk(i, Std::kMinute, 1);
      case '5':
        return chunk(i, Std::kSecond, 1);
      case 'P':
        if (at(i, "PM")) return chunk(i, Std::kPM, 2);
        break;
      case 'p':
        if (at(i, "pm")) return chunk(i, Std::kpm, 2);
        break;
      case '-':
        if (at(i, "-070000")) return chunk(i, Std::kNumSecondsTz, 7);
        if (at(i, "-07:00:00")) return chunk(i, Std::kNumColonSecondsTZ, 9);
        if (at(i, "-0700")) return chunk(i, Std::kNumTZ, 5);
        if (at(i, "-07:00")) return chunk(i, Std::kNumColonTZ, 6);
        if (at(i, "-07")) return chunk(i, Std::kNumShortTZ, 3);
        break;
      case 'Z':
        if (at(i, "Z070000")) return chunk(i, Std::kISO8601SecondsTZ, 7);
        if (at(i, "Z07:00:00")) return chunk(i, Std::kISO8601ColonSecondsTZ, 9);
        if (at(i, "Z0700")) return chunk(i, Std::kISO8601TZ, 5);
        if (at(i, "Z07:00")) return chunk(i, Std::kISO8601ColonTZ, 6);
        if (at(i, "Z07")) return chunk(i, Std::kISO8601ShortTZ, 3);
        break;
      case '.':
      case ',':
        if (i + 1 < layout.size() && (layout[i + 1] == '0' || layout[i + 1] == '9')) {
          const char digit = layout[i + 1];
          size_t j = i + 1;
          while (j < layout.size() && layout[j] == digit) ++j;
          if (!is_digit(layout, j)) {
            Chunk c = chunk(i, digit == '0' ? Std::kFracSecond0 : Std::kFracSecond9, j - i);
            c.digits = j - (i + 1);
            c.separator = layout[i];
            return c;
          }
        }
        break;
      default:
        break;
    }
  }
  return Chunk{layout, Std::kNone, {}};
}

// Go's appendInt: decimal, zero-padded to `width`, '-' first when negative.
void append_int(std::string& out, int64_t x, size_t width) {
  uint64_t u = static_cast<uint64_t>(x);
  if (x < 0) {
    out += '-';
    u = 0 - u;
  }
  std::string digits = std::to_string(u);
  if (digits.size() < width) out.append(width - digits.size(), '0');
  out += digits;
}

void append_zone_offset(std::string& out, Std std, int32_t offset) {
  int32_t zone = offset / 60;
  int32_t absolute = offset;
  if (zone < 0) {
    out += '-';
    zone = -zone;
    absolute = -absolute;
  } else {
    out += '+';
  }
  append_int(out, zone / 60, 2);
  const bool colon = std == Std::kISO8601ColonTZ || std == Std::kNumColonTZ ||
                     std == Std::kISO8601ColonSecondsTZ || std == Std::kNumColonSecondsTZ;
  if (colon) out += ':';
  if (std != Std::kNumShortTZ && std != Std::kISO8601ShortTZ) append_int(out, zone % 60, 2);
  if (std == Std::kISO8601SecondsTZ || std == Std::kNumSecondsTz ||
      std == Std::kNumColonSecondsTZ || std == Std::kISO8601ColonSecondsTZ) {
    if (colon) out += ':';
    append_int(out, absolute % 60, 2);
  }
}

bool is_iso_zone(Std std) {
  return std == Std::kISO8601TZ || std == Std::kISO8601ColonTZ || std == Std::kISO8601SecondsTZ ||
         std == Std::kISO8601ShortTZ || std == Std::kISO8601ColonSecondsTZ;
}

bool is_numeric_zone(Std std) {
  return std == Std::kNumTZ || std == Std::kNumSecondsTz || std == Std::kNumShortTZ ||
         std == Std::kNumColonTZ || std == Std::kNumColonSecondsTZ;
}

}  // namespace

std::string format(const Instant& t, const Zone& zone, std::string_view layout) {
  const Civil c = to_civil(t, zone);
  std::string out;
  while (!layout.empty()) {
    const Chunk chunk = next_chunk(layout);
    out += chunk.prefix;
    if (chunk.std == Std::kNone) break;
    layout = chunk.suffix;
    switch (chunk.std) {
      case Std::kYear: append_int(out, (c.year < 0 ? -c.year : c.year) % 100, 2); break;
      case Std::kLongYear: append_int(out, c.year, 4); break;
      case Std::kMonth: out += kShortMonths[c.month - 1]; break;
      case Std::kLongMonth: out += kLongMonths[c.month - 1]; break;
      case Std::kNumMonth: append_int(out, c.month, 0); break;
      case Std::kZeroMonth: append_int(out, c.month, 2); break;
      case Std::kWeekDay: out += kShortDays[c.weekday]; break;
      case Std::kLongWeekDay: out += kLongDays[c.weekday]; break;
      case Std::kDay: append_int(out, c.day, 0); break;
      case Std::kUnderDay:
        if (c.day < 10) out += ' ';
        append_int(out, c.day, 0);
        break;
      case Std::kZeroDay: append_int(out, c.day, 2); break;
      case Std::kUnderYearDay:
        if (c.yday < 100) out += c.yday < 10 ? "  " : " ";
        append_int(out, c.yday, 0);
        break;
      case Std::kZeroYearDay: append_int(out, c.yday, 3); break;
      case Std::kHour: append_int(out, c.hour, 2); break;
      case Std::kHour12: append_int(out, c.hour % 12 == 0 ? 12 : c.hour % 12, 0); break;
      case Std::kZeroHour12: append_int(out, c.hour % 12 == 0 ? 12 : c.hour % 12, 2); break;
      case Std::kMinute: append_int(out, c.minute, 0); break;
      case Std::kZeroMinute: append_int(out, c.minute, 2); break;
      case Std::kSecond: append_int(out, c.second, 0); break;
      case Std::kZeroSecond: append_int(out, c.second, 2); break;
      case Std::kPM: out += c.hour >= 12 ? "PM" : "AM"; break;
      case Std::kpm: out += c.hour >= 12 ? "pm" : "am"; break;
      case Std::kTZ:
        if (!c.zone.abbreviation.empty()) {
          out += c.zone.abbreviation;
        } else {
          append_zone_offset(out, Std::kNumTZ, c.zone.offset_seconds);
        }
        break;
      case Std::kFracSecond0:
      case Std::kFracSecond9: {
        const bool trim = chunk.std == Std::kFracSecond9;
        if (trim && (chunk.digits == 0 || c.nanos == 0)) break;
        std::string digits;
        append_int(digits, c.nanos, 9);
        digits.resize(std::min<size_t>(chunk.digits, 9));
        if (trim) {
          while (!digits.empty() && digits.back() == '0') digits.pop_back();
          if (digits.empty()) break;
        }
        out += chunk.separator;
        out += digits;
        break;
      }
      default:
        if (is_iso_zone(chunk.std) && c.zone.offset_seconds == 0) {
          out += 'Z';
        } else {
          append_zone_offset(out, chunk.std, c.zone.offset_seconds);
        }
        break;
    }
  }
  return out;
}

std::string quote(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || c < ' ') {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += ch;
  }
  out += '"';
  return out;
}

// ---- Parsing ---------------------------------------------------------------------------------

namespace {

// Go's leadingInt: the leading decimal digits as a uint64, failing above 2^63.
bool leading_int(std::string_view& s, uint64_t& x) {
  x = 0;
  size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (x > (uint64_t{1} << 63) / 10) return false;
    x = x * 10 + static_cast<uint64_t>(s[i] - '0');
    if (x > (uint64_t{1} << 63)) return false;
  }
  s.remove_prefix(i);
  return true;
}

// Go's time.atoi: an optional sign and digits, nothing else ("" is 0).
bool atoi(std::string_view s, int64_t& out) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  uint64_t q = 0;
  if (!leading_int(s, q) || !s.empty()) return false;
  out = static_cast<int64_t>(q);
  if (negative) out = -out;
  return true;
}

// Go's getnum: one or two digits (exactly two when `fixed`).
bool getnum(std::string_view& s, bool fixed, int64_t& out) {
  if (!is_digit(s, 0)) return false;
  if (!is_digit(s, 1)) {
    if (fixed) return false;
    out = s[0] - '0';
    s.remove_prefix(1);
    return true;
  }
  out = (s[0] - '0') * 10 + (s[1] - '0');
  s.remove_prefix(2);
  return true;
}

bool getnum3(std::string_view& s, bool fixed, int64_t& out) {
  size_t n = 0;
  out = 0;
  for (; n < 3 && is_digit(s, n); ++n) out = out * 10 + (s[n] - '0');
  if (n == 0 || (fixed && n != 3)) return false;
  s.remove_prefix(n);
  return true;
}

std::string_view cut_space(std::string_view s) {
  while (!s.empty() && s[0] == ' ') s.remove_prefix(1);
  return s;
}

bool skip(std::string_view& value, std::string_view prefix) {
  while (!prefix.empty()) {
    if (prefix[0] == ' ') {
      if (!value.empty() && value[0] != ' ') return false;
      prefix = cut_space(prefix);
      value = cut_space(value);
      continue;
    }
    if (value.empty() || value[0] != prefix[0]) return false;
    prefix.remove_prefix(1);
    value.remove_prefix(1);
  }
  return true;
}

template <size_t N>
bool lookup(const std::array<std::string_view, N>& table, std::string_view& value, int64_t& index) {
  for (size_t i = 0; i < N; ++i) {
    const std::string_view name = table[i];
    if (value.size() < name.size()) continue;
    bool match = true;
    for (size_t j = 0; j < name.size() && match; ++j) {
      char a = value[j], b = name[j];
      if (a == b) continue;
      a = static_cast<char>(a | 0x20);
      b = static_cast<char>(b | 0x20);
      match = a == b && a >= 'a' && a <= 'z';
    }
    if (match) {
      index = static_cast<int64_t>(i);
      value.remove_prefix(name.size());
      return true;
    }
  }
  return false;
}

// Go's parseNanoseconds over value[0:nbytes] (a separator and digits).
bool parse_nanoseconds(std::string_view value, size_t nbytes, int64_t& ns) {
  if (value[0] != '.' && value[0] != ',') return false;
  if (nbytes > 10) nbytes = 10;
  if (!atoi(value.substr(1, nbytes - 1), ns)) return false;
  if (ns < 0) return false;
  for (size_t i = nbytes; i < 10; ++i) ns *= 10;
  return true;
}

size_t signed_offset_length(std::string_view value) {
  if (value.empty() || (value[0] != '-' && value[0] != '+')) return 0;
  std::string_view rest = value.substr(1);
  uint64_t x = 0;
  if (!leading_int(rest, x) || rest.size() == value.size() - 1 || x > 23) return 0;
  return value.size() - rest.size();
}

// Go's parseTimeZone: the length of a zone abbreviation at the start of value, or 0.
size_t time_zone_length(std::string_view value) {
  if (value.size() < 3) return 0;
  if (value.substr(0, 4) == "ChST" || value.substr(0, 4) == "MeST") return 4;
  if (value.substr(0, 3) == "GMT") return value.size() == 3 ? 3 : 3 + signed_offset_length(value.substr(3));
  if (value[0] == '+' || value[0] == '-') return signed_offset_length(value);
  size_t upper = 0;
  while (upper < 6 && upper < value.size() && value[upper] >= 'A' && value[upper] <= 'Z') ++upper;
  switch (upper) {
    case 3: return 3;
    case 4: return value[3] == 'T' || value.substr(0, 4) == "WITA" ? 4 : 0;
    case 5: return value[4] == 'T' ? 5 : 0;
    default: return 0;
  }
}

struct Parsed {
  int64_t year = 0, month = -1, day = -1, yday = -1, hour = 0, minute = 0, second = 0, nanos = 0;
  bool utc = false, am = false, pm = false;
  int64_t zone_offset = -1;
  std::string zone_name;
};

// Parses a numeric zone offset element; false on a malformed one. `range` names an offset
// field that is out of range.
bool parse_offset(Std std, std::string_view& value, Parsed& p, std::string& range) {
  std::string_view sign, hour, minute, second = "00";
  if (std == Std::kISO8601ColonTZ || std == Std::kNumColonTZ) {
    if (value.size() < 6 || value[3] != ':') return false;
    sign = value.substr(0, 1), hour = value.substr(1, 2), minute = value.substr(4, 2);
    value.remove_prefix(6);
  } else if (std == Std::kNumShortTZ || std == Std::kISO8601ShortTZ) {
    if (value.size() < 3) return false;
    sign = value.substr(0, 1), hour = value.substr(1, 2), minute = "00";
    value.remove_prefix(3);
  } else if (std == Std::kISO8601ColonSecondsTZ || std == Std::kNumColonSecondsTZ) {
    if (value.size() < 9 || value[3] != ':' || value[6] != ':') return false;
    sign = value.substr(0, 1), hour = value.substr(1, 2), minute = value.substr(4, 2);
    second = value.substr(7, 2);
    value.remove_prefix(9);
  } else if (std == Std::kISO8601SecondsTZ || std == Std::kNumSecondsTz) {
    if (value.size() < 7) return false;
    sign = value.substr(0, 1), hour = value.substr(1, 2), minute = value.substr(3, 2);
    second = value.substr(5, 2);
    value.remove_prefix(7);
  } else {
    if (value.size() < 5) return false;
    sign = value.substr(0, 1), hour = value.substr(1, 2), minute = value.substr(3, 2);
    value.remove_prefix(5);
  }
  int64_t hh = 0, mm = 0, ss = 0;
  bool ok = getnum(hour, true, hh) && getnum(minute, true, mm) && getnum(second, true, ss);
  if (hh > 24) range = "time zone offset hour";
  if (mm > 60) range = "time zone offset minute";
  if (ss > 60) range = "time zone offset second";
  p.zone_offset = (hh * 60 + mm) * 60 + ss;
  if (sign[0] == '-') {
    p.zone_offset = -p.zone_offset;
  } else if (sign[0] != '+') {
    ok = false;
  }
  return ok;
}

// Parses one layout element from the front of value. False when value does not match (Go's
// errBad); `range` is set instead when a field is out of range.
bool parse_element(const Chunk& chunk, std::string_view layout_rest, std::string_view& value,
                   Parsed& p, std::string& range) {
  const Std std = chunk.std;
  switch (std) {
    case Std::kYear: {
      if (value.size() < 2) return false;
      if (!atoi(value.substr(0, 2), p.year)) return false;
      value.remove_prefix(2);
      p.year += p.year >= 69 ? 1900 : 2000;
      return true;
    }
    case Std::kLongYear:
      if (value.size() < 4 || !is_digit(value, 0)) return false;
      if (!atoi(value.substr(0, 4), p.year)) return false;
      value.remove_prefix(4);
      return true;
    case Std::kMonth:
      if (!lookup(kShortMonths, value, p.month)) return false;
      ++p.month;
      return true;
    case Std::kLongMonth:
      if (!lookup(kLongMonths, value, p.month)) return false;
      ++p.month;
      return true;
    case Std::kNumMonth:
    case Std::kZeroMonth:
      if (!getnum(value, std == Std::kZeroMonth, p.month)) return false;
      if (p.month <= 0 || p.month > 12) range = "month";
      return true;
    case Std::kWeekDay: {
      int64_t ignored;
      return lookup(kShortDays, value, ignored);
    }
    case Std::kLongWeekDay: {
      int64_t ignored;
      return lookup(kLongDays, value, ignored);
    }
    case Std::kDay:
    case Std::kUnderDay:
    case Std::kZeroDay:
      if (std == Std::kUnderDay && !value.empty() && value[0] == ' ') value.remove_prefix(1);
      return getnum(value, std == Std::kZeroDay, p.day);
    case Std::kUnderYearDay:
    case Std::kZeroYearDay:
      for (int i = 0; i < 2; ++i) {
        if (std == Std::kUnderYearDay && !value.empty() && value[0] == ' ') value.remove_prefix(1);
      }
      return getnum3(value, std == Std::kZeroYearDay, p.yday);
    case Std::kHour:
      if (!getnum(value, false, p.hour)) return false;
      if (p.hour < 0 || p.hour >= 24) range = "hour";
      return true;
    case Std::kHour12:
    case Std::kZeroHour12:
      if (!getnum(value, std == Std::kZeroHour12, p.hour)) return false;
      if (p.hour < 0 || p.hour > 12) range = "hour";
      return true;
    case Std::kMinute:
    case Std::kZeroMinute:
      if (!getnum(value, std == Std::kZeroMinute, p.minute)) return false;
      if (p.minute < 0 || p.minute >= 60) range = "minute";
      return true;
    case Std::kSecond:
    case Std::kZeroSecond: {
      if (!getnum(value, std == Std::kZeroSecond, p.second)) return false;
      if (p.second < 0 || p.second >= 60) {
        range = "second";
        return true;
      }
      // A fractional second the layout does not mention is accepted after the seconds.
      if (value.size() >= 2 && (value[0] == '.' || value[0] == ',') && is_digit(value, 1)) {
        const Std next = next_chunk(layout_rest).std;
        if (next == Std::kFracSecond0 || next == Std::kFracSecond9) return true;
        size_t n = 2;
        while (n < value.size() && is_digit(value, n)) ++n;
        if (!parse_nanoseconds(value, n, p.nanos)) return false;
        value.remove_prefix(n);
      }
      return true;
    }
    case Std::kPM:
    case Std::kpm: {
      if (value.size() < 2) return false;
      const std::string_view word = value.substr(0, 2);
      value.remove_prefix(2);
      const bool upper = std == Std::kPM;
      if (word == (upper ? "PM" : "pm")) {
        p.pm = true;
      } else if (word == (upper ? "AM" : "am")) {
        p.am = true;
      } else {
        return false;
      }
      return true;
    }
    case Std::kTZ: {
      if (value.substr(0, 3) == "UTC") {
        p.utc = true;
        value.remove_prefix(3);
        return true;
      }
      const size_t n = time_zone_length(value);
      if (n == 0) return false;
      p.zone_name = std::string(value.substr(0, n));
      value.remove_prefix(n);
      return true;
    }
    case Std::kFracSecond0: {
      const size_t ndigit = 1 + chunk.digits;
      if (value.size() < ndigit) return false;
      if (!parse_nanoseconds(value, ndigit, p.nanos)) return false;
      value.remove_prefix(ndigit);
      return true;
    }
    case Std::kFracSecond9: {
      if (value.size() < 2 || (value[0] != '.' && value[0] != ',') || !is_digit(value, 1)) {
        return true;
      }
      size_t i = 0;
      while (i + 1 < value.size() && is_digit(value, i + 1)) ++i;
      if (!parse_nanoseconds(value, 1 + i, p.nanos)) return false;
      value.remove_prefix(1 + i);
      return true;
    }
    default:
      if (is_iso_zone(std) && !value.empty() && value[0] == 'Z') {
        value.remove_prefix(1);
        p.utc = true;
        return true;
      }
      if (is_iso_zone(std) || is_numeric_zone(std)) return parse_offset(std, value, p, range);
      return false;
  }
}

}  // namespace

std::optional<Instant> parse(std::string_view layout_text, std::string_view value_text,
                             std::string* error) {
  const std::string intro = "parsing time " + quote(value_text);
  std::string_view layout = layout_text, value = value_text;
  Parsed p;
  for (;;) {
    const Chunk chunk = next_chunk(layout);
    const std::string_view element =
        layout.substr(chunk.prefix.size(), layout.size() - chunk.prefix.size() - chunk.suffix.size());
    if (!skip(value, chunk.prefix)) {
      *error = intro + " as " + quote(layout_text) + ": cannot parse " + quote(value) + " as " +
               quote(chunk.prefix);
      return std::nullopt;
    }
    if (chunk.std == Std::kNone) {
      if (!value.empty()) {
        *error = intro + ": extra text: " + quote(value);
        return std::nullopt;
      }
      break;
    }
    layout = chunk.suffix;
    const std::string_view hold = value;
    std::string range;
    const bool ok = parse_element(chunk, layout, value, p, range);
    if (!range.empty()) {
      *error = intro + ": " + range + " out of range";
      return std::nullopt;
    }
    if (!ok) {
      *error = intro + " as " + quote(layout_text) + ": cannot parse " + quote(hold) + " as " +
               quote(element);
      return std::nullopt;
    }
  }
  if (p.pm && p.hour < 12) {
    p.hour += 12;
  } else if (p.am && p.hour == 12) {
    p.hour = 0;
  }
  if (p.yday >= 0) {
    int64_t month = 0, day = 0, yday = p.yday;
    if (is_leap(p.year)) {
      if (yday == 31 + 29) {
        month = 2;
        day = 29;
      } else if (yday > 31 + 29) {
        --yday;
      }
    }
    if (yday < 1 || yday > 365) {
      *error = intro + ": day-of-year out of range";
      return std::nullopt;
    }
    if (month == 0) {
      static constexpr int kBefore[13] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};
      month = (yday - 1) / 31 + 1;
      if (kBefore[month] < yday) ++month;
      day = yday - kBefore[month - 1];
    }
    if (p.month >= 0 && p.month != month) {
      *error = intro + ": day-of-year does not match month";
      return std::nullopt;
    }
    p.month = month;
    if (p.day >= 0 && p.day != day) {
      *error = intro + ": day-of-year does not match day";
      return std::nullopt;
    }
    p.day = day;
  } else {
    if (p.month < 0) p.month = 1;
    if (p.day < 0) p.day = 1;
  }
  if (p.day < 1 || p.day > days_in_month(static_cast<int>(p.month), p.year)) {
    *error = intro + ": day out of range";
    return std::nullopt;
  }
  const Zone& utc = *utc_zone();
  auto t = make_date(p.year, p.month, p.day, p.hour, p.minute, p.second, p.nanos, utc);
  if (!t) {
    *error = intro + ": year out of range";
    return std::nullopt;
  }
  if (p.utc) return t;
  if (p.zone_offset != -1) {
    t->unix_seconds -= p.zone_offset;
  } else if (p.zone_name.size() > 3 && p.zone_name.substr(0, 3) == "GMT") {
    // An unknown zone has offset 0, except GMT+h (the local zone here is UTC).
    int64_t hours = 0;
    atoi(std::string_view(p.zone_name).substr(3), hours);
    t->unix_seconds -= hours * 3600;
  }
  return t;
}

// ---- Durations -------------------------------------------------------------------------------

std::optional<int64_t> parse_duration(std::string_view text, std::string* error) {
  const std::string invalid = "time: invalid duration " + quote(text);
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return 0;
  if (s.empty()) {
    *error = invalid;
    return std::nullopt;
  }
  constexpr uint64_t kMax = uint64_t{1} << 63;
  uint64_t total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || (s[0] >= '0' && s[0] <= '9'))) {
      *error = invalid;
      return std::nullopt;
    }
    const size_t before = s.size();
    uint64_t whole = 0;
    if (!leading_int(s, whole)) {
      *error = invalid;
      return std::nullopt;
    }
    const bool pre = before != s.size();
    uint64_t fraction = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      size_t i = 0;
      bool overflow = false;
      for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
        if (overflow) continue;
        if (fraction > (kMax - 1) / 10) {
          overflow = true;
          continue;
        }
        fraction = fraction * 10 + static_cast<uint64_t>(s[i] - '0');
        scale *= 10;
      }
      post = i > 0;
      s.remove_prefix(i);
    }
    if (!pre && !post) {
      *error = invalid;
      return std::nullopt;
    }
    size_t i = 0;
    while (i < s.size() && s[i] != '.' && !(s[i] >= '0' && s[i] <= '9')) ++i;
    if (i == 0) {
      *error = "time: missing unit in duration " + quote(text);
      return std::nullopt;
    }
    const std::string_view unit_name = s.substr(0, i);
    s.remove_prefix(i);
    uint64_t unit = 0;
    if (unit_name == "ns") {
      unit = 1;
    } else if (unit_name == "us" || unit_name == "\xC2\xB5s" || unit_name == "\xCE\xBCs") {
      unit = 1000;
    } else if (unit_name == "ms") {
      unit = 1'000'000;
    } else if (unit_name == "s") {
      unit = 1'000'000'000;
    } else if (unit_name == "m") {
      unit = 60'000'000'000;
    } else if (unit_name == "h") {
      unit = 3'600'000'000'000;
    } else {
      *error = "time: unknown unit " + quote(unit_name) + " in duration " + quote(text);
      return std::nullopt;
    }
    if (whole > kMax / unit) {
      *error = invalid;
      return std::nullopt;
    }
    whole *= unit;
    if (fraction > 0) {
      whole += static_cast<uint64_t>(static_cast<double>(fraction) *
                                     (static_cast<double>(unit) / scale));
      if (whole > kMax) {
        *error = invalid;
        return std::nullopt;
      }
    }
    total += whole;
    if (total > kMax) {
      *error = invalid;
      return std::nullopt;
    }
  }
  if (negative) return static_cast<int64_t>(0 - total);
  if (total > kMax - 1) {
    *error = invalid;
    return std::nullopt;
  }
  return static_cast<int64_t>(total);
}

}  // namespace assay::rego::gotime
