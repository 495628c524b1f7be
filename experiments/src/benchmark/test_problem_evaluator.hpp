#pragma once

#include <string>
#include <vector>

#include "spikefit/experiments/evaluation/evaluator.hpp"
#include "spikefit/experiments/evaluation/test_functions.hpp"

namespace spikefit::experiments {

// A benchmark test function (test_functions.hpp) behind the Evaluator interface, so that
// bench-bo runs the fit loop: errors are the objectives [k] (also where the outcome constraint
// is violated), the cost is the first objective (NaN where infeasible), the seed is unused (the
// functions are deterministic) and the screening stage is never asked for.
class TestProblemEvaluator final : public Evaluator {
 public:
  explicit TestProblemEvaluator(const TestFunction& function) : function_(function) {}
  std::vector<EvaluationOutcome> evaluate(const std::vector<std::vector<double>>& x,
                                          const std::vector<uint64_t>& seeds,
                                          EvaluationStage stage) override;
  std::vector<std::string> error_names() const override;  // objective_1 .. objective_k
  std::string backend() const override { return "test_function"; }
  std::string device() const override { return function_.name; }

 private:
  const TestFunction& function_;
};

}  // namespace spikefit::experiments
