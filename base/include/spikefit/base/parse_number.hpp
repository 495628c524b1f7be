#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace spikefit::base {

namespace detail {

// convert(text, &used) (std::stod, std::stoll, ...) and the characters it used; nullopt when it
// throws (no number, out of range).
template <typename Convert>
auto leading_number(const std::string& text, Convert convert)
    -> std::optional<std::pair<decltype(convert(text, nullptr)), std::size_t>> {
  std::size_t used = 0;
  try {
    const auto v = convert(text, &used);
    return std::make_pair(v, used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace detail

// `text` as a finite number (std::stod: leading white space skipped) when nothing follows the
// number but characters of `ignored_tail`; nullopt otherwise.
inline std::optional<double> parse_finite(const std::string& text, const char* ignored_tail = "") {
  const auto n = detail::leading_number(
      text, [](const std::string& t, std::size_t* used) { return std::stod(t, used); });
  if (!n || text.find_first_not_of(ignored_tail, n->second) != std::string::npos ||
      !std::isfinite(n->first)) {
    return std::nullopt;
  }
  return n->first;
}

// `text` as a whole integer (std::stoll); nullopt when anything else is in it or it is out of
// range.
inline std::optional<int64_t> parse_integer(const std::string& text) {
  const auto n = detail::leading_number(
      text, [](const std::string& t, std::size_t* used) { return std::stoll(t, used); });
  if (!n || n->second != text.size()) return std::nullopt;
  return static_cast<int64_t>(n->first);
}

}  // namespace spikefit::base
