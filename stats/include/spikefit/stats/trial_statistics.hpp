#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <string>
#include <vector>

#include "spikefit/engine/recording.hpp"
#include "spikefit/stats/neuron_selection.hpp"
#include "spikefit/stats/spike_train_statistics.hpp"
#include "spikefit/stats/statistics.hpp"

namespace spikefit::stats {

enum class DimensionMethod {
  kCvSkip,          // SNOPS: 5-fold CV over {0, 1, 3, ..., dims/2} with neighbour refinement
  kEigenThreshold,  // fastest: correlation eigenvalues above the Marchenko-Pastur edge
  kCvLocal,         // fast: CV_skip's held-out likelihood, local search from the eigen threshold
};

struct StatisticsOptions {
  SelectionOptions selection;
  DimensionMethod dimension = DimensionMethod::kCvSkip;
  double max_mean_rate_hz = 60.0;  // SNOPS's low_rate_flag: above this the trial is infeasible
  // SNOPS's screening run (stage 1, specs/snops.md §4.2): feasible when the trial ran, enough cells
  // are active and rate and Fano are finite; no mean-rate cap, and the factor-analysis statistics
  // of a short run may be NaN.
  bool screen = false;
  double shared_threshold = 0.95;  // d_shared: modes explaining this share of shared variance
  BandPowerOptions beta;           // beta_power: 13-30 Hz relative to 1-100 Hz by default
};

// SNOPS's statistics of one trial, named (statistics.hpp): its six (specs/snops.md §3, each the
// mean over the neuron draws of the count population) "rate", "fano", "rsc_fisher_z",
// "pct_shared", "d_shared", "eigenspectrum" [neurons per draw]; "cv_isi" and "beta_power" of the
// count population; per population P "rate.P", "cv_isi.P", "beta_power.P"; and two diagnostics,
// "active_neurons" (cells above min_rate_hz) and "mean_latent_dims" (mean chosen q).
//
// The names of the statistics every feasible trial has, in SNOPS's order (the canonical order of
// target files); per-population ones and the diagnostics come on top.
const std::vector<std::string>& statistic_names();

// Statistics of the count population of `rec`; `seed` keys the neuron draws, CV folds and FA
// initialisations. Infeasible with a reason: failed trials (runaway, error: no values), too few
// active cells (only "active_neurons"), too high a mean rate and NaN statistics (all values).
Statistics compute_statistics(const engine::TrialRecording& rec, const StatisticsOptions& options,
                              uint64_t seed);

// The statistics of one count matrix [neurons x bins] (no selection): used per draw, and by
// `spikefit stats` on recorded counts.
struct DrawStatistics {
  bool ok = true;
  double rate = 0, fano = 0, rsc_fisher_z = 0, pct_shared = 0, d_shared = 0;
  Eigen::VectorXd eigenspectrum;
  int latent_dims = 0;
};
DrawStatistics draw_statistics(const Eigen::MatrixXd& counts, double bin_ms,
                               const StatisticsOptions& options, uint64_t seed);

// Latent dimensionality by the eigenvalue threshold: #{eigenvalues of the correlation matrix >
// (1 + sqrt(dims / points))^2}, at least 1 (SNOPS's singular fallback) when any exceeds it.
int eigen_threshold_dimension(const Eigen::MatrixXd& counts);

}  // namespace spikefit::stats
