#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "spikefit/experiments/benchmark/power_law_fit.hpp"
#include "spikefit/experiments/benchmark/scale_cell.hpp"

namespace spikefit::experiments {

// The analyses of a scaling study's finished cells ("ok"); repeats of a cell are reduced to their
// median wall time and largest memory.

// One (batch, threads) series over network sizes: wall per simulated second and peak host memory
// above the baseline against neurons per trial, each with its fitted power law.
struct SizeSeries {
  int64_t batch = 1;
  int threads = 1;
  std::vector<double> neurons, wall_per_simulated_s, memory_bytes;  // [sizes], by neurons
  PowerLawFit wall_fit, memory_fit;
};

// Strong scaling: a fixed (size, batch) over thread counts; speed-up and efficiency against the
// fewest threads t0: S(t) = wall(t0) / wall(t), E(t) = S(t) · t0 / t.
struct StrongScaling {
  double size_factor = 1.0;
  int64_t batch = 1;
  uint64_t neurons = 0;
  std::vector<int> threads;
  std::vector<double> wall_s, speedup, efficiency;
};

// Weak scaling: the work per thread (neurons · batch / threads) held fixed while threads grow —
// size ∝ threads or batch ∝ threads; efficiency E(t) = wall(t0) / wall(t).
struct WeakScaling {
  double neuron_trials_per_thread = 0.0;
  std::vector<int> threads;
  std::vector<double> size_factor;
  std::vector<int64_t> batch;
  std::vector<double> wall_s, efficiency;
};

struct ScaleAnalysis {
  std::vector<SizeSeries> sizes;      // series with at least one size
  std::vector<StrongScaling> strong;  // groups with at least two thread counts
  std::vector<WeakScaling> weak;      // groups with at least two thread counts
};

ScaleAnalysis analyse_scale_cells(const std::vector<ScaleCell>& cells);

// summary.json's "exponents", "strong_scaling" and "weak_scaling".
nlohmann::json scale_analysis_json(const ScaleAnalysis& analysis);
// The same as lines of text (summary.txt).
std::string scale_analysis_text(const ScaleAnalysis& analysis);

}  // namespace spikefit::experiments
