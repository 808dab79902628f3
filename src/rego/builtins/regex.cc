// regex.*: RE2 syntax matching, splitting, finding and replacing; the glob-intersection test
// regex.globs_match; and the deprecated re_match (now regex.match).
//
// OPA uses Go's regexp, whose syntax and leftmost-first semantics are RE2's; what Go adds on top
// (FindAll's rule for empty matches, Split, ReplaceAllString's $-expansion, its error texts) is
// reproduced here. Compiled patterns are shared through a bounded cache, as OPA keeps one.
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "src/rego/builtins/table.h"
#include "src/rego/builtins/text_support.h"

namespace assay::rego::builtins {

namespace {

// Go's regexp/syntax ErrorCode texts for RE2's codes.
std::string_view go_error_text(RE2::ErrorCode code) {
  switch (code) {
    case RE2::ErrorBadEscape: return "invalid escape sequence";
    case RE2::ErrorBadCharClass: return "invalid character class";
    case RE2::ErrorBadCharRange: return "invalid character class range";
    case RE2::ErrorMissingBracket: return "missing closing ]";
    case RE2::ErrorMissingParen: return "missing closing )";
    case RE2::ErrorUnexpectedParen: return "unexpected )";
    case RE2::ErrorTrailingBackslash: return "trailing backslash at end of expression";
    case RE2::ErrorRepeatArgument: return "missing argument to repetition operator";
    case RE2::ErrorRepeatSize: return "invalid repeat count";
    case RE2::ErrorRepeatOp: return "invalid nested repetition operator";
    case RE2::ErrorBadPerlOp: return "invalid or unsupported Perl syntax";
    case RE2::ErrorBadUTF8: return "invalid UTF-8";
    case RE2::ErrorBadNamedCapture: return "invalid named capture";
    case RE2::ErrorPatternTooLarge: return "expression too large";
    default: return "regexp/syntax: internal error";
  }
}

struct CachedRegex {
  std::shared_ptr<const RE2> regex;  // null when the pattern is invalid
  std::string error;
};

// OPA keeps at most 100 compiled patterns and drops an arbitrary one when full; so do we.
constexpr size_t kRegexCacheSize = 100;

std::mutex& cache_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::unordered_map<std::string, CachedRegex>& cache() {
  static std::unordered_map<std::string, CachedRegex> entries;
  return entries;
}

CachedRegex compile(std::string_view pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  auto regex = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (regex->ok()) return {regex, ""};
  std::string arg = regex->error_code() == RE2::ErrorTrailingBackslash ? "" : regex->error_arg();
  return {nullptr, "error parsing regexp: " + std::string(go_error_text(regex->error_code())) +
                       ": `" + arg + "`"};
}

// ---- Go's regexp algorithms over RE2 -------------------------------------------------------

// One match: pairs of byte offsets per group (group 0 is the whole match), -1 when a group did
// not take part.
using Match = std::vector<std::ptrdiff_t>;

bool match_at(const RE2& re, std::string_view text, size_t pos, Match* m) {
  int groups = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> pieces(static_cast<size_t>(groups));
  re2::StringPiece input(text.data(), text.size());
  if (!re.Match(input, pos, text.size(), RE2::UNANCHORED, pieces.data(), groups)) return false;
  m->assign(static_cast<size_t>(groups) * 2, -1);
  for (size_t g = 0; g < pieces.size(); ++g) {
    if (pieces[g].data() == nullptr) continue;
    (*m)[2 * g] = pieces[g].data() - text.data();
    (*m)[2 * g + 1] = (*m)[2 * g] + static_cast<std::ptrdiff_t>(pieces[g].size());
  }
  return true;
}

size_t rune_width_at(std::string_view text, size_t pos) {
  char32_t r;
  return pos < text.size() ? decode_rune(text, pos, &r) : 0;
}

// Go's Regexp.allMatches: successive non-overlapping matches; an empty match right after the
// previous match is skipped. At most `n` (all when n < 0).
std::vector<Match> all_matches(const RE2& re, std::string_view text, int64_t n) {
  std::vector<Match> out;
  if (n < 0) n = static_cast<int64_t>(text.size()) + 1;
  std::ptrdiff_t prev_end = -1;
  for (size_t pos = 0; static_cast<int64_t>(out.size()) < n && pos <= text.size();) {
    Match m;
    if (!match_at(re, text, pos, &m)) break;
    bool accept = true;
    if (m[1] == static_cast<std::ptrdiff_t>(pos)) {
      if (m[0] == prev_end) accept = false;
      size_t width = rune_width_at(text, pos);
      pos = width > 0 ? pos + width : text.size() + 1;
    } else {
      pos = static_cast<size_t>(m[1]);
    }
    prev_end = m[1];
    if (accept) out.push_back(std::move(m));
  }
  return out;
}

// Go's Regexp.Expand for ReplaceAllString: $1, ${1}, $name, ${name}, $$.
void expand(const RE2& re, std::string_view tmpl, std::string_view src, const Match& m,
            std::string* out) {
  const auto& names = re.NamedCapturingGroups();
  auto group_text = [&](size_t g) {
    if (2 * g + 1 < m.size() && m[2 * g] >= 0) {
      out->append(src.substr(static_cast<size_t>(m[2 * g]), static_cast<size_t>(m[2 * g + 1] - m[2 * g])));
    }
  };
  while (!tmpl.empty()) {
    size_t dollar = tmpl.find('$');
    if (dollar == std::string_view::npos) break;
    out->append(tmpl.substr(0, dollar));
    tmpl.remove_prefix(dollar + 1);
    if (!tmpl.empty() && tmpl[0] == '$') {
      out->push_back('$');
      tmpl.remove_prefix(1);
      continue;
    }
    bool brace = !tmpl.empty() && tmpl[0] == '{';
    size_t i = brace ? 1 : 0;
    size_t name_start = i;
    while (i < tmpl.size()) {
      char32_t r;
      size_t w = decode_rune(tmpl, i, &r);
      bool word = r == '_' || (r < 0x80 ? std::isalnum(static_cast<int>(r)) != 0 : r != 0xFFFD);
      if (!word) break;
      i += w;
    }
    std::string_view name = tmpl.substr(name_start, i - name_start);
    bool ok = !name.empty() && (!brace || (i < tmpl.size() && tmpl[i] == '}'));
    if (!ok) {  // malformed: the '$' is literal text
      out->push_back('$');
      continue;
    }
    tmpl.remove_prefix(brace ? i + 1 : i);
    bool numeric = std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (numeric) {
      if (name.size() <= 8) group_text(static_cast<size_t>(std::stoul(std::string(name))));
      continue;
    }
    auto it = names.find(std::string(name));
    if (it != names.end()) group_text(static_cast<size_t>(it->second));
  }
  out->append(tmpl);
}

// Go's Regexp.ReplaceAllString.
std::optional<std::string> replace_all(const RE2& re, std::string_view src, std::string_view tmpl) {
  std::string out;
  size_t last_end = 0, search = 0;
  while (search <= src.size()) {
    Match m;
    if (!match_at(re, src, search, &m)) break;
    out.append(src.substr(last_end, static_cast<size_t>(m[0]) - last_end));
    if (m[1] > static_cast<std::ptrdiff_t>(last_end) || m[0] == 0) expand(re, tmpl, src, m, &out);
    if (out.size() > kMaxOutputBytes) return std::nullopt;
    last_end = static_cast<size_t>(m[1]);
    size_t width = rune_width_at(src, search);
    if (search + width > static_cast<size_t>(m[1])) {
      search += width;
    } else if (search + 1 > static_cast<size_t>(m[1])) {
      ++search;
    } else {
      search = static_cast<size_t>(m[1]);
    }
  }
  out.append(src.substr(last_end));
  return out;
}

// ---- The built-ins -------------------------------------------------------------------------

std::optional<BuiltinResult> require_strings(std::span<const Value> args, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (!args[i].is_string()) return operand_type_error(static_cast<int>(i + 1), args[i], "string");
  }
  return std::nullopt;
}

std::optional<BuiltinResult> int_operand(const Value& v, int position, int64_t* out) {
  if (!v.is_number()) return operand_type_error(position, v, "number");
  std::optional<int64_t> i = v.as_number().is_integer() ? v.as_number().to_int64() : std::nullopt;
  if (!i) return operand_error(position, "must be integer number but got floating-point number");
  *out = *i;
  return std::nullopt;
}

Value string_value(std::string_view s) { return Value::string(std::string(s)); }

BuiltinResult is_valid(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return BuiltinResult::value(Value::boolean(false));
  std::string error;
  return BuiltinResult::value(Value::boolean(compiled_regex(args[0].as_string(), &error) != nullptr));
}

BuiltinResult match(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 2)) return *err;
  std::string error;
  auto re = compiled_regex(args[0].as_string(), &error);
  if (!re) return builtin_error(error);
  std::string_view text = args[1].as_string();
  bool matched = RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re);
  return BuiltinResult::value(Value::boolean(matched));
}

BuiltinResult split(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 2)) return *err;
  std::string error;
  auto re = compiled_regex(args[0].as_string(), &error);
  if (!re) return builtin_error(error);
  std::string_view s = args[1].as_string();
  std::vector<Value> parts;
  if (!args[0].as_string().empty() && s.empty()) {
    parts.push_back(string_value(""));
    return BuiltinResult::value(Value::array(std::move(parts)));
  }
  size_t begin = 0, end = 0;
  for (const Match& m : all_matches(*re, s, -1)) {  // Go's Split(s, -1)
    end = static_cast<size_t>(m[0]);
    if (m[1] != 0) parts.push_back(string_value(s.substr(begin, end - begin)));
    begin = static_cast<size_t>(m[1]);
  }
  if (end != s.size()) parts.push_back(string_value(s.substr(begin)));
  return BuiltinResult::value(Value::array(std::move(parts)));
}

BuiltinResult find_n(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 2)) return *err;
  int64_t n = 0;
  if (auto err = int_operand(args[2], 3, &n)) return *err;
  std::string error;
  auto re = compiled_regex(args[0].as_string(), &error);
  if (!re) return builtin_error(error);
  std::string_view s = args[1].as_string();
  std::vector<Value> found;
  for (const Match& m : all_matches(*re, s, n)) {
    found.push_back(string_value(s.substr(static_cast<size_t>(m[0]), static_cast<size_t>(m[1] - m[0]))));
  }
  return BuiltinResult::value(Value::array(std::move(found)));
}

BuiltinResult find_all_string_submatch_n(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 2)) return *err;
  int64_t n = 0;
  if (auto err = int_operand(args[2], 3, &n)) return *err;
  std::string error;
  auto re = compiled_regex(args[0].as_string(), &error);
  if (!re) return builtin_error(error);
  std::string_view s = args[1].as_string();
  std::vector<Value> outer;
  for (const Match& m : all_matches(*re, s, n)) {
    std::vector<Value> inner;
    for (size_t g = 0; g + 1 < m.size(); g += 2) {
      inner.push_back(m[g] < 0 ? string_value("")
                               : string_value(s.substr(static_cast<size_t>(m[g]), static_cast<size_t>(m[g + 1] - m[g]))));
    }
    outer.push_back(Value::array(std::move(inner)));
  }
  return BuiltinResult::value(Value::array(std::move(outer)));
}

BuiltinResult replace(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 3)) return *err;
  std::string error;
  auto re = compiled_regex(args[1].as_string(), &error);
  if (!re) return BuiltinResult::undefined();  // as OPA: a bad pattern makes it undefined
  std::optional<std::string> out = replace_all(*re, args[0].as_string(), args[2].as_string());
  if (!out) return builtin_error(std::string(kOutputTooLarge));
  return BuiltinResult::value(Value::string(std::move(*out)));
}

// The delimited parts of a template (OPA's delimiterIndices, from gorilla/mux): pairs of
// [start, end) offsets of each outermost delimited section, delimiters included.
std::optional<std::vector<size_t>> delimiter_indices(std::string_view s, char open, char close) {
  std::vector<size_t> indices;
  int level = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == open) {
      if (++level == 1) start = i;
    } else if (s[i] == close) {
      if (--level == 0) {
        indices.push_back(start);
        indices.push_back(i + 1);
      } else if (level < 0) {
        return std::nullopt;
      }
    }
  }
  if (level != 0) return std::nullopt;
  return indices;
}

BuiltinResult template_match(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 4)) return *err;
  std::string_view tmpl = args[0].as_string(), start = args[2].as_string(), end = args[3].as_string();
  if (start.size() != 1) {
    return builtin_error("start delimiter has to be exactly one character long but is " + std::to_string(start.size()) + " long");
  }
  if (end.size() != 1) {  // OPA reports the start delimiter's length here
    return builtin_error("end delimiter has to be exactly one character long but is " + std::to_string(start.size()) + " long");
  }
  std::optional<std::vector<size_t>> indices = delimiter_indices(tmpl, start[0], end[0]);
  if (!indices) {
    std::string error;
    std::optional<std::string> quoted = go_sprintf("%q", std::vector<Value>{args[0]}, &error);
    return builtin_error("unbalanced braces in " + quoted.value_or(""));
  }
  std::string pattern = "^";
  size_t last = 0;
  std::string error;
  for (size_t i = 0; i < indices->size(); i += 2) {
    std::string_view raw = tmpl.substr(last, (*indices)[i] - last);
    last = (*indices)[i + 1];
    std::string_view part = tmpl.substr((*indices)[i] + 1, last - (*indices)[i] - 2);
    if (!compiled_regex("^" + std::string(part) + "$", &error)) return builtin_error(error);
    pattern += regex_quote_meta(raw) + "(" + std::string(part) + ")";
  }
  pattern += regex_quote_meta(tmpl.substr(last)) + "$";
  auto re = compiled_regex(pattern, &error);
  if (!re) return builtin_error(error);
  std::string_view text = args[1].as_string();
  return BuiltinResult::value(Value::boolean(RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re)));
}

BuiltinResult globs_match(BuiltinContext&, std::span<const Value> args) {
  if (auto err = require_strings(args, 2)) return *err;
  std::string error;
  std::optional<bool> non_empty = globs_intersect(args[0].as_string(), args[1].as_string(), &error);
  if (!non_empty) return builtin_error(error);
  return BuiltinResult::value(Value::boolean(*non_empty));
}

const BuiltinImplementation kIsValid{&is_valid};
const BuiltinImplementation kMatch{&match};
const BuiltinImplementation kSplit{&split};
const BuiltinImplementation kGlobsMatch{&globs_match};
const BuiltinImplementation kTemplateMatch{&template_match};
const BuiltinImplementation kFindN{&find_n};
const BuiltinImplementation kFindAllStringSubmatchN{&find_all_string_submatch_n};
const BuiltinImplementation kReplace{&replace};

}  // namespace

std::shared_ptr<const RE2> compiled_regex(std::string_view pattern, std::string* error) {
  std::string key(pattern);
  {
    std::lock_guard<std::mutex> lock(cache_mutex());
    auto it = cache().find(key);
    if (it != cache().end()) {
      if (!it->second.regex) *error = it->second.error;
      return it->second.regex;
    }
  }
  CachedRegex compiled = compile(pattern);  // outside the lock: compiling can take a while
  if (!compiled.regex) *error = compiled.error;
  std::lock_guard<std::mutex> lock(cache_mutex());
  if (cache().size() >= kRegexCacheSize) cache().erase(cache().begin());
  cache().emplace(std::move(key), compiled);
  return compiled.regex;
}

std::string regex_quote_meta(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

Rows regex_builtins() {
  return {
      fn("regex.is_valid", "regex", {{"pattern", S()}}, {"result", B()}).impl(kIsValid),
      fn("regex.match", "regex", {{"pattern", S()}, {"value", S()}}, {"result", B()}).impl(kMatch),
      fn("re_match", "regex", {{"", S()}, {"", S()}}, {"", B()}).deprecated().impl(kMatch),
      fn("regex.split", "regex", {{"pattern", S()}, {"value", S()}}, {"output", ArrayOf(S())})
          .impl(kSplit),
      fn("regex.globs_match", "regex", {{"glob1", S()}, {"glob2", S()}}, {"result", B()})
          .impl(kGlobsMatch),
      fn("regex.template_match", "regex",
         {{"template", S()}, {"value", S()}, {"delimiter_start", S()}, {"delimiter_end", S()}},
         {"result", B()})
          .impl(kTemplateMatch),
      fn("regex.find_n", "regex", {{"pattern", S()}, {"value", S()}, {"number", N()}},
         {"output", ArrayOf(S())})
          .impl(kFindN),
      fn("regex.find_all_string_submatch_n", "regex",
         {{"pattern", S()}, {"value", S()}, {"number", N()}}, {"output", ArrayOf(ArrayOf(S()))})
          .impl(kFindAllStringSubmatchN),
      fn("regex.replace", "regex", {{"s", S()}, {"pattern", S()}, {"value", S()}}, {"output", S()})
          .impl(kReplace),
  };
}

}  // namespace assay::rego::builtins
