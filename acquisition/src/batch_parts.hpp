#pragma once

#include <ATen/ATen.h>

#include <cstdint>

#include "batch_builder.hpp"
#include "spikefit/acquisition/strategy_options.hpp"
#include "spikefit/surrogate/posterior_model.hpp"

namespace spikefit::acquisition {

// The parts a batch is made of; each adds `count` rows to the builder (fewer only where noted).

// No feasible point yet: maximise log P(feasible) from many restarts (distinct optima,
// kFeasibility), then a feasibility_sobol_share of Sobol filler; without a feasibility model, all
// Sobol.
void add_feasibility_first(BatchBuilder& batch, const ModelSet& models, int64_t count,
                           const StrategyOptions& options, uint64_t seed);

// Thompson sampling over candidates [c x d]: `count` joint posterior samples of the objective,
// each contributing its best distinct candidate. With a feasibility model each sample also draws
// feasibility at every candidate, independently with probability P(feasible), and only candidates
// drawn feasible compete (a marginal Thompson draw of the classifier). May add fewer rows when the
// candidates run out. The samples are exact or pathwise as `sampler` says (by default exact below
// 1000 training points).
void add_thompson(BatchBuilder& batch, const ModelSet& models, const at::Tensor& candidates,
                  int64_t count, ProposalSource source, uint64_t seed,
                  const surrogate::PosteriorSamplerOptions& sampler = {});

// Candidates for global Thompson sampling: half space-filling in the cube, half perturbations of
// the best local_centres observed points inside boxes of half-width local_radius.
at::Tensor global_candidates(const ModelSet& models, const StrategyOptions& options, uint64_t seed);

// Sequential greedy with Kriging-believer fantasies in the box [lower, upper]: each pick maximises
// LogEI (or qLogNEI) + log P(feasible) on the GP conditioned on the pending points, the points
// chosen so far and the earlier picks, all at their posterior means. LogEI: the fantasies extend
// the factor (surrogate::IncrementalGp) and one set of raw samples is scored from its tracked,
// updated posterior; each pick is then polished by L-BFGS-B (options.optimizer.max_iterations),
// unless max_iterations is 0 or the GP would condition on more than
// options.greedy_polish_max_points points: then it is the best distinct raw sample, and a pick
// costs O((n + k) r) instead of O(n^2) per optimiser step.
void add_greedy(BatchBuilder& batch, const ModelSet& models, int64_t count, const at::Tensor& lower,
                const at::Tensor& upper, const StrategyOptions& options, uint64_t seed);

}  // namespace spikefit::acquisition
