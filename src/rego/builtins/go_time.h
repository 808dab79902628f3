// Go's time package as OPA's time.* built-ins see it: the proleptic Gregorian calendar, time
// zones loaded from the system's TZif database (/usr/share/zoneinfo) with their POSIX TZ rules
// for the years past the last transition, Go's reference-time layouts ("2006-01-02T15:04:05Z07:00")
// for formatting and parsing, and time.ParseDuration. Error texts are Go's, because OPA passes
// them through ("parsing time \"x\" as \"2006\": cannot parse \"x\" as \"2006\"").
//
// Everything here is a pure function of its arguments except load_zone, which reads and caches
// zone files under a mutex; all functions are thread-safe. Inputs are bounded: layouts and values
// are scanned once, numbers are parsed with overflow checks, zone files over 1 MiB are refused.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assay::rego::gotime {

// A point in time: seconds since the Unix epoch and the nanoseconds within that second.
struct Instant {
  int64_t unix_seconds = 0;
  int32_t nanos = 0;  // 0..999'999'999
};

// Nanoseconds since the epoch when the instant fits an int64 (Go's UnixNano range).
std::optional<int64_t> to_unix_nanos(const Instant& t);
Instant from_unix_nanos(int64_t ns);

// The zone in effect at an instant: its abbreviation ("CET") and offset east of UTC.
struct ZoneInfo {
  std::string abbreviation;
  int32_t offset_seconds = 0;
  bool dst = false;
};

// A POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0"), as the TZif footer gives it.
struct PosixRule {
  char kind = 'M';  // 'J' (Julian day 1..365), 'D' (day of year 0..365), 'M' (month.week.day)
  int day = 0, week = 0, month = 0;
  int32_t time = 7200;  // local seconds after midnight
};
struct PosixZone {
  ZoneInfo standard;
  bool has_dst = false;
  ZoneInfo daylight;
  PosixRule start, end;
};

// A location: UTC, a fixed offset, or a zone from the database. Immutable once built.
struct Zone {
  std::string name;
  std::vector<ZoneInfo> types;  // empty: UTC
  struct Transition {
    int64_t when;
    uint8_t type;
  };
  std::vector<Transition> transitions;
  std::optional<PosixZone> extend;

  ZoneInfo lookup(int64_t unix_seconds) const;
};

std::shared_ptr<const Zone> utc_zone();
std::shared_ptr<const Zone> fixed_zone(std::string name, int32_t offset_seconds);

// Go's time.LoadLocation: "" and "UTC" are UTC, "Local" is the process's zone (TZ, else
// /etc/localtime, else UTC); other names are read from the zone database. nullptr with Go's
// message ("unknown time zone X", "time: invalid location name") when there is no such zone.
std::shared_ptr<const Zone> load_zone(std::string_view name, std::string* error);

// Parses TZif data (RFC 8536, versions 1 to 4); nullptr when it is not valid.
std::shared_ptr<const Zone> parse_tzif(std::string name, std::string_view data);
// Parses a POSIX TZ string; nullopt when it is not one.
std::optional<PosixZone> parse_posix_tz(std::string_view text);

// Calendar fields of an instant in a zone, as Go's Time methods report them.
struct Civil {
  int64_t year = 1970;
  int month = 1, day = 1;  // 1-based
  int hour = 0, minute = 0, second = 0;
  int32_t nanos = 0;
  int weekday = 4;  // 0 = Sunday
  int yday = 1;     // 1..366
  ZoneInfo zone;
};
Civil to_civil(const Instant& t, const Zone& zone);

// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12, day 1..31).
int64_t days_from_civil(int64_t year, int month, int day);
bool is_leap(int64_t year);
int days_in_month(int month, int64_t year);

// Go's time.Date: the fields are normalised (month 13 is January of the next year, day 0 the
// last day of the previous month, ...) and interpreted in `zone`. nullopt when the result lies
// far outside any representable time (|year| beyond a billion).
std::optional<Instant> make_date(int64_t year, int64_t month, int64_t day, int64_t hour,
                                 int64_t minute, int64_t second, int64_t nanos, const Zone& zone);

// Go's Time.Format with `layout`, for the instant in `zone`.
std::string format(const Instant& t, const Zone& zone, std::string_view layout);

// Go's time.Parse (default location UTC; the local zone is UTC). nullopt with Go's
// *time.ParseError text in `error` when `value` does not match `layout`.
std::optional<Instant> parse(std::string_view layout, std::string_view value, std::string* error);

// Go's time.ParseDuration: nanoseconds, or nullopt with Go's message in `error`.
std::optional<int64_t> parse_duration(std::string_view text, std::string* error);

// Go's time-package quoting of values in messages: "..." with \xNN for bytes outside
// printable ASCII and backslashes before quotes and backslashes.
std::string quote(std::string_view text);

}  // namespace assay::rego::gotime
