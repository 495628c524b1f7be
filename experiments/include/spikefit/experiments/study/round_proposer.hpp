#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "spikefit/acquisition/batch_strategy.hpp"
#include "spikefit/experiments/study/study_storage.hpp"
#include "spikefit/surrogate/transforms.hpp"

namespace spikefit::experiments {

// Where a model-based round's new points come from: models fitted on every stored evaluation and
// a strategy that proposes from them. The fit loop owns the rest (initial design, replicate
// slots, storage, evaluation, resuming), the same for `fit` (the cost models of
// round_models.hpp) and `bench-bo` (one model per test-function objective).
class RoundProposer {
 public:
  virtual ~RoundProposer() = default;
  virtual std::string name() const = 0;  // the strategy's, stored with each round
  // Strategy state across rounds, stored with each round so a resumed study proposes the same.
  virtual nlohmann::json state() const = 0;
  virtual void restore(const nlohmann::json& state) = 0;
  // Fits the round's models on `evaluations` (physical units; `cube` maps them to the unit cube)
  // and proposes request.q new points in the unit cube; request.q == 0 fits the models only.
  // `models` receives the models' description for the round's record.
  virtual acquisition::Proposal propose(const surrogate::UnitCube& cube,
                                        const std::vector<StoredEvaluation>& evaluations,
                                        const acquisition::ProposeRequest& request,
                                        nlohmann::json& models) = 0;
};

}  // namespace spikefit::experiments
