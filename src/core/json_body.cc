#include "src/core/json_body.h"

#include <nlohmann/json.hpp>
#include <string>

namespace assay {
namespace {

// Deepest nesting of arrays and objects, skipping over strings; stops early past `limit`.
size_t nesting_depth(std::string_view text, size_t limit, size_t& offset_of_excess) {
  size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (depth > limit) {
        offset_of_excess = i;
        return depth;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

Result<nlohmann::json> parse_json_body(std::string_view text, size_t max_depth) {
  size_t offset = 0;
  if (nesting_depth(text, max_depth, offset) > max_depth) {
    return Status::error("request_invalid", "JSON nests deeper than " + std::to_string(max_depth) +
                                                " levels at byte " + std::to_string(offset));
  }
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based and counts the byte that failed; report the 0-based offset of it.
    const size_t at = e.byte > 0 ? e.byte - 1 : 0;
    std::string what = e.what();
    // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 1, column 2: ".
    if (const size_t colon = what.find(": "); colon != std::string::npos)
      what = what.substr(colon + 2);
    return Status::error("request_invalid",
                         "malformed JSON at byte " + std::to_string(at) + ": " + what);
  }
}

}  // namespace assay
