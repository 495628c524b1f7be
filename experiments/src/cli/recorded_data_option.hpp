#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "spikefit/engine/recording.hpp"

namespace spikefit::experiments {

// Where `stats` and `targets` read recorded data from: exactly one of --counts / --spikes (CSV),
// --nwb (an NWB Units table, with --units / --electrode-group / --interval) or --mat with --var
// (a MATLAB count matrix or cell array of spike times), binned in --bin-ms.
struct RecordedDataOption {
  std::string counts, spikes, nwb, mat, variable;
  double bin_ms = 200.0, t_start_ms = 0.0, t_stop_ms = -1.0;
  std::vector<int64_t> units;
  std::vector<std::string> groups;
  std::vector<double> interval_s;

  void add_to(CLI::App& command);
  bool given() const;
  // The file read (for provenance).
  std::string file() const;
  // The recording of the chosen source; usage errors when the flags do not fit together.
  engine::TrialRecording read() const;
};

}  // namespace spikefit::experiments
