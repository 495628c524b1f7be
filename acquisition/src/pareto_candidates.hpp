#pragma once

#include <ATen/ATen.h>

#include <functional>
#include <string>
#include <vector>

#include "spikefit/acquisition/pareto_strategy.hpp"

namespace spikefit::acquisition::detail {

// The discrete problem both multi-objective strategies solve: candidates, the points sampled
// jointly with them, and the samples.
struct ParetoCandidates {
  int64_t candidates = 0;  // m: columns [0, m) of the samples are candidates
  int64_t baseline = 0;    // b: columns [m, m + b) are the observed Pareto set and the pending
  at::Tensor x;            // [m x d] candidates in the unit cube
  std::vector<at::Tensor> samples;  // [k] of [S x (m + b)] joint posterior samples
  at::Tensor log_feasibility;       // [m]
  at::Tensor observed_feasible;     // [nf x k] observed feasible objective rows
  at::Tensor observed_front;        // [f x k] their non-dominated rows
};

// Sobol points and perturbations of the observed Pareto set, minus those within min_distance
// of an observed or pending point; validates the model set.
ParetoCandidates build_pareto_candidates(const ParetoModelSet& models,
                                         const ProposeRequest& request,
                                         const ParetoOptions& options);

// The sequential greedy loop both strategies run: q picks of distinct candidates of `c`.
// pick(t, available) is the t-th pick among the available candidates (-1: none left); take(j)
// conditions the later picks on it, and j and the candidates within min_distance of it are no
// longer available. Every row is kGreedy; std::runtime_error naming `strategy` when the
// candidates run out.
Proposal pick_sequentially(const ParetoCandidates& c, int64_t q, double min_distance,
                           const std::string& strategy,
                           const std::function<int64_t(int64_t, const std::vector<bool>&)>& pick,
                           const std::function<void(int64_t)>& take);

}  // namespace spikefit::acquisition::detail
