#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "spikefit/acquisition/batch_strategy.hpp"
#include "spikefit/acquisition/pareto_strategy.hpp"
#include "spikefit/experiments/evaluation/test_functions.hpp"
#include "spikefit/experiments/study/round_proposer.hpp"
#include "spikefit/surrogate/exact_gp.hpp"

namespace spikefit::experiments {

// bench-bo's rounds: one objective model per test-function objective on the feasible rows
// (surrogate::fit_objective_model with the run's fit options, warm-started from the previous
// round's hyperparameters), SNOPS's label GP for P(feasible) on constrained functions, and a
// Pareto strategy on every objective or a single-objective strategy on the first. Without
// models (`fit_models` false: the sobol baseline) the strategy proposes from the observations.
class ObjectiveModelProposer final : public RoundProposer {
 public:
  // Exactly one of `single` and `pareto`. Objectives come from the stored errors [k].
  ObjectiveModelProposer(const TestFunction& function, bool fit_models,
                         std::unique_ptr<acquisition::BatchStrategy> single,
                         std::unique_ptr<acquisition::ParetoStrategy> pareto,
                         surrogate::GpFitOptions fit);
  std::string name() const override;
  nlohmann::json state() const override;
  void restore(const nlohmann::json& state) override;
  acquisition::Proposal propose(const surrogate::UnitCube& cube,
                                const std::vector<StoredEvaluation>& evaluations,
                                const acquisition::ProposeRequest& request,
                                nlohmann::json& models) override;

  // Wall times of the proposals since the last call (fit, then propose), and resets them.
  std::pair<double, double> take_times();

 private:
  const TestFunction& function_;
  bool fit_models_;
  std::unique_ptr<acquisition::BatchStrategy> single_;
  std::unique_ptr<acquisition::ParetoStrategy> pareto_;
  surrogate::GpFitOptions fit_;
  std::vector<std::optional<surrogate::GpHyperparameters>> warm_;  // [k]
  double fit_s_ = 0.0, propose_s_ = 0.0;
};

}  // namespace spikefit::experiments
