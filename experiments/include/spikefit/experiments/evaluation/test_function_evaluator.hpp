#pragma once

#include <vector>

#include "spikefit/experiments/evaluation/evaluator.hpp"

namespace spikefit::experiments {

// A cheap stand-in for the simulator, for tests of the fit loop: the Branin function on
// [-5, 10] x [0, 15] as a cost with a noise floor at 1,
//   cost = (1 + branin(x) - 0.397887) * exp(noise_sd * z),  z ~ N(0, 1) keyed by the seed,
// infeasible inside a disc (the "runaway" region) or, for every x, when always_infeasible.
// The screening stage checks feasibility only. Errors: the relative and noise parts of the cost.
struct TestFunctionOptions {
  double noise_sd = 0.1;
  std::vector<double> infeasible_centre = {2.5, 12.5};  // physical units
  double infeasible_radius = 4.0;
  bool always_infeasible = false;
};

class TestFunctionEvaluator final : public Evaluator {
 public:
  explicit TestFunctionEvaluator(TestFunctionOptions options = {}) : options_(options) {}
  std::vector<EvaluationOutcome> evaluate(const std::vector<std::vector<double>>& x,
                                          const std::vector<uint64_t>& seeds,
                                          EvaluationStage stage) override;
  std::vector<std::string> error_names() const override { return {"branin", "noise"}; }
  std::string backend() const override { return "test_function"; }
  std::string device() const override { return "branin"; }
  int evaluations() const { return evaluations_; }

 private:
  TestFunctionOptions options_;
  int evaluations_ = 0;
};

// The Branin function (global minimum 0.397887 at (-pi, 12.275), (pi, 2.275), (9.42478, 2.475)).
double branin(double x1, double x2);

}  // namespace spikefit::experiments
