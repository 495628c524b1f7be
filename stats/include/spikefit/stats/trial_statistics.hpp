#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "spikefit/engine/models/balanced/network_spec.hpp"
#include "spikefit/engine/recording.hpp"
#include "spikefit/stats/neuron_selection.hpp"
#include "spikefit/stats/spike_train_statistics.hpp"

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
  double shared_threshold = 0.95;  // d_shared: modes explaining this share of shared variance
  BandPowerOptions beta;           // beta_power: 13-30 Hz relative to 1-100 Hz by default
};

// The statistics of one trial: SNOPS's six (specs/snops.md §3, each the mean over the neuron
// draws of the count population), cv_isi and beta_power of the count population, and per
// population "rate.<pop>", "cv_isi.<pop>", "beta_power.<pop>".
struct TrialStatistics {
  bool feasible = false;
  std::string reason;  // why not feasible
  uint32_t active_neurons = 0;
  double rate = 0, fano = 0, rsc_fisher_z = 0, pct_shared = 0, d_shared = 0;
  Eigen::VectorXd eigenspectrum;  // [neurons per draw]
  double mean_latent_dims = 0;    // mean chosen q (diagnostic)
  double cv_isi = 0, beta_power = 0;
  std::map<std::string, double> per_population;

  // The named statistic as a vector (one entry for scalars); nullopt for an unknown name.
  std::optional<std::vector<double>> value(const std::string& name) const;
};

// Names of the statistics every trial has (per-population ones come on top).
const std::vector<std::string>& statistic_names();

// Statistics of the count population of `rec`; `seed` keys the neuron draws, CV folds and FA
// initialisations. Failed trials (runaway, error), too few active cells, too high a rate and NaN
// statistics are infeasible with a reason.
TrialStatistics compute_statistics(const engine::TrialRecording& rec,
                                   const StatisticsOptions& options, uint64_t seed);

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
