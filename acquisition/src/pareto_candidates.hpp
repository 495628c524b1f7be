#pragma once

#include <ATen/ATen.h>

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

// Removes candidate j and those within min_distance of it from `available`.
void mark_taken(const at::Tensor& x, int64_t j, double min_distance, std::vector<bool>& available);

}  // namespace spikefit::acquisition::detail
