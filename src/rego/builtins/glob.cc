// glob.*: matching against glob patterns with delimiters, and quoting glob metacharacters; and
// the glob intersection behind regex.globs_match.
//
// glob.match follows github.com/gobwas/glob, which OPA uses: `*` is any run of non-delimiter
// characters, `**` any run at all, `?` one non-delimiter character, `[abc]` `[a-z]` `[!abc]`
// `[!a-z]` one character of (or not of) a list or range, `{a,b}` alternatives, `\` escapes. A
// pattern is translated to an anchored RE2 expression (linear-time matching) and cached.
#include <re2/re2.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "src/rego/builtins/table.h"
#include "src/rego/builtins/text_support.h"

namespace assay::rego::builtins {

namespace {

std::string rune_escape(char32_t r) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\x{%x}", static_cast<unsigned>(r));
  return buf;
}

// gobwas/glob's lexer and compiler, writing RE2 syntax.
class GlobTranslator {
 public:
  GlobTranslator(std::string_view pattern, const std::vector<char32_t>& delimiters)
      : pattern_(pattern) {
    if (delimiters.empty()) {
      not_delimiter_ = "(?s:.)";
    } else {
      not_delimiter_ = "[^";
      for (char32_t d : delimiters) not_delimiter_ += rune_escape(d);
      not_delimiter_ += "]";
    }
  }

  // The regex, or nullopt with *error set.
  std::optional<std::string> translate(std::string* error) {
    std::string out = "^(?s:";
    if (!sequence(&out, 0) || pos_ < pattern_.size()) {
      *error = error_.empty() ? "unexpected end of input" : error_;
      return std::nullopt;
    }
    return out + ")$";
  }

 private:
  bool at_end() const { return pos_ >= pattern_.size(); }
  char32_t peek() const {
    char32_t r;
    decode_rune(pattern_, pos_, &r);
    return r;
  }
  char32_t next() {
    char32_t r;
    pos_ += decode_rune(pattern_, pos_, &r);
    return r;
  }
  bool fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }

  // Items up to the end, or (inside braces) up to an unescaped ',' or '}'.
  bool sequence(std::string* out, int depth) {
    if (depth > 64) return fail("pattern nests too deeply");
    while (!at_end()) {
      char32_t r = peek();
      if (depth > 0 && (r == ',' || r == '}')) return true;
      if (r == '*') {
        next();
        if (!at_end() && peek() == '*') {
          next();
          *out += "(?s:.*)";
        } else {
          *out += not_delimiter_ + "*";
        }
      } else if (r == '?') {
        next();
        *out += not_delimiter_;
      } else if (r == '[') {
        next();
        if (!range(out)) return false;
      } else if (r == '{') {
        next();
        *out += "(?:";
        for (bool first = true;; first = false) {
          if (!first) *out += "|";
          if (!sequence(out, depth + 1)) return false;
          if (at_end()) return fail("unexpected end of input");
          if (next() == '}') break;
        }
        *out += ")";
      } else if (r == '\\') {
        next();
        if (at_end()) return fail("unexpected end of input");
        *out += rune_escape(next());
      } else {
        *out += rune_escape(next());
      }
    }
    return true;
  }

  // After '[': `!`? then either `lo-hi` or a list of characters, then ']'.
  bool range(std::string* out) {
    bool negated = false;
    if (!at_end() && peek() == '!') {
      next();
      negated = true;
    }
    std::string cls = negated ? "[^" : "[";
    if (at_end()) return fail("unexpected end of input");
    size_t save = pos_;
    char32_t lo = next();
    if (!at_end() && peek() == '-') {
      next();
      if (at_end()) return fail("unexpected end of input");
      char32_t hi = next();
      if (at_end()) return fail("unexpected end of input");
      if (next() != ']') return fail("expected close range character");
      if (hi < lo) return fail("hi character should be greater than lo character");
      *out += cls + rune_escape(lo) + "-" + rune_escape(hi) + "]";
      return true;
    }
    pos_ = save;
    size_t count = 0;
    while (!at_end() && peek() != ']') {
      char32_t r = next();
      if (r == '\\') {
        if (at_end()) return fail("unexpected end of input");
        r = next();
      }
      cls += rune_escape(r);
      ++count;
    }
    if (at_end()) return fail("unexpected end of input");
    next();  // ']'
    // An empty list matches nothing (or, negated, any one character).
    *out += count == 0 ? (negated ? "(?s:.)" : "[^\\x{0}-\\x{10ffff}]") : cls + "]";
    return true;
  }

  std::string_view pattern_;
  size_t pos_ = 0;
  std::string not_delimiter_;
  std::string error_;
};

BuiltinResult glob_match(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  std::vector<char32_t> delimiters;
  if (args[1].is_array()) {
    for (const Value& d : args[1].array_items()) {
      if (!d.is_string()) return element_type_error(2, args[1], d, "string");
      std::string_view s = d.as_string();
      char32_t r = 0;
      if (s.empty() || decode_rune(s, 0, &r) != s.size()) return element_type_error(2, args[1], d, "rune");
      delimiters.push_back(r);
    }
    if (delimiters.empty()) delimiters.push_back('.');
  } else if (!args[1].is_null()) {
    return operand_type_error(2, args[1], "one of {array, null}");
  }
  if (!args[2].is_string()) return operand_type_error(3, args[2], "string");
  std::string error;
  std::optional<std::string> regex = GlobTranslator(args[0].as_string(), delimiters).translate(&error);
  if (!regex) return builtin_error(error);
  auto re = compiled_regex(*regex, &error);
  if (!re) return builtin_error(error);
  std::string_view text = args[2].as_string();
  return BuiltinResult::value(Value::boolean(RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *re)));
}

BuiltinResult glob_quote_meta(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  std::string out;
  for (char c : args[0].as_string()) {
    if (std::string_view("*?\\[]{}").find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return BuiltinResult::value(Value::string(std::move(out)));
}

const BuiltinImplementation kGlobMatch{&glob_match};
const BuiltinImplementation kGlobQuoteMeta{&glob_quote_meta};

// ---- regex.globs_match: yashtewari/glob-intersection's syntax ------------------------------

// One token: a set of code-point ranges (or any character), repeated once or any number of
// times (`*`; `+` is written as the token followed by its starred copy).
struct GlobToken {
  bool any = false;
  std::vector<std::pair<char32_t, char32_t>> ranges;
  bool star = false;
};

bool tokens_overlap(const GlobToken& a, const GlobToken& b) {
  if (a.any || b.any) return true;
  for (const auto& [lo1, hi1] : a.ranges) {
    for (const auto& [lo2, hi2] : b.ranges) {
      if (lo1 <= hi2 && lo2 <= hi1) return true;
    }
  }
  return false;
}

std::optional<std::vector<GlobToken>> tokenize_glob(std::string_view glob, std::string* error) {
  std::vector<char32_t> runes;
  for (size_t i = 0; i < glob.size();) {
    char32_t r;
    i += decode_rune(glob, i, &r);
    runes.push_back(r);
  }
  auto invalid = [&](size_t pos, const std::string& message) {
    *error = "input:" + std::string(glob) + ", pos:" + std::to_string(pos) + ", " + message +
             ": the input provided is invalid";
    return std::nullopt;
  };
  std::vector<GlobToken> tokens;
  size_t i = 0;
  // The rune at i, whether it was escaped; advances i.
  auto next_rune = [&](char32_t* r, bool* escaped) -> bool {
    if (runes[i] == '\\') {
      if (i + 1 >= runes.size()) return false;
      *r = runes[i + 1];
      *escaped = true;
      i += 2;
      return true;
    }
    *r = runes[i++];
    *escaped = false;
    return true;
  };
  while (i < runes.size()) {
    char32_t r;
    bool escaped;
    if (!next_rune(&r, &escaped)) return invalid(i, "input ends with a \\ (escape) character");
    GlobToken token;
    if (!escaped && r == '.') {
      token.any = true;
    } else if (!escaped && r == ']') {
      return invalid(i, "set-close ']' with no preceding '['");
    } else if (!escaped && (r == '*' || r == '+')) {
      std::string flag;
      append_rune(&flag, r);
      return invalid(i, "flag '" + flag + "' must be preceded by a non-flag");
    } else if (!escaped && r == '[') {
      bool complete = false, have_prev = false;
      char32_t prev = 0;
      while (!complete && i < runes.size()) {
        if (!next_rune(&r, &escaped)) return invalid(i, "input ends with a \\ (escape) character");
        if (escaped) {
          token.ranges.emplace_back(r, r);
          prev = r;
          have_prev = true;
        } else if (r == ']') {
          complete = true;
        } else if (r == '-') {
          if (!have_prev) return invalid(i, "range character '-' must be preceded by a Unicode character");
          if (i >= runes.size() - 1) return invalid(i, "range character '-' must be followed by a Unicode character");
          char32_t hi;
          if (!next_rune(&hi, &escaped)) return invalid(i, "input ends with a \\ (escape) character");
          if (!escaped && (hi == ']' || hi == '-')) return invalid(i, "range character '-' cannot be followed by a special symbol");
          if (hi < prev) {
            std::string lo_text, hi_text;
            append_rune(&lo_text, prev);
            append_rune(&hi_text, hi);
            return invalid(i, "range is out of order: '" + hi_text + "' comes before '" + lo_text + "' in Unicode");
          }
          token.ranges.emplace_back(prev, hi);
          have_prev = false;
        } else {
          token.ranges.emplace_back(r, r);
          prev = r;
          have_prev = true;
        }
      }
      if (!complete) return invalid(i, "found [ without matching ]");
    } else {
      token.ranges.emplace_back(r, r);
    }
    if (i < runes.size() && (runes[i] == '*' || runes[i] == '+')) {
      if (runes[i] == '+') tokens.push_back(token);
      token.star = true;
      ++i;
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

}  // namespace

std::optional<bool> globs_intersect(std::string_view glob1, std::string_view glob2,
                                    std::string* error) {
  std::optional<std::vector<GlobToken>> a = tokenize_glob(glob1, error);
  if (!a) return std::nullopt;
  std::optional<std::vector<GlobToken>> b = tokenize_glob(glob2, error);
  if (!b) return std::nullopt;
  // Reachability over pairs of positions (i in a, j in b): the product of the two automata.
  const size_t width = b->size() + 1;
  if ((a->size() + 1) * width > 20'000'000) {
    *error = "globs too large";
    return std::nullopt;
  }
  std::vector<bool> seen((a->size() + 1) * width, false);
  std::vector<std::pair<size_t, size_t>> stack{{0, 0}};
  seen[0] = true;
  auto visit = [&](size_t i, size_t j) {
    if (!seen[i * width + j]) {
      seen[i * width + j] = true;
      stack.emplace_back(i, j);
    }
  };
  while (!stack.empty()) {
    auto [i, j] = stack.back();
    stack.pop_back();
    if (i == a->size() && j == b->size()) return true;
    if (i < a->size() && (*a)[i].star) visit(i + 1, j);
    if (j < b->size() && (*b)[j].star) visit(i, j + 1);
    if (i < a->size() && j < b->size() && tokens_overlap((*a)[i], (*b)[j])) {
      visit((*a)[i].star ? i : i + 1, (*b)[j].star ? j : j + 1);
    }
  }
  return false;
}

Rows glob_builtins() {
  return {
      // `delimiters` may be null: match without delimiters.
      fn("glob.match", "glob",
         {{"pattern", S()}, {"delimiters", Any(ArrayOf(S()), Nl())}, {"match", S()}},
         {"result", B()})
          .impl(kGlobMatch),
      fn("glob.quote_meta", "glob", {{"pattern", S()}}, {"output", S()}).impl(kGlobQuoteMeta),
  };
}

}  // namespace assay::rego::builtins
