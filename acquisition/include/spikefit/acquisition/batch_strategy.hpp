#pragma once

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "spikefit/acquisition/proposal_source.hpp"
#include "spikefit/surrogate/feasibility_model.hpp"
#include "spikefit/surrogate/posterior_model.hpp"

namespace spikefit::acquisition {

// What a strategy proposes from: everything observed so far and the models fitted on it, all in
// the unit cube [0, 1]^d with the objective MINIMISED.
struct ModelSet {
  at::Tensor observed_x;  // [n x d] every evaluated point (replicates included)
  at::Tensor observed_y;  // [n] objective in model units (standardised), NaN where infeasible
  // Posterior of the objective (a GP on the feasible rows); null while there is none.
  const surrogate::PosteriorModel* objective = nullptr;
  // P(feasible); null when every point is taken as feasible.
  const surrogate::FeasibilityModel* feasibility = nullptr;
};

struct ProposeRequest {
  int64_t q = 1;       // points wanted
  at::Tensor pending;  // [p x d] proposed but not yet evaluated (undefined or empty: none)
  uint64_t seed = 0;   // all randomness of this proposal
};

struct Proposal {
  at::Tensor x;                        // [q x d] in [0, 1]^d
  std::vector<ProposalSource> source;  // [q], never kReplicate
  // Every row is a new point, distinct from the others, from the observed and from the pending
  // points. Repeats of observed points (intensification) are not a strategy's choice: the study
  // that runs the strategy owns them.
};

// A batch strategy: propose(models, q, pending) -> X [q x d] (specs/bo_gp.md §1.3, §1.8).
// Strategies may keep state across rounds (trust regions); state() / restore() make it
// persistent so that a resumed study proposes as the uninterrupted one would.
class BatchStrategy {
 public:
  virtual ~BatchStrategy() = default;
  virtual std::string name() const = 0;
  virtual Proposal propose(const ModelSet& models, const ProposeRequest& request) = 0;
  virtual nlohmann::json state() const { return nlohmann::json::object(); }
  virtual void restore(const nlohmann::json& /*state*/) {}
};

// Scrambled Sobol points, ignoring the models: the initial design and the baseline.
std::unique_ptr<BatchStrategy> make_sobol_strategy(int64_t dims);

}  // namespace spikefit::acquisition
