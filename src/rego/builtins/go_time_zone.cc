// The calendar and time zones of go_time.h: civil dates, TZif files and POSIX TZ rules, the zone
// cache, and Go's time.Date.
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <utility>

#include "src/rego/builtins/go_time.h"

namespace assay::rego::gotime {

namespace {

constexpr int64_t kSecondsPerDay = 86400;
constexpr size_t kMaxZoneFileBytes = 1 << 20;
constexpr int kDaysBefore[13] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Go's norm: moves whole multiples of `base` from lo into hi so that 0 <= lo < base.
void normalise(int64_t& hi, int64_t& lo, int64_t base) {
  int64_t carry = floor_div(lo, base);
  hi += carry;
  lo -= carry * base;
}

}  // namespace

bool is_leap(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int days_in_month(int month, int64_t year) {
  if (month == 2 && is_leap(year)) return 29;
  return kDaysBefore[month] - kDaysBefore[month - 1];
}

// Howard Hinnant's days_from_civil, in 64 bits.
int64_t days_from_civil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = floor_div(year, 400);
  const int64_t yoe = year - era * 400;
  const int64_t mp = (month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace {

void civil_from_days(int64_t days, int64_t& year, int& month, int& day) {
  days += 719468;
  const int64_t era = floor_div(days, 146097);
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = yoe + era * 400 + (month <= 2 ? 1 : 0);
}

// Seconds after the start of `year` (UTC) at which a POSIX rule fires, given the offset in
// effect before it (Go's tzruleTime).
int64_t rule_time(int64_t year, const PosixRule& rule, int32_t offset) {
  int64_t day_of_year = 0;
  switch (rule.kind) {
    case 'J':
      day_of_year = rule.day - 1;
      if (is_leap(year) && rule.day >= 60) ++day_of_year;
      break;
    case 'D':
      day_of_year = rule.day;
      break;
    default: {
      const int64_t first = days_from_civil(year, rule.month, 1);
      const int first_weekday = static_cast<int>(((first + 4) % 7 + 7) % 7);
      int d = rule.day - first_weekday;
      if (d < 0) d += 7;
      for (int i = 1; i < rule.week; ++i) {
        if (d + 7 >= days_in_month(rule.month, year)) break;
        d += 7;
      }
      day_of_year = d + kDaysBefore[rule.month - 1] + (is_leap(year) && rule.month > 2 ? 1 : 0);
    }
  }
  return day_of_year * kSecondsPerDay + rule.time - offset;
}

ZoneInfo posix_lookup(const PosixZone& tz, int64_t unix_seconds) {
  if (!tz.has_dst) return tz.standard;
  int64_t year;
  int month, day;
  civil_from_days(floor_div(unix_seconds, kSecondsPerDay), year, month, day);
  const int64_t year_start = days_from_civil(year, 1, 1) * kSecondsPerDay;
  const int64_t seconds_into_year = unix_seconds - year_start;
  int64_t start = rule_time(year, tz.start, tz.standard.offset_seconds);
  int64_t end = rule_time(year, tz.end, tz.daylight.offset_seconds);
  ZoneInfo outside = tz.standard, inside = tz.daylight;
  if (end < start) {  // southern hemisphere: the rules name the other season
    std::swap(start, end);
    std::swap(outside, inside);
  }
  if (seconds_into_year < start || seconds_into_year >= end) return outside;
  return inside;
}

}  // namespace

ZoneInfo Zone::lookup(int64_t unix_seconds) const {
  if (types.empty()) return ZoneInfo{"UTC", 0, false};
  if (transitions.empty() || unix_seconds < transitions.front().when) {
    // Go's lookupFirstZone: the first type no transition uses, else the standard type before
    // the first transition's, else the first standard type.
    bool first_used = false;
    for (const auto& tx : transitions) first_used |= tx.type == 0;
    if (!first_used) return types[0];
    if (!transitions.empty() && types[transitions.front().type].dst) {
      for (int i = transitions.front().type - 1; i >= 0; --i) {
        if (!types[static_cast<size_t>(i)].dst) return types[static_cast<size_t>(i)];
      }
    }
    for (const auto& type : types) {
      if (!type.dst) return type;
    }
    return types[0];
  }
  size_t lo = 0, hi = transitions.size();
  while (hi - lo > 1) {
    const size_t mid = (lo + hi) / 2;
    if (unix_seconds < transitions[mid].when) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  if (lo == transitions.size() - 1 && extend) return posix_lookup(*extend, unix_seconds);
  return types[transitions[lo].type];
}

std::shared_ptr<const Zone> utc_zone() {
  static const std::shared_ptr<const Zone> utc = [] {
    auto zone = std::make_shared<Zone>();
    zone->name = "UTC";
    return zone;
  }();
  return utc;
}

std::shared_ptr<const Zone> fixed_zone(std::string name, int32_t offset_seconds) {
  auto zone = std::make_shared<Zone>();
  zone->types.push_back(ZoneInfo{name, offset_seconds, false});
  zone->name = std::move(name);
  return zone;
}

// ---- POSIX TZ strings ------------------------------------------------------------------------

namespace {

class TzScanner {
 public:
  explicit TzScanner(std::string_view text) : text_(text) {}
  bool done() const { return pos_ == text_.size(); }
  bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool accept(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }

  // A zone abbreviation: <...> or three or more letters.
  bool name(std::string& out) {
    if (accept('<')) {
      const size_t close = text_.find('>', pos_);
      if (close == std::string_view::npos) return false;
      out = std::string(text_.substr(pos_, close - pos_));
      pos_ = close + 1;
      return !out.empty();
    }
    const size_t start = pos_;
    while (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    out = std::string(text_.substr(start, pos_ - start));
    return out.size() >= 3;
  }

  bool number(int& out, int max) {
    const size_t start = pos_;
    out = 0;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      out = out * 10 + (text_[pos_] - '0');
      if (out > max) return false;
      ++pos_;
    }
    return pos_ > start;
  }

  // [+-]hh[:mm[:ss]] in seconds; `max_hours` as Go's tzsetOffset allows.
  bool offset(int32_t& out, int max_hours) {
    bool negative = false;
    if (accept('-')) {
      negative = true;
    } else {
      accept('+');
    }
    int hours = 0, minutes = 0, seconds = 0;
    if (!number(hours, max_hours)) return false;
    if (accept(':')) {
      if (!number(minutes, 59)) return false;
      if (accept(':') && !number(seconds, 59)) return false;
    }
    out = (hours * 60 + minutes) * 60 + seconds;
    if (negative) out = -out;
    return true;
  }

  bool rule(PosixRule& out) {
    if (accept('J')) {
      out.kind = 'J';
      if (!number(out.day, 365) || out.day < 1) return false;
    } else if (accept('M')) {
      out.kind = 'M';
      if (!number(out.month, 12) || out.month < 1 || !accept('.')) return false;
      if (!number(out.week, 5) || out.week < 1 || !accept('.')) return false;
      if (!number(out.day, 6)) return false;
    } else {
      out.kind = 'D';
      if (!number(out.day, 365)) return false;
    }
    out.time = 7200;
    if (accept('/') && !offset(out.time, 167)) return false;
    return true;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<PosixZone> parse_posix_tz(std::string_view text) {
  TzScanner scan(text);
  PosixZone tz;
  int32_t offset = 0;
  if (!scan.name(tz.standard.abbreviation) || !scan.offset(offset, 24)) return std::nullopt;
  tz.standard.offset_seconds = -offset;  // POSIX counts west of Greenwich
  if (scan.done()) return tz;
  tz.has_dst = true;
  tz.daylight.dst = true;
  if (!scan.name(tz.daylight.abbreviation)) return std::nullopt;
  tz.daylight.offset_seconds = tz.standard.offset_seconds + 3600;
  if (!scan.peek(',') && !scan.done()) {
    if (!scan.offset(offset, 24)) return std::nullopt;
    tz.daylight.offset_seconds = -offset;
  }
  if (scan.done()) {  // Go's default: the US rules
    tz.start = PosixRule{'M', 0, 2, 3, 7200};
    tz.end = PosixRule{'M', 0, 1, 11, 7200};
    return tz;
  }
  if (!scan.accept(',') || !scan.rule(tz.start) || !scan.accept(',') || !scan.rule(tz.end) ||
      !scan.done()) {
    return std::nullopt;
  }
  return tz;
}

// ---- TZif ------------------------------------------------------------------------------------

namespace {

class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}
  bool take(size_t n, std::string_view& out) {
    if (data_.size() - pos_ < n) return false;
    out = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool big_endian(size_t width, int64_t& out) {
    std::string_view bytes;
    if (!take(width, bytes)) return false;
    uint64_t value = 0;
    for (char c : bytes) value = (value << 8) | static_cast<unsigned char>(c);
    if (width == 4) {
      out = static_cast<int32_t>(static_cast<uint32_t>(value));
    } else {
      out = static_cast<int64_t>(value);
    }
    return true;
  }
  std::string_view rest() const { return data_.substr(pos_); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

struct TzifCounts {
  int64_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

bool read_header(ByteReader& in, char& version, TzifCounts& n) {
  std::string_view magic, skip;
  if (!in.take(4, magic) || magic != "TZif" || !in.take(1, skip)) return false;
  version = skip[0];
  if (!in.take(15, skip)) return false;
  for (int64_t* field : {&n.isutcnt, &n.isstdcnt, &n.leapcnt, &n.timecnt, &n.typecnt, &n.charcnt}) {
    if (!in.big_endian(4, *field) || *field < 0 || *field > (1 << 20)) return false;
  }
  return n.typecnt > 0 && n.typecnt <= 256;
}

}  // namespace

std::shared_ptr<const Zone> parse_tzif(std::string name, std::string_view data) {
  ByteReader in(data);
  char version = 0;
  TzifCounts n{};
  if (!read_header(in, version, n)) return nullptr;
  size_t time_width = 4;
  if (version >= '2') {  // skip the 32-bit body for the 64-bit one
    std::string_view skip;
    const int64_t v1_size = n.timecnt * 5 + n.typecnt * 6 + n.charcnt + n.leapcnt * 8 +
                            n.isstdcnt + n.isutcnt;
    if (!in.take(static_cast<size_t>(v1_size), skip) || !read_header(in, version, n)) {
      return nullptr;
    }
    time_width = 8;
  }
  auto zone = std::make_shared<Zone>();
  zone->name = std::move(name);
  std::vector<int64_t> times(static_cast<size_t>(n.timecnt));
  for (auto& when : times) {
    if (!in.big_endian(time_width, when)) return nullptr;
  }
  std::string_view indexes, abbreviations, skip;
  if (!in.take(static_cast<size_t>(n.timecnt), indexes)) return nullptr;
  struct RawType {
    int64_t offset;
    bool dst;
    size_t abbreviation;
  };
  std::vector<RawType> raw(static_cast<size_t>(n.typecnt));
  for (auto& type : raw) {
    std::string_view flags;
    int64_t offset = 0;
    if (!in.big_endian(4, offset) || !in.take(2, flags)) return nullptr;
    type = RawType{offset, flags[0] != 0, static_cast<unsigned char>(flags[1])};
  }
  if (!in.take(static_cast<size_t>(n.charcnt), abbreviations)) return nullptr;
  const size_t trailer = static_cast<size_t>(n.leapcnt) * (time_width + 4) +
                         static_cast<size_t>(n.isstdcnt + n.isutcnt);
  if (!in.take(trailer, skip)) return nullptr;
  for (const auto& type : raw) {
    if (type.abbreviation >= abbreviations.size()) return nullptr;
    std::string_view abbr = abbreviations.substr(type.abbreviation);
    abbr = abbr.substr(0, abbr.find('\0'));
    zone->types.push_back(ZoneInfo{std::string(abbr), static_cast<int32_t>(type.offset), type.dst});
  }
  for (size_t i = 0; i < times.size(); ++i) {
    const auto type = static_cast<unsigned char>(indexes[i]);
    if (type >= zone->types.size()) return nullptr;
    zone->transitions.push_back(Zone::Transition{times[i], type});
  }
  if (zone->transitions.empty()) {
    // As Go: one transition at the beginning of time, so that the footer rule applies always.
    zone->transitions.push_back(Zone::Transition{INT64_MIN, 0});
  }
  std::string_view footer = in.rest();
  if (version >= '2' && footer.size() >= 2 && footer[0] == '\n') {
    const size_t end = footer.find('\n', 1);
    if (end != std::string_view::npos && end > 1) {
      zone->extend = parse_posix_tz(footer.substr(1, end - 1));
    }
  }
  return zone;
}

// ---- Loading ---------------------------------------------------------------------------------

namespace {

std::optional<std::string> read_small_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::string data;
  data.resize(kMaxZoneFileBytes + 1);
  file.read(data.data(), static_cast<std::streamsize>(data.size()));
  if (file.bad()) return std::nullopt;
  const auto got = static_cast<size_t>(file.gcount());
  if (got > kMaxZoneFileBytes) return std::nullopt;
  data.resize(got);
  return data;
}

std::shared_ptr<const Zone> load_from_database(std::string_view name) {
  for (const char* dir : {"/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/",
                          "/etc/zoneinfo/"}) {
    auto data = read_small_file(std::string(dir) + std::string(name));
    if (!data) continue;
    if (auto zone = parse_tzif(std::string(name), *data)) return zone;
  }
  return nullptr;
}

std::shared_ptr<const Zone> load_local_zone() {
  const char* tz = std::getenv("TZ");
  if (tz != nullptr) {
    std::string_view name(tz);
    if (!name.empty() && name[0] == ':') name.remove_prefix(1);
    if (name.empty() || name == "UTC") return utc_zone();
    if (name.find("..") == std::string_view::npos && name[0] != '/') {
      if (auto zone = load_from_database(name)) return zone;
    }
    return utc_zone();
  }
  if (auto data = read_small_file("/etc/localtime")) {
    if (auto zone = parse_tzif("Local", *data)) return zone;
  }
  return utc_zone();
}

}  // namespace

std::shared_ptr<const Zone> load_zone(std::string_view name, std::string* error) {
  if (name.empty() || name == "UTC") return utc_zone();
  if (name == "Local") {
    static const std::shared_ptr<const Zone> local = load_local_zone();
    return local;
  }
  if (name.find("..") != std::string_view::npos || name[0] == '/' || name[0] == '\\') {
    *error = "time: invalid location name";
    return nullptr;
  }
  // Zone names are short; a NUL or an absurd length cannot name a file of the database.
  if (name.size() > 255 || name.find('\0') != std::string_view::npos) {
    *error = "unknown time zone " + std::string(name);
    return nullptr;
  }
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const Zone>, std::less<>> cache;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = cache.find(name); it != cache.end()) return it->second;
  }
  auto zone = load_from_database(name);
  if (!zone) {
    *error = "unknown time zone " + std::string(name);
    return nullptr;
  }
  std::lock_guard<std::mutex> lock(mutex);
  return cache.emplace(std::string(name), zone).first->second;
}

// ---- Calendar --------------------------------------------------------------------------------

std::optional<int64_t> to_unix_nanos(const Instant& t) {
  const __int128 ns = static_cast<__int128>(t.unix_seconds) * 1'000'000'000 + t.nanos;
  if (ns < INT64_MIN || ns > INT64_MAX) return std::nullopt;
  return static_cast<int64_t>(ns);
}

Instant from_unix_nanos(int64_t ns) {
  int64_t seconds = ns / 1'000'000'000;
  int64_t nanos = ns % 1'000'000'000;
  if (nanos < 0) {  // floor, without overflowing at INT64_MIN
    nanos += 1'000'000'000;
    --seconds;
  }
  return Instant{seconds, static_cast<int32_t>(nanos)};
}

Civil to_civil(const Instant& t, const Zone& zone) {
  Civil c;
  c.zone = zone.lookup(t.unix_seconds);
  const int64_t local = t.unix_seconds + c.zone.offset_seconds;
  const int64_t days = floor_div(local, kSecondsPerDay);
  const int64_t second_of_day = local - days * kSecondsPerDay;
  civil_from_days(days, c.year, c.month, c.day);
  c.hour = static_cast<int>(second_of_day / 3600);
  c.minute = static_cast<int>(second_of_day % 3600 / 60);
  c.second = static_cast<int>(second_of_day % 60);
  c.nanos = t.nanos;
  c.weekday = static_cast<int>(((days + 4) % 7 + 7) % 7);
  c.yday = static_cast<int>(days - days_from_civil(c.year, 1, 1) + 1);
  return c;
}

std::optional<Instant> make_date(int64_t year, int64_t month, int64_t day, int64_t hour,
                                 int64_t minute, int64_t second, int64_t nanos, const Zone& zone) {
  constexpr int64_t kLimit = 1'000'000'000;  // keeps every product below in 64 bits
  for (int64_t field : {year, month, day, hour, minute, second}) {
    if (field > kLimit * 1000 || field < -kLimit * 1000) return std::nullopt;
  }
  int64_t month0 = month - 1;
  normalise(year, month0, 12);
  normalise(second, nanos, 1'000'000'000);
  normalise(minute, second, 60);
  normalise(hour, minute, 60);
  normalise(day, hour, 24);
  if (year > kLimit || year < -kLimit || day > kLimit * 1000 || day < -kLimit * 1000) {
    return std::nullopt;
  }
  const int64_t days = days_from_civil(year, static_cast<int>(month0) + 1, 1) + day - 1;
  int64_t unix = days * kSecondsPerDay + hour * 3600 + minute * 60 + second;
  // As Go's Date: guess the offset at the wall time taken as UTC, then confirm it at the
  // corrected instant (this picks the same side of a transition as Go).
  const int32_t guess = zone.lookup(unix).offset_seconds;
  if (guess != 0) unix -= zone.lookup(unix - guess).offset_seconds;
  return Instant{unix, static_cast<int32_t>(nanos)};
}

}  // namespace assay::rego::gotime
