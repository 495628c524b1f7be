#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "spikefit/acquisition/batch_strategy.hpp"
#include "spikefit/acquisition/pareto_strategy.hpp"
#include "spikefit/experiments/study/round_proposer.hpp"
#include "spikefit/surrogate/exact_gp.hpp"

namespace spikefit::experiments {

// What the objective models of a multi-objective study are fitted to.
struct ObjectiveModelSpec {
  int64_t objectives = 1;  // k: the stored objectives of every evaluation [k]
  // Hypervolume reference point [k] in objective units; empty, or while no observation lies
  // inside its box (no hypervolume to improve on yet): the Pareto strategy infers one.
  std::vector<double> reference_point;
  // Model log(objective) (non-negative errors spanning decades: `fit`); an objective of exactly
  // 0 enters at a tenth of the column's lowest positive value. The front and the hypervolume
  // ordering are unchanged by the log; the acquisition's hypervolume is in log units.
  bool log_objectives = false;
  // P(feasible) from SNOPS's label GP on all rows, when both labels occur.
  bool feasibility = false;
};

// The rounds of a multi-objective study (`fit --objectives`, and `bench-bo` whose test-function
// objectives are stored as objectives): one objective model per objective on the feasible rows
// (surrogate::fit_objective_model with the run's fit options, warm-started from the previous
// round's hyperparameters), the label GP for P(feasible) where asked, and a Pareto strategy on
// every objective or a single-objective strategy on the first. Without models (`fit_models`
// false: the sobol baseline) the strategy proposes from the observations; a Pareto strategy
// with fewer than 2 feasible rows to model gives way to a Sobol batch.
class ObjectiveModelProposer final : public RoundProposer {
 public:
  // Exactly one of `single` and `pareto`.
  ObjectiveModelProposer(ObjectiveModelSpec spec, bool fit_models,
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
  ObjectiveModelSpec spec_;
  bool fit_models_;
  std::unique_ptr<acquisition::BatchStrategy> single_;
  std::unique_ptr<acquisition::ParetoStrategy> pareto_;
  surrogate::GpFitOptions fit_;
  std::vector<std::optional<surrogate::GpHyperparameters>> warm_;  // [k]
  double fit_s_ = 0.0, propose_s_ = 0.0;
};

}  // namespace spikefit::experiments
