#pragma once

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "spikefit/acquisition/batch_strategy.hpp"
#include "spikefit/experiments/study/composite_cost_model.hpp"
#include "spikefit/experiments/study/round_proposer.hpp"
#include "spikefit/experiments/study/study_storage.hpp"
#include "spikefit/surrogate/exact_gp.hpp"
#include "spikefit/surrogate/feasibility_model.hpp"
#include "spikefit/surrogate/transforms.hpp"

namespace spikefit::experiments {

// The models one round proposes from, fitted on every stored evaluation (sorted by round and
// slot, so the fit does not depend on the order in which a resumed round stored them):
// - cost GP: Matern-5/2 ARD, MAP, on log(cost) of the feasible rows, standardised, inputs in the
//   unit cube (log-scaled where declared). Replicates enter as separate rows (all rows, not the
//   per-point mean): the GP's noise term then learns the replicate noise. A cost of exactly 0
//   enters at a tenth of the lowest positive cost (its log would be -inf).
// - feasibility: SNOPS's GP on the 0/1 labels of all rows, when both labels occur.
// - with a cost formula (`fit --model composite`), the statistics-level model instead of the cost
//   GP (composite_cost_model.hpp), on the same rows and the same standardised log-cost scale; the
//   cost GP while some statistic has fewer than 2 finite rows.
// As in the point summaries (summarise_points, SNOPS), one infeasible repeat rules a point out:
// every row of that point is an infeasible row for every model.
struct RoundModels {
  at::Tensor unit_x;    // [n x d]
  at::Tensor log_cost;  // [n], NaN where infeasible
  surrogate::Standardize standardize;
  std::unique_ptr<surrogate::ExactGp> cost;                    // null with < 2 feasible rows
  std::optional<CompositeCostModel> composite;                 // instead of `cost`, when asked
  std::unique_ptr<surrogate::LabelGpFeasibility> feasibility;  // null with one label only

  // The objective the strategies read: the composite model where fitted, else the cost GP.
  const surrogate::PosteriorModel* objective() const;
  acquisition::ModelSet model_set() const;
  // Hyperparameters and data sizes, for the round's record.
  nlohmann::json describe() const;
};

RoundModels fit_round_models(const surrogate::UnitCube& cube,
                             const std::vector<StoredEvaluation>& evaluations, uint64_t seed,
                             const CostFormula* composite = nullptr);

// `fit`'s rounds: the cost models above (seeded with the proposal seed; statistics-level with a
// cost formula) and a single-objective strategy.
class CostModelProposer final : public RoundProposer {
 public:
  explicit CostModelProposer(acquisition::BatchStrategy& strategy,
                             std::optional<CostFormula> composite = std::nullopt)
      : strategy_(strategy), composite_(std::move(composite)) {}
  std::string name() const override { return strategy_.name(); }
  nlohmann::json state() const override { return strategy_.state(); }
  void restore(const nlohmann::json& state) override { strategy_.restore(state); }
  acquisition::Proposal propose(const surrogate::UnitCube& cube,
                                const std::vector<StoredEvaluation>& evaluations,
                                const acquisition::ProposeRequest& request,
                                nlohmann::json& models) override;

 private:
  acquisition::BatchStrategy& strategy_;
  std::optional<CostFormula> composite_;
};

}  // namespace spikefit::experiments
