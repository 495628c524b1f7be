#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "spikefit/engine/recording.hpp"

namespace spikefit::experiments {

// Recorded cells from the Units table of an NWB file (/units): spike_times with its
// spike_times_index, the optional obs_intervals (with obs_intervals_index) and electrode_group
// columns. NWB times are in seconds.

// Which cells to read: unit ids (the table's id column) and electrode group names (the last
// component of the group's path, e.g. "shank1"); empty means every cell.
struct NwbUnitSelection {
  std::vector<int64_t> ids;
  std::vector<std::string> groups;
};

struct NwbUnit {
  int64_t id = 0;
  std::string group;                                  // "" when the table has no electrode_group
  std::vector<double> spike_times_s;                  // as stored
  std::vector<std::pair<double, double>> observed_s;  // obs_intervals [start, stop); may be empty
};

// The selected units, in table order. Errors name the file and the object inside it
// ("rec.nwb:/units/spike_times_index: ...") or the selection that matches nothing.
std::vector<NwbUnit> read_nwb_units(const std::string& path, const NwbUnitSelection& selection);

// The window [start, stop) in seconds that the units are binned over: `interval` when given,
// otherwise the span every selected unit was observed in (the intersection of their
// obs_intervals' extents). Throws when neither exists or the window is empty.
std::pair<double, double> nwb_window(const std::vector<NwbUnit>& units,
                                     const std::optional<std::pair<double, double>>& interval);

// The units binned into bins of bin_ms over the window (seconds), as spike_data.hpp's recordings.
engine::TrialRecording nwb_recording(const std::vector<NwbUnit>& units, double bin_ms,
                                     std::pair<double, double> window_s);

}  // namespace spikefit::experiments
