// Strings: search, case, splitting and joining, replacement, trimming, formatting, templates.
// (regex.* is in regex.cc; the template strings' internal.template_string in misc.cc;
// strings.render_template's Go templates in go_template*.cc.)
//
// The implementations follow OPA's v1/topdown/strings.go on top of Go's strings package: byte
// semantics where Go's functions work on bytes (contains, startswith, replace, count), code
// points where OPA converts to []rune (indexof, indexof_n, substring), Go's decoding of invalid
// UTF-8 (one byte, U+FFFD) everywhere. Searches are linear (KMP) so hostile operands cannot make
// them quadratic; outputs are bounded by kMaxOutputBytes.
#include <clocale>
#include <cwctype>
#include <locale.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/rego/builtins/go_template.h"
#include "src/rego/builtins/table.h"
#include "src/rego/builtins/text_support.h"

namespace assay::rego::builtins {

namespace {

// The first operand among args[0, count) that is not a string, as OPA's StringOperand checks
// them in order.
std::optional<BuiltinResult> require_strings(std::span<const Value> args, size_t count) {
  for (size_t i = 0; i < count && i < args.size(); ++i) {
    if (!args[i].is_string()) return operand_type_error(static_cast<int>(i + 1), args[i], "string");
  }
  return std::nullopt;
}

// OPA's IntOperand: a number that is an integer fitting Go's int.
std::optional<BuiltinResult> int_operand(const Value& v, int position, int64_t* out) {
  if (!v.is_number()) return operand_type_error(position, v, "number");
  std::optional<int64_t> i = v.as_number().is_integer() ? v.as_number().to_int64() : std::nullopt;
  if (!i) return operand_error(position, "must be integer number but got floating-point number");
  *out = *i;
  return std::nullopt;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// The text as Go's []rune conversion sees it, re-encoded: invalid bytes become U+FFFD. Byte
// searches in the result find exactly the code point matches.
std::string runes_normalised(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t r;
    i += decode_rune(s, i, &r);
    append_rune(&out, r);
  }
  return out;
}

size_t rune_count(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) {
    char32_t r;
    i += decode_rune(s, i, &r);
  }
  return n;
}

// Positions of `needle` (non-empty) in `haystack`, in order, overlapping or not: Knuth-Morris-
// Pratt, so linear whatever the operands. Stops after `limit` matches.
std::vector<size_t> find_all(std::string_view haystack, std::string_view needle, bool overlapping,
                             size_t limit = SIZE_MAX) {
  std::vector<size_t> found;
  std::vector<size_t> border(needle.size() + 1, 0);
  for (size_t i = 1, k = 0; i < needle.size(); ++i) {
    while (k > 0 && needle[i] != needle[k]) k = border[k];
    if (needle[i] == needle[k]) ++k;
    border[i + 1] = k;
  }
  for (size_t i = 0, k = 0; i < haystack.size() && found.size() < limit; ++i) {
    while (k > 0 && haystack[i] != needle[k]) k = border[k];
    if (haystack[i] == needle[k]) ++k;
    if (k == needle.size()) {
      found.push_back(i + 1 - needle.size());
      k = overlapping ? border[k] : 0;
    }
  }
  return found;
}

bool text_contains(std::string_view haystack, std::string_view needle) {
  return needle.empty() || !find_all(haystack, needle, false, 1).empty();
}

// Go's strings.NewReplacer(old1, new1, ...).Replace(s) (its generic algorithm): at each byte,
// the first pair in argument order whose `old` starts there is replaced; an empty `old` matches
// everywhere except right after another empty match. A trie keeps the lookup at the length of
// the longest key; `budget` bounds the total work on hostile keys.
class Replacer {
 public:
  explicit Replacer(std::vector<std::pair<std::string, std::string>> pairs)
      : pairs_(std::move(pairs)) {
    nodes_.emplace_back();
    for (size_t p = 0; p < pairs_.size(); ++p) {
      size_t node = 0;
      for (char c : pairs_[p].first) node = child_or_new(node, c);
      if (nodes_[node].pair == SIZE_MAX) nodes_[node].pair = p;  // earlier pairs win
    }
  }

  std::optional<std::string> replace(std::string_view s, std::string* error) const {
    std::string out;
    size_t last = 0;
    bool previous_empty = false;
    uint64_t budget = 200'000'000;
    for (size_t i = 0; i <= s.size();) {
      size_t best = SIZE_MAX, best_len = 0;
      size_t node = 0;
      if (nodes_[0].pair != SIZE_MAX && !previous_empty) best = nodes_[0].pair;
      for (size_t k = i; k < s.size(); ++k) {
        if (budget-- == 0) {
          *error = "input too large";
          return std::nullopt;
        }
        node = child(node, s[k]);
        if (node == SIZE_MAX) break;
        size_t p = nodes_[node].pair;
        if (p != SIZE_MAX && p < best) {
          best = p;
          best_len = k + 1 - i;
        }
      }
      previous_empty = best != SIZE_MAX && best_len == 0;
      if (best == SIZE_MAX) {
        ++i;
        continue;
      }
      out.append(s.substr(last, i - last));
      out.append(pairs_[best].second);
      if (out.size() > kMaxOutputBytes) {
        *error = std::string(kOutputTooLarge);
        return std::nullopt;
      }
      i += best_len;
      last = i;
    }
    if (last < s.size()) out.append(s.substr(last));
    return out;
  }

 private:
  struct Node {
    std::vector<std::pair<char, size_t>> children;
    size_t pair = SIZE_MAX;  // the earliest pair whose `old` ends here
  };

  size_t child(size_t node, char c) const {
    for (const auto& [ch, next] : nodes_[node].children) {
      if (ch == c) return next;
    }
    return SIZE_MAX;
  }

  size_t child_or_new(size_t node, char c) {
    size_t next = child(node, c);
    if (next != SIZE_MAX) return next;
    nodes_.emplace_back();
    nodes_[node].children.emplace_back(c, nodes_.size() - 1);
    return nodes_.size() - 1;
  }

  std::vector<std::pair<std::string, std::string>> pairs_;
  std::vector<Node> nodes_;
};

BuiltinResult replaced(std::string_view s, std::vector<std::pair<std::string, std::string>> pairs) {
  std::string error;
  std::optional<std::string> out = Replacer(std::move(pairs)).replace(s, &error);
  if (!out) return builtin_error(error);
  return BuiltinResult::value(Value::string(std::move(*out)));
}

// Go's unicode.IsSpace.
bool is_go_space(char32_t r) {
  switch (r) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return r >= 0x2000 && r <= 0x200A;
  }
}

struct DecodedRune {
  size_t offset;
  size_t width;
  char32_t rune;
};

std::vector<DecodedRune> decode_all(std::string_view s) {
  std::vector<DecodedRune> runes;
  for (size_t i = 0; i < s.size();) {
    char32_t r;
    size_t w = decode_rune(s, i, &r);
    runes.push_back({i, w, r});
    i += w;
  }
  return runes;
}

// Go's strings.Trim/TrimLeft/TrimRight with a predicate over code points.
template <typename Pred>
std::string_view trim_runes(std::string_view s, bool left, bool right, Pred drop) {
  std::vector<DecodedRune> runes = decode_all(s);
  size_t begin = 0, end = runes.size();
  if (left) {
    while (begin < end && drop(runes[begin].rune)) ++begin;
  }
  if (right) {
    while (end > begin && drop(runes[end - 1].rune)) --end;
  }
  if (begin == end) return s.substr(0, 0);
  size_t from = runes[begin].offset;
  size_t to = runes[end - 1].offset + runes[end - 1].width;
  return s.substr(from, to - from);
}

BuiltinResult trim_cutset(std::span<const Value> args, bool left, bool right) {
  if (auto err = require_strings(args, 2)) return *err;
  std::string_view s = args[0].as_string();
  std::vector<DecodedRune> cut = decode_all(args[1].as_string());
  auto in_cutset = [&](char32_t r) {
    return std::any_of(cut.begin(), cut.end(), [&](const DecodedRune& c) { return c.rune == r; });
  };
  return BuiltinResult::value(Value::string(std::string(trim_runes(s, left, right, in_cutset))));
}

// Unicode case mapping as Go's unicode.ToLower/ToUpper, through the C.UTF-8 locale's tables
// (a locale object of our own: no process-wide setlocale).
locale_t utf8_locale() {
  static locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return locale;
}

std::string map_case(std::string_view s, bool upper) {
  std::string out;
  out.reserve(s.size());
  if (is_ascii(s)) {
    for (char c : s) {
      out.push_back(static_cast<char>(upper ? (c >= 'a' && c <= 'z' ? c - 32 : c)
                                            : (c >= 'A' && c <= 'Z' ? c + 32 : c)));
    }
    return out;
  }
  locale_t locale = utf8_locale();
  for (size_t i = 0; i < s.size();) {
    char32_t r;
    i += decode_rune(s, i, &r);
    if (locale != static_cast<locale_t>(0)) {
      auto w = static_cast<wint_t>(r);
      r = static_cast<char32_t>(upper ? towupper_l(w, locale) : towlower_l(w, locale));
    } else if (r < 0x80) {
      r = static_cast<char32_t>(upper ? toupper(static_cast<int>(r)) : tolower(static_cast<int>(r)));
    }
    append_rune(&out, r);
  }
  return out;
}

// OPA's StringSliceOperand for any_prefix_match/any_suffix_match: a string, or an array or set
// of strings.
std::optional<BuiltinResult> string_list(const Value& v, int position, bool reverse,
                                         std::vector<std::string>* out) {
  auto add = [&](std::string_view s) {
    std::string text(s);
    if (reverse) {
      std::vector<DecodedRune> runes = decode_all(s);
      text.clear();
      for (auto it = runes.rbegin(); it != runes.rend(); ++it) text.append(s.substr(it->offset, it->width));
    }
    out->push_back(std::move(text));
  };
  if (v.is_string()) {
    add(v.as_string());
    return std::nullopt;
  }
  if (!v.is_array() && !v.is_set()) return operand_type_error(position, v, "one of {string, set, array}");
  for (const Value& item : v.is_array() ? v.array_items() : v.set_items()) {
    if (!item.is_string()) return element_type_error(position, v, item, "string");
    add(item.as_string());
  }
  return std::nullopt;
}

BuiltinResult any_match(std::span<const Value> args, bool suffix) {
  std::vector<std::string> texts, affixes;
  if (auto err = string_list(args[0], 1, suffix, &texts)) return *err;
  if (auto err = string_list(args[1], 2, suffix, &affixes)) return *err;
  std::sort(texts.begin(), texts.end());
  for (const std::string& affix : affixes) {
    auto it = std::lower_bound(texts.begin(), texts.end(), affix);
    if (it != texts.end() && it->compare(0, affix.size(), affix) == 0) {
      return BuiltinResult::value(Value::boolean(true));
    }
  }
  return BuiltinResult::value(Value::boolean(false));
}

BuiltinResult any_prefix_match(BuiltinContext&, std::span<const Value> args) {
  return any_match(args, false);
}

BuiltinResult any_suffix_match(BuiltinContext&, std::span<const Value> args) {
  return any_match(args, true);
}

BuiltinResult concat(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 1)) return *err;
  const Value& items = args[1];
  if (!items.is_array() && !items.is_set()) return operand_type_error(2, items, "one of {set, array}");
  std::span<const Value> members = items.is_array() ? items.array_items() : items.set_items();
  std::string_view separator = args[0].as_string();
  std::string out;
  for (size_t i = 0; i < members.size(); ++i) {
    if (!members[i].is_string()) return element_type_error(2, items, members[i], "string");
    if (i > 0) out.append(separator);
    out.append(members[i].as_string());
    if (out.size() > kMaxOutputBytes) return builtin_error(std::string(kOutputTooLarge));
  }
  return BuiltinResult::value(Value::string(std::move(out)));
}

BuiltinResult format_int(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_number()) return operand_type_error(1, args[0], "number");
  if (!args[1].is_number()) return operand_type_error(2, args[1], "number");
  std::optional<int64_t> base = args[1].as_number().is_integer() ? args[1].as_number().to_int64()
                                                                 : std::nullopt;
  if (!base || (*base != 2 && *base != 8 && *base != 10 && *base != 16)) {
    return operand_error(2, "must be one of {2, 8, 10, 16}");
  }
  std::optional<std::string> text = integer_text_in_base(args[0].as_number(), static_cast<int>(*base));
  if (!text) return builtin_error("number too large");
  return BuiltinResult::value(Value::string(std::move(*text)));
}

BuiltinResult indexof(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 2)) return *err;
  std::string_view base = args[0].as_string(), search = args[1].as_string();
  if (search.empty()) return builtin_error("empty search character");
  if (is_ascii(base) && is_ascii(search)) {
    std::vector<size_t> at = find_all(base, search, false, 1);
    return BuiltinResult::value(Value::integer(at.empty() ? -1 : static_cast<int64_t>(at[0])));
  }
  std::string hay = runes_normalised(base), needle = runes_normalised(search);
  std::vector<size_t> at = find_all(hay, needle, false, 1);
  int64_t index = at.empty() ? -1 : static_cast<int64_t>(rune_count(std::string_view(hay).substr(0, at[0])));
  return BuiltinResult::value(Value::integer(index));
}

BuiltinResult indexof_n(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 2)) return *err;
  std::string_view search = args[1].as_string();
  if (search.empty()) return builtin_error("empty search character");
  std::string hay = runes_normalised(args[0].as_string()), needle = runes_normalised(search);
  std::vector<Value> indices;
  size_t runes_before = 0, scanned = 0;
  for (size_t at : find_all(hay, needle, true)) {
    runes_before += rune_count(std::string_view(hay).substr(scanned, at - scanned));
    scanned = at;
    indices.push_back(Value::integer(static_cast<int64_t>(runes_before)));
  }
  return BuiltinResult::value(Value::array(std::move(indices)));
}

BuiltinResult substring(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 1)) return *err;
  int64_t start = 0, length = 0;
  if (auto err = int_operand(args[1], 2, &start)) return *err;
  if (auto err = int_operand(args[2], 3, &length)) return *err;
  if (start < 0) return builtin_error("negative offset");
  std::string_view base = args[0].as_string();
  if (is_ascii(base)) {
    if (static_cast<uint64_t>(start) >= base.size()) return BuiltinResult::value(Value::string(""));
    size_t count = length < 0 ? std::string_view::npos : static_cast<size_t>(length);
    return BuiltinResult::value(Value::string(std::string(base.substr(static_cast<size_t>(start), count))));
  }
  std::vector<DecodedRune> runes = decode_all(base);
  if (start == 0 && length >= 0 && static_cast<uint64_t>(length) >= runes.size()) return BuiltinResult::value(args[0]);
  if (static_cast<uint64_t>(start) >= runes.size()) return BuiltinResult::value(Value::string(""));
  size_t from = static_cast<size_t>(start);
  size_t upto = length < 0 ? runes.size() : std::min<uint64_t>(runes.size(), from + static_cast<uint64_t>(length));
  std::string out;
  for (size_t i = from; i < upto; ++i) append_rune(&out, runes[i].rune);
  return BuiltinResult::value(Value::string(std::move(out)));
}

BuiltinResult contains(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 2)) return *err;
  return BuiltinResult::value(Value::boolean(text_contains(args[0].as_string(), args[1].as_string())));
}

BuiltinResult count(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 2)) return *err;
  std::string_view s = args[0].as_string(), sub = args[1].as_string();
  size_t n = sub.empty() ? rune_count(s) + 1 : find_all(s, sub, false).size();
  return BuiltinResult::value(Value::integer(static_cast<int64_t>(n)));
}

BuiltinResult startswith(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 2)) return *err;
  return BuiltinResult::value(Value::boolean(args[0].as_string().starts_with(args[1].as_string())));
}

BuiltinResult endswith(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 2)) return *err;
  return BuiltinResult::value(Value::boolean(args[0].as_string().ends_with(args[1].as_string())));
}

BuiltinResult lower(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 1)) return *err;
  return BuiltinResult::value(Value::string(map_case(args[0].as_string(), false)));
}

BuiltinResult upper(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 1)) return *err;
  return BuiltinResult::value(Value::string(map_case(args[0].as_string(), true)));
}

BuiltinResult split(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 2)) return *err;
  std::string_view s = args[0].as_string(), delimiter = args[1].as_string();
  std::vector<Value> parts;
  if (delimiter.empty()) {  // Go's explode: one string per UTF-8 sequence
    for (const DecodedRune& r : decode_all(s)) parts.push_back(Value::string(std::string(s.substr(r.offset, r.width))));
    return BuiltinResult::value(Value::array(std::move(parts)));
  }
  size_t from = 0;
  for (size_t at : find_all(s, delimiter, false)) {
    parts.push_back(Value::string(std::string(s.substr(from, at - from))));
    from = at + delimiter.size();
  }
  parts.push_back(Value::string(std::string(s.substr(from))));
  return BuiltinResult::value(Value::array(std::move(parts)));
}

BuiltinResult replace(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 3)) return *err;
  return replaced(args[0].as_string(),
                  {{std::string(args[1].as_string()), std::string(args[2].as_string())}});
}

BuiltinResult replace_n(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_object()) return operand_type_error(1, args[0], "object");
  if (!args[1].is_string()) return operand_type_error(2, args[1], "string");
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& [key, value] : args[0].object_entries()) {  // in OPA's order, as OPA sorts
    if (!key.is_string()) return operand_error(1, "non-string key found in pattern object");
    if (!value.is_string()) return operand_error(1, "non-string value found in pattern object");
    pairs.emplace_back(std::string(key.as_string()), std::string(value.as_string()));
  }
  return replaced(args[1].as_string(), std::move(pairs));
}

BuiltinResult trim(BuiltinContext&, std::span<const Value> args) { return trim_cutset(args, true, true); }
BuiltinResult trim_left(BuiltinContext&, std::span<const Value> args) { return trim_cutset(args, true, false); }
BuiltinResult trim_right(BuiltinContext&, std::span<const Value> args) { return trim_cutset(args, false, true); }

BuiltinResult trim_prefix(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 2)) return *err;
  std::string_view s = args[0].as_string(), prefix = args[1].as_string();
  if (s.starts_with(prefix)) s.remove_prefix(prefix.size());
  return BuiltinResult::value(Value::string(std::string(s)));
}

BuiltinResult trim_suffix(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 2)) return *err;
  std::string_view s = args[0].as_string(), suffix = args[1].as_string();
  if (s.ends_with(suffix)) s.remove_suffix(suffix.size());
  return BuiltinResult::value(Value::string(std::string(s)));
}

BuiltinResult trim_space(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 1)) return *err;
  // Invalid bytes decode as U+FFFD, which is no space: they stay, as in Go.
  std::string_view trimmed = trim_runes(args[0].as_string(), true, true, is_go_space);
  return BuiltinResult::value(Value::string(std::string(trimmed)));
}

BuiltinResult sprintf(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 1)) return *err;
  if (!args[1].is_array()) return operand_type_error(2, args[1], "array");
  std::string error;
  std::optional<std::string> out = go_sprintf(args[0].as_string(), args[1].array_items(), &error);
  if (!out) return builtin_error(error);
  return BuiltinResult::value(Value::string(std::move(*out)));
}

BuiltinResult reverse(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 1)) return *err;
  std::string_view s = args[0].as_string();
  std::vector<DecodedRune> runes = decode_all(s);
  std::string out;
  out.reserve(s.size());
  for (auto it = runes.rbegin(); it != runes.rend(); ++it) out.append(s.substr(it->offset, it->width));
  return BuiltinResult::value(Value::string(std::move(out)));
}

const BuiltinImplementation kAnyPrefixMatch{&any_prefix_match};
const BuiltinImplementation kAnySuffixMatch{&any_suffix_match};
const BuiltinImplementation kConcat{&concat};
const BuiltinImplementation kFormatInt{&format_int};
const BuiltinImplementation kIndexOf{&indexof};
const BuiltinImplementation kIndexOfN{&indexof_n};
const BuiltinImplementation kSubstring{&substring};
const BuiltinImplementation kContains{&contains};
const BuiltinImplementation kCount{&count};
const BuiltinImplementation kStartsWith{&startswith};
const BuiltinImplementation kEndsWith{&endswith};
const BuiltinImplementation kLower{&lower};
const BuiltinImplementation kUpper{&upper};
const BuiltinImplementation kSplit{&split};
const BuiltinImplementation kReplace{&replace};
const BuiltinImplementation kReplaceN{&replace_n};
const BuiltinImplementation kTrim{&trim};
const BuiltinImplementation kTrimLeft{&trim_left};
const BuiltinImplementation kTrimPrefix{&trim_prefix};
const BuiltinImplementation kTrimRight{&trim_right};
const BuiltinImplementation kTrimSuffix{&trim_suffix};
const BuiltinImplementation kTrimSpace{&trim_space};
const BuiltinImplementation kSprintf{&sprintf};
const BuiltinImplementation kReverse{&reverse};
const BuiltinImplementation kRenderTemplate{&render_template};

}  // namespace

Rows strings_builtins() {
  types::TypePtr strings = Any(S(), SetOf(S()), ArrayOf(S()));
  return {
      fn("strings.any_prefix_match", kStrings, {{"search", strings}, {"base", strings}},
         {"result", B()})
          .impl(kAnyPrefixMatch),
      fn("strings.any_suffix_match", kStrings, {{"search", strings}, {"base", strings}},
         {"result", B()})
          .impl(kAnySuffixMatch),
      fn("concat", kStrings, {{"delimiter", S()}, {"collection", Any(SetOf(S()), ArrayOf(S()))}},
         {"output", S()})
          .impl(kConcat),
      fn("format_int", kStrings, {{"number", N()}, {"base", N()}}, {"output", S()})
          .impl(kFormatInt),
      fn("indexof", kStrings, {{"haystack", S()}, {"needle", S()}}, {"output", N()})
          .impl(kIndexOf),
      fn("indexof_n", kStrings, {{"haystack", S()}, {"needle", S()}}, {"output", ArrayOf(N())})
          .impl(kIndexOfN),
      fn("substring", kStrings, {{"value", S()}, {"offset", N()}, {"length", N()}},
         {"output", S()})
          .impl(kSubstring),
      fn("contains", kStrings, {{"haystack", S()}, {"needle", S()}}, {"result", B()})
          .impl(kContains),
      fn("strings.count", kStrings, {{"search", S()}, {"substring", S()}}, {"output", N()})
          .impl(kCount),
      fn("startswith", kStrings, {{"search", S()}, {"base", S()}}, {"result", B()})
          .impl(kStartsWith),
      fn("endswith", kStrings, {{"search", S()}, {"base", S()}}, {"result", B()})
          .impl(kEndsWith),
      fn("lower", kStrings, {{"x", S()}}, {"y", S()}).impl(kLower),
      fn("upper", kStrings, {{"x", S()}}, {"y", S()}).impl(kUpper),
      fn("split", kStrings, {{"x", S()}, {"delimiter", S()}}, {"ys", ArrayOf(S())}).impl(kSplit),
      fn("replace", kStrings, {{"x", S()}, {"old", S()}, {"new", S()}}, {"y", S()})
          .impl(kReplace),
      // OPA declares no category for replace_n.
      fn("strings.replace_n", kStrings, {{"patterns", ObjectOf(S(), S())}, {"value", S()}},
         {"output", S()})
          .impl(kReplaceN),
      fn("trim", kStrings, {{"value", S()}, {"cutset", S()}}, {"output", S()}).impl(kTrim),
      fn("trim_left", kStrings, {{"value", S()}, {"cutset", S()}}, {"output", S()})
          .impl(kTrimLeft),
      fn("trim_prefix", kStrings, {{"value", S()}, {"prefix", S()}}, {"output", S()})
          .impl(kTrimPrefix),
      fn("trim_right", kStrings, {{"value", S()}, {"cutset", S()}}, {"output", S()})
          .impl(kTrimRight),
      fn("trim_suffix", kStrings, {{"value", S()}, {"suffix", S()}}, {"output", S()})
          .impl(kTrimSuffix),
      fn("trim_space", kStrings, {{"value", S()}}, {"output", S()}).impl(kTrimSpace),
      fn("sprintf", kStrings, {{"format", S()}, {"values", ArrayOf(A())}}, {"output", S()})
          .impl(kSprintf),
      fn("strings.reverse", kStrings, {{"x", S()}}, {"y", S()}).impl(kReverse),
      // Go's text/template: go_template.h.
      fn("strings.render_template", kStrings, {{"value", S()}, {"vars", ObjectOf(S(), A())}},
         {"result", S()}).impl(kRenderTemplate),
  };
}

}  // namespace assay::rego::builtins
