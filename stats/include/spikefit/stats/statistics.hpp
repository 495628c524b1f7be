#pragma once

#include <map>
#include <string>
#include <vector>

#include "spikefit/engine/recording.hpp"

namespace spikefit::stats {

// The statistics of one trial, by name: the currency between the statistics of every model, the
// cost (cost.hpp), target files (target.hpp) and the reports. A value is a vector: one entry for a
// scalar statistic ("rate", "beta.STN"), n for a vector one ("eigenspectrum" [neurons per draw]);
// NaN where it cannot be computed. Per-population statistics are named "<statistic>.<population>"
// ("rate.STN", "cv_isi.E"). `feasible` and `reason` say whether the trial may be scored at all
// (a runaway or failed trial, too few active cells, ...); the cost decides the rest.
struct Statistics {
  bool feasible = false;
  std::string reason;  // why not feasible
  std::map<std::string, std::vector<double>> values;

  void set(const std::string& name, double value) { values[name] = {value}; }
  void set(const std::string& name, std::vector<double> value) { values[name] = std::move(value); }
  bool has(const std::string& name) const { return values.count(name) != 0; }
  // The named value, or nullptr for a statistic that is not computed.
  const std::vector<double>* find(const std::string& name) const;
  // A scalar statistic; throws std::out_of_range naming a missing or vector statistic.
  double at(const std::string& name) const;
};

// An infeasible trial's statistics: no values, the reason.
Statistics infeasible_statistics(std::string reason);
// The statistics of a trial that did not run to the end (status runaway or error): infeasible,
// reason "<status>: <engine message>" (e.g. "runaway: more than 500 Hz").
Statistics failed_trial_statistics(const engine::TrialRecording& rec);

}  // namespace spikefit::stats
