#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "spikefit/experiments/study/study_storage.hpp"

namespace spikefit::experiments {

// A distinct parameter vector and its replicates (fresh network realisations, fresh seeds).
struct PointSummary {
  int64_t point = 0;
  std::vector<double> x;  // [D] physical
  int evaluations = 0;
  bool feasible = false;   // every evaluation feasible (SNOPS: one infeasible repeat rules it out)
  double mean_cost = 0.0;  // over the evaluations (NaN when infeasible)
  double sd_cost = 0.0;    // unbiased, 0 with one evaluation
  double se_cost = 0.0;    // sd / sqrt(n); NaN with one evaluation (unknown)
  std::vector<int64_t> evaluation_ids;  // in storing order
};

// One summary per point, in order of first evaluation.
std::vector<PointSummary> summarise_points(const std::vector<StoredEvaluation>& evaluations);

// The incumbent, judged on replicate means: the feasible point with the lowest mean cost among
// those with at least min_replicates evaluations; while none has that many, the feasible point
// with the lowest mean. nullopt when no point is feasible.
std::optional<PointSummary> find_incumbent(const std::vector<PointSummary>& points,
                                           int min_replicates);

// Intensification in a batch (SNOPS §5.4 adapted), its one owner: the fit loop gives these points
// its replicate slots (strategies propose new points only). A feasible point with fewer than
// max_replicates evaluations is promising while its mean cost is below incumbent mean + 2 SE (SE
// taken as 0 while unknown) and either it has fewer than min_replicates evaluations (SNOPS's
// phase 1) or its SE = sd/sqrt(n) is above se_tol (phase 2; with one evaluation SE is 0, as
// SNOPS's std of one value; se_tol 0 drops the SE rule). The incumbent comes first while it has
// fewer than min_replicates, then by mean cost. At most `slots` points, one slot each.
std::vector<PointSummary> choose_replicates(const std::vector<PointSummary>& points,
                                            const std::optional<PointSummary>& incumbent,
                                            int64_t slots, int min_replicates, int max_replicates,
                                            double se_tol);

}  // namespace spikefit::experiments
