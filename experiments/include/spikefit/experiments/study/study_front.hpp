#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "spikefit/acquisition/hypervolume.hpp"
#include "spikefit/experiments/study/point_summary.hpp"
#include "spikefit/experiments/study/study_storage.hpp"

namespace spikefit::experiments {

// A point of a multi-objective study judged by its replicate means (the noise-aware front: a
// point is on the front by the mean of its evaluations' objectives, not by a lucky repeat).
struct ObjectivePoint {
  PointSummary summary;
  std::vector<double> objectives;  // [k] replicate means
};

// The feasible points (every repeat feasible, SNOPS's rule) whose objectives are all finite, in
// order of first evaluation.
std::vector<ObjectivePoint> objective_points(const std::vector<StoredEvaluation>& evaluations);

// The non-dominated ones among `points`, in their order.
std::vector<ObjectivePoint> nondominated(const std::vector<ObjectivePoint>& points);

// The front of the study so far and its hypervolume against `reference` [k] (exact up to 4
// objectives, Monte Carlo with its standard error above).
struct FrontStatus {
  std::size_t size = 0;
  acquisition::HypervolumeEstimate hypervolume;
};
FrontStatus front_status(const std::vector<StoredEvaluation>& evaluations,
                         const std::vector<double>& reference);

// The report's trace: the hypervolume of the front after each round's last stored evaluation
// (storing order), with the evaluations stored and the study wall time then. Up to 4 objectives
// exact; above, Monte Carlo estimates.
struct HypervolumeStep {
  int64_t evaluations = 0;
  double elapsed_s = 0.0;
  double hypervolume = 0.0;
};
std::vector<HypervolumeStep> hypervolume_trace(const std::vector<StoredEvaluation>& evaluations,
                                               const std::vector<double>& reference);

// Intensification of a multi-objective study: the fit loop's replicate slots go to front points
// with fewer than max_replicates evaluations, the least repeated first (so every front point
// reaches min_replicates before any goes beyond), ties by first evaluation. At most `slots`.
std::vector<PointSummary> choose_front_replicates(const std::vector<ObjectivePoint>& front,
                                                  int64_t slots, int max_replicates);

}  // namespace spikefit::experiments
