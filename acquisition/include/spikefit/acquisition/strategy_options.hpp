#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "spikefit/acquisition/optimizer.hpp"
#include "spikefit/surrogate/posterior_model.hpp"

namespace spikefit::acquisition {

struct TrustRegionOptions {
  double length_init = 0.8;
  double length_min = 0.0078125;  // 0.5^7
  double length_max = 1.6;
  int success_tolerance = 3;  // consecutive improving batches before doubling (TuRBO paper)
  int failure_tolerance = 0;  // consecutive failing batches before halving; 0: ceil(max(4/q, d/q))
};

enum class GreedyAcquisition { kLogEi, kQLogNei };
enum class TrustRegionUse { kAuto, kAlways, kNever };  // auto: when d >= 10

// Options of the batch strategies, from JSON with the same (snake_case) names; every key is
// optional and an unknown key or a bad value is an error that names it.
struct StrategyOptions {
  int64_t candidates = 0;  // Thompson candidate-set size; 0: default_candidate_count(d)
  // ts: how its samples are drawn (keys thompson_sampler = auto | exact | pathwise,
  // pathwise_min_points, pathwise_features); turbo and mixed use the defaults
  surrogate::PosteriorSamplerOptions thompson_sampler;
  // greedy (LogEI): with more conditioned points than this (observed + pending + chosen) the
  // picks are the best raw samples, not polished by L-BFGS-B, whose every step costs O(n^2)
  int64_t greedy_polish_max_points = 1000;
  double min_distance = 0.0;  // de-duplication radius in the unit cube; 0: 1e-6 sqrt(d)
  OptimizerOptions optimizer{/*raw_samples=*/512, /*restarts=*/8};  // seed: set per pick
  double local_radius = 0.1;  // half-width of the boxes around the best points (TS, greedy)
  int64_t local_centres = 5;  // best points around which TS perturbs half of its candidates
  double feasibility_sobol_share = 0.1;  // Sobol filler of a feasibility-first batch

  // greedy picks: qLogNEI (noise-aware, specs/bo_gp.md §1.8) or analytic LogEI with f+ the
  // lowest posterior mean over the feasible observed points
  GreedyAcquisition greedy_acquisition = GreedyAcquisition::kQLogNei;
  int64_t mc_samples = 256;  // qLogNEI base samples
  int64_t baseline = 16;     // qLogNEI baseline rows (lowest posterior mean)

  TrustRegionOptions trust_region;
  // turbo / turbo-m: trust regions (0: 1 for turbo, 5 for turbo-m; > 1 makes turbo TuRBO-m)
  int64_t regions = 0;

  // mixed: shares of the batch; Thompson sampling takes the rest (0.85 by default)
  double greedy_share = 0.1;
  double sobol_share = 0.05;
  TrustRegionUse thompson_in_trust_region = TrustRegionUse::kAuto;

  static StrategyOptions from_json(const nlohmann::json& options);
};

}  // namespace spikefit::acquisition
