#pragma once

#include <nlohmann/json.hpp>

namespace spikefit::testing {

// A document (a sweep's, an evaluation's statistics) without its wall times (wall_s, and
// trial_wall_s among the statistics), which differ between runs.
inline nlohmann::json without_wall_times(nlohmann::json j) {
  if (j.is_object()) {
    j.erase("wall_s");
    j.erase("trial_wall_s");
    for (auto& [key, value] : j.items()) value = without_wall_times(value);
  } else if (j.is_array()) {
    for (auto& value : j) value = without_wall_times(value);
  }
  return j;
}

}  // namespace spikefit::testing
