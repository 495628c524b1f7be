#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

namespace spikefit::base {

// An enum's names, one table for both directions (to_string and parsing), e.g.
//   constexpr EnumNames<Color, 2> kColorNames{{{Color::kRed, "red"}, {Color::kBlue, "blue"}}};
template <typename Enum, std::size_t N>
struct EnumNames {
  std::pair<Enum, const char*> entries[N];

  // The name of `value`; "unknown" for a value the table lacks.
  constexpr const char* name(Enum value) const {
    for (const auto& entry : entries) {
      if (entry.first == value) return entry.second;
    }
    return "unknown";
  }
  // The value named `text`; nullopt when no entry has that name.
  std::optional<Enum> find(const std::string& text) const {
    for (const auto& entry : entries) {
      if (text == entry.second) return entry.first;
    }
    return std::nullopt;
  }
};

}  // namespace spikefit::base
