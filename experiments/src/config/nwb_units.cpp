#include "spikefit/experiments/config/nwb_units.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "hdf5_file.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/config/spike_data.hpp"

namespace spikefit::experiments {

namespace {

const std::string kUnits = "/units";

// A ragged column (values + its _index of end offsets) split into one range per row:
// row i holds values [ends[i-1], ends[i]). rows_expected is the table's length.
std::vector<std::pair<std::size_t, std::size_t>> ragged_rows(const Hdf5File& file,
                                                             const std::string& column,
                                                             std::size_t values,
                                                             std::size_t rows_expected) {
  const std::string index = column + "_index";
  const std::vector<int64_t> ends = file.read_integers(index);
  if (ends.size() != rows_expected) {
    throw file.error(index, "has " + std::to_string(ends.size()) + " rows, the table " +
                                std::to_string(rows_expected));
  }
  std::vector<std::pair<std::size_t, std::size_t>> rows;
  int64_t begin = 0;
  for (const int64_t end : ends) {
    if (end < begin || end > static_cast<int64_t>(values)) {
      throw file.error(index, "row " + std::to_string(rows.size()) + " ends at " +
                                  std::to_string(end) + ", outside [" + std::to_string(begin) +
                                  ", " + std::to_string(values) + "] of " + column);
    }
    rows.emplace_back(static_cast<std::size_t>(begin), static_cast<std::size_t>(end));
    begin = end;
  }
  return rows;
}

// Times must be finite numbers.
void check_finite(const Hdf5File& file, const std::string& dataset,
                  const std::vector<double>& values) {
  const auto bad =
      std::find_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); });
  if (bad != values.end()) {
    throw file.error(dataset, "value " + std::to_string(bad - values.begin()) + " is " +
                                  base::number_text(*bad) + ", not a time");
  }
}

// The electrode group name of each row ("" for all when the column is absent).
std::vector<std::string> group_names(const Hdf5File& file, std::size_t rows) {
  const std::string column = kUnits + "/electrode_group";
  if (!file.has(column)) return std::vector<std::string>(rows);
  std::vector<std::string> names = file.read_reference_paths(column);
  if (names.size() != rows) {
    throw file.error(
        column, "has " + std::to_string(names.size()) + " rows, the table " + std::to_string(rows));
  }
  for (std::string& name : names) name = name.substr(name.rfind('/') + 1);
  return names;
}

// Per row, the [start, stop) pairs of obs_intervals (none when the column is absent).
std::vector<std::vector<std::pair<double, double>>> observed_intervals(const Hdf5File& file,
                                                                       std::size_t rows) {
  const std::string column = kUnits + "/obs_intervals";
  if (!file.has(column)) return std::vector<std::vector<std::pair<double, double>>>(rows);
  const std::vector<uint64_t> shape = file.shape(column);
  if (shape.size() != 2 || shape[1] != 2) throw file.error(column, "is not an [n x 2] table");
  const std::vector<double> bounds = file.read_doubles(column);
  check_finite(file, column, bounds);
  std::vector<std::vector<std::pair<double, double>>> out;
  for (const auto& [begin, end] : ragged_rows(file, column, shape[0], rows)) {
    out.emplace_back();
    for (std::size_t k = begin; k < end; ++k)
      out.back().emplace_back(bounds[2 * k], bounds[2 * k + 1]);
  }
  return out;
}

template <typename T>
bool selected(const std::vector<T>& wanted, const T& value) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

// Every requested id and group must name something in the table.
void check_selection(const Hdf5File& file, const NwbUnitSelection& selection,
                     const std::vector<int64_t>& ids, const std::vector<std::string>& groups) {
  for (const int64_t id : selection.ids) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
      throw file.error(kUnits + "/id", "has no unit " + std::to_string(id));
    }
  }
  for (const std::string& group : selection.groups) {
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) {
      std::vector<std::string> present = groups;
      std::sort(present.begin(), present.end());
      present.erase(std::unique(present.begin(), present.end()), present.end());
      std::string list;
      for (const std::string& g : present) list += (list.empty() ? "" : ", ") + g;
      throw file.error(kUnits + "/electrode_group",
                       "no unit is in group '" + group + "' (the groups: " + list + ")");
    }
  }
}

}  // namespace

std::vector<NwbUnit> read_nwb_units(const std::string& path, const NwbUnitSelection& selection) {
  const Hdf5File file(path);
  if (!file.has(kUnits)) throw file.error(kUnits, "missing: the file has no Units table");
  const std::vector<int64_t> ids = file.read_integers(kUnits + "/id");
  const std::vector<double> times = file.read_doubles(kUnits + "/spike_times");
  check_finite(file, kUnits + "/spike_times", times);
  const auto spike_rows = ragged_rows(file, kUnits + "/spike_times", times.size(), ids.size());
  const std::vector<std::string> groups = group_names(file, ids.size());
  const auto observed = observed_intervals(file, ids.size());
  check_selection(file, selection, ids, groups);
  std::vector<NwbUnit> units;
  for (std::size_t row = 0; row < ids.size(); ++row) {
    if (!selected(selection.ids, ids[row]) || !selected(selection.groups, groups[row])) continue;
    const auto [begin, end] = spike_rows[row];
    units.push_back({ids[row], groups[row],
                     std::vector<double>(times.begin() + begin, times.begin() + end),
                     observed[row]});
  }
  if (units.empty()) throw file.error(kUnits, "no unit matches the selection");
  return units;
}

std::pair<double, double> nwb_window(const std::vector<NwbUnit>& units,
                                     const std::optional<std::pair<double, double>>& interval) {
  if (interval) {
    if (!(interval->second > interval->first)) {
      throw base::UsageError("--interval", "its stop must be after its start");
    }
    return *interval;
  }
  double start = -std::numeric_limits<double>::infinity();
  double stop = std::numeric_limits<double>::infinity();
  for (const NwbUnit& unit : units) {
    if (unit.observed_s.empty()) {
      throw base::UsageError(
          "--interval", "is required: unit " + std::to_string(unit.id) + " has no obs_intervals");
    }
    start = std::max(start, unit.observed_s.front().first);
    stop = std::min(stop, unit.observed_s.back().second);
  }
  if (!(stop > start)) {
    throw base::UsageError("--interval",
                           "is required: the selected units' obs_intervals do not overlap");
  }
  return {start, stop};
}

engine::TrialRecording nwb_recording(const std::vector<NwbUnit>& units, double bin_ms,
                                     std::pair<double, double> window_s) {
  std::vector<std::vector<double>> trains_ms;
  for (const NwbUnit& unit : units) {
    trains_ms.emplace_back();
    for (const double t : unit.spike_times_s) trains_ms.back().push_back(t * 1000.0);
  }
  return recording_from_spike_trains(std::move(trains_ms), bin_ms, window_s.first * 1000.0,
                                     window_s.second * 1000.0);
}

}  // namespace spikefit::experiments
