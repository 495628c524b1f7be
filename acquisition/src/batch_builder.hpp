#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

#include "spikefit/acquisition/batch_strategy.hpp"
#include "spikefit/acquisition/distinct_set.hpp"

namespace spikefit::acquisition {

// The batch under construction: every non-replicate row is kept at least min_distance away from
// the observed, the pending and the already chosen rows.
class BatchBuilder {
 public:
  // min_distance 0: DistinctSet::default_min_distance(d).
  BatchBuilder(const ModelSet& models, const ProposeRequest& request, double min_distance);

  int64_t dims() const { return dims_; }
  int64_t wanted() const { return wanted_; }
  int64_t size() const { return static_cast<int64_t>(sources_.size()); }
  int64_t remaining() const { return wanted_ - size(); }

  // Adds row [d] if it is distinct; returns whether it was added.
  bool try_add(const at::Tensor& row, ProposalSource source);
  // Adds space-filling points of [lower, upper] (undefined: the unit cube) until `target` rows;
  // throws std::runtime_error when no distinct points can be found.
  void fill(int64_t target, ProposalSource source, uint64_t seed,
            const at::Tensor& lower = at::Tensor(), const at::Tensor& upper = at::Tensor());

  at::Tensor chosen() const;              // [k x d] rows so far
  at::Tensor pending_and_chosen() const;  // [(p + k) x d]
  Proposal finish() const;                // exactly wanted() rows

 private:
  int64_t dims_;
  int64_t wanted_;
  DistinctSet distinct_;
  at::Tensor pending_;        // [p x d]
  std::vector<double> rows_;  // [k x d]
  std::vector<ProposalSource> sources_;
};

// Validates the inputs of a proposal (shapes, unit cube, q >= 1); names what is wrong.
void check_proposal_inputs(const ModelSet& models, const ProposeRequest& request, int64_t dims);

// The observed objective as the strategies judge it, noise-aware (specs/snops.md §5: SNOPS's
// incumbent is the lowest posterior mean over the feasible observed points): [n], the objective
// GP's posterior mean at each feasible observed row, NaN where infeasible, so that a lucky
// replicate is not taken for the best point; observed_y itself while there is no GP.
at::Tensor judged_objective(const ModelSet& models);

// Row index of the lowest finite entry of values [n] among rows [from, to) (to < 0: all rows from
// `from`), or -1 when there is none.
int64_t lowest_index(const at::Tensor& values, int64_t from = 0, int64_t to = -1);

// The noise-aware incumbent row: lowest_index(judged_objective(models), from, to).
int64_t incumbent_index(const ModelSet& models, int64_t from = 0, int64_t to = -1);

}  // namespace spikefit::acquisition
