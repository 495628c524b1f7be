#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "spikefit/experiments/study/study_storage.hpp"

namespace spikefit::experiments {

struct ReportOptions {
  std::string out_dir;
  std::string backend = "cpu";  // for re-simulating the best network
  int threads = 0;
  bool raster = true;  // simulation studies: re-simulate the incumbent with a raster
  uint32_t raster_neurons = 200;
  double raster_window_ms = 2000.0;  // shown after the burn-in
  // >= 0: the best parameters, statistics and raster describe this stored point (e.g. one picked
  // by `spikefit pareto`) instead of the incumbent; base::UsageError unless it is feasible.
  int64_t point = -1;
};

// Writes into out_dir: report.html (self-contained: PNGs embedded as base64, tables inline),
// report.json (incumbent with replicate spread, target-vs-fit table, traces), evaluations.csv,
// statistics.csv, and the plots as PNG and SVG (gnuplot): cost_vs_evaluations, cost_vs_time,
// parameter_traces, statistics, and for simulation studies raster (the incumbent re-simulated
// from its stored trial seed); for a multi-objective study also the Pareto front (2-D scatter or
// pairwise scatter matrix, points coloured by round), the hypervolume against evaluations and
// wall time, and the table of front points ("pareto" in report.json). Returns report.json's
// content.
nlohmann::json write_study_report(const StudyStorage& storage, const ReportOptions& options);

}  // namespace spikefit::experiments
