#include "test_problem_evaluator.hpp"

#include <chrono>
#include <cmath>
#include <stdexcept>

namespace spikefit::experiments {

std::vector<EvaluationOutcome> TestProblemEvaluator::evaluate(
    const std::vector<std::vector<double>>& x, const std::vector<uint64_t>& seeds,
    EvaluationStage stage) {
  if (x.size() != seeds.size()) throw std::invalid_argument("x and seeds differ in length");
  if (stage != EvaluationStage::kFull) throw std::logic_error("test problems have no screen");
  const auto start = std::chrono::steady_clock::now();
  std::vector<EvaluationOutcome> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const Outcome outcome = function_.evaluate(x[i]);
    EvaluationOutcome& o = out[i];
    o.feasible = outcome.feasible;
    o.errors = outcome.objectives;
    if (o.feasible) {
      o.cost = outcome.objectives[0];
    } else {
      o.reason = "outcome constraint violated";
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (EvaluationOutcome& o : out) o.wall_s = seconds / static_cast<double>(out.size());
  return out;
}

std::vector<std::string> TestProblemEvaluator::error_names() const {
  std::vector<std::string> names;
  for (int j = 1; j <= function_.objectives; ++j) names.push_back("objective_" + std::to_string(j));
  return names;
}

}  // namespace spikefit::experiments
