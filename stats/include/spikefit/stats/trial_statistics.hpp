#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <string>

#include "spikefit/engine/network_spec.hpp"
#include "spikefit/engine/recording.hpp"
#include "spikefit/stats/neuron_selection.hpp"

namespace spikefit::stats {

enum class DimensionMethod {
  kCvSkip,          // SNOPS: 5-fold CV over {0, 1, 3, ..., dims/2} with neighbour refinement
  kEigenThreshold,  // fast: eigenvalues of the correlation matrix above the Marchenko-Pastur edge
};

struct StatisticsOptions {
  SelectionOptions selection;
  DimensionMethod dimension = DimensionMethod::kCvSkip;
  double max_mean_rate_hz = 60.0;  // SNOPS's low_rate_flag: above this the trial is infeasible
  double shared_threshold = 0.95;  // d_shared: modes explaining this share of shared variance
};

// The SNOPS statistics of one trial (specs/snops.md §3), each the mean over the neuron draws.
struct TrialStatistics {
  bool feasible = false;
  std::string reason;  // why not feasible
  uint32_t active_neurons = 0;
  double rate = 0, fano = 0, rsc_fisher_z = 0, pct_shared = 0, d_shared = 0;
  Eigen::VectorXd eigenspectrum;  // [neurons per draw]
  double mean_latent_dims = 0;    // mean chosen q (diagnostic)
};

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
