// A table of names for an enum, so that each enum's JSON spelling is written once and both
// directions (to text, from text) read the same table. constexpr data: thread-safe.
#pragma once

#include <array>
#include <string_view>
#include <utility>

namespace assay {

template <typename Enum, size_t N>
struct EnumNames {
  std::array<std::pair<Enum, std::string_view>, N> entries;

  constexpr std::string_view name(Enum value) const {
    for (const auto& [e, text] : entries) {
      if (e == value) return text;
    }
    return entries[0].second;
  }
  // Returns false, leaving `out` untouched, when `text` names no value.
  constexpr bool parse(std::string_view text, Enum& out) const {
    for (const auto& [e, name] : entries) {
      if (name == text) {
        out = e;
        return true;
      }
    }
    return false;
  }
};

template <typename Enum, typename... Entries>
constexpr auto enum_names(Entries... entries) {
  return EnumNames<Enum, sizeof...(Entries)>{{{entries...}}};
}

}  // namespace assay
