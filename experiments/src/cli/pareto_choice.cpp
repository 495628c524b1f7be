#include "spikefit/experiments/cli/pareto_choice.hpp"

#include "spikefit/acquisition/pareto_strategy.hpp"
#include "spikefit/acquisition/strategies.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/study/objective_model_proposer.hpp"

namespace spikefit::experiments {

ParetoChoice pareto_choice(const std::string& objectives_spec, const std::string& ref_point,
                           const std::string& strategy, bool strategy_given,
                           const stats::Target& target, stats::CostMetric metric) {
  std::vector<std::string> names;
  std::vector<double> weights;
  for (const auto& s : target.statistics) {
    names.push_back(s.name);
    weights.push_back(s.weight);
  }
  ParetoChoice c;
  c.objectives = parse_objectives(objectives_spec, names, weights);
  const std::size_t k = c.objectives.size();
  c.reference_point = ref_point.empty() ? normaliser_reference_point(k, metric)
                                        : parse_reference_point(ref_point, k);
  c.strategy =
      strategy_given ? strategy : (k <= acquisition::kMaxEhviObjectives ? "ehvi" : "parego");
  if (c.strategy != "ehvi" && c.strategy != "parego" && c.strategy != "sobol") {
    throw base::UsageError("--strategy",
                           "with --objectives use ehvi, parego or sobol, got '" + c.strategy + "'");
  }
  if (c.strategy == "ehvi" && k > acquisition::kMaxEhviObjectives) {
    throw base::UsageError("--strategy", "ehvi handles up to 4 objectives, --objectives has " +
                                             std::to_string(k) + ": use parego");
  }
  return c;
}

std::unique_ptr<RoundProposer> make_pareto_proposer(const ParetoChoice& c, int64_t dims) {
  ObjectiveModelSpec spec;
  spec.objectives = static_cast<int64_t>(c.objectives.size());
  spec.reference_point = c.reference_point;
  spec.log_objectives = true;
  spec.feasibility = true;
  surrogate::GpFitOptions fit;
  fit.restarts = 2;
  if (c.strategy == "sobol") {
    return std::make_unique<ObjectiveModelProposer>(
        spec, false, acquisition::make_strategy("sobol", dims), nullptr, fit);
  }
  auto pareto = c.strategy == "ehvi" ? acquisition::make_ehvi_strategy()
                                     : acquisition::make_parego_strategy();
  return std::make_unique<ObjectiveModelProposer>(spec, true, nullptr, std::move(pareto), fit);
}

}  // namespace spikefit::experiments
