#include "spikefit/experiments/evaluation/test_function_evaluator.hpp"

#include <cmath>
#include <stdexcept>

#include "spikefit/base/random.hpp"

namespace spikefit::experiments {

double branin(double x1, double x2) {
  const double pi = 3.14159265358979323846;
  const double b = 5.1 / (4 * pi * pi), c = 5 / pi, t = 1 / (8 * pi);
  const double u = x2 - b * x1 * x1 + c * x1 - 6;
  return u * u + 10 * (1 - t) * std::cos(x1) + 10;
}

std::vector<EvaluationOutcome> TestFunctionEvaluator::evaluate(
    const std::vector<std::vector<double>>& x, const std::vector<uint64_t>& seeds,
    EvaluationStage stage) {
  if (x.size() != seeds.size()) throw std::invalid_argument("x and seeds differ in length");
  std::vector<EvaluationOutcome> out(x.size());
  for (std::size_t k = 0; k < x.size(); ++k) {
    if (x[k].size() != 2) throw std::invalid_argument("the test function has 2 parameters");
    ++evaluations_;
    EvaluationOutcome& o = out[k];
    const double dx = x[k][0] - options_.infeasible_centre[0];
    const double dy = x[k][1] - options_.infeasible_centre[1];
    if (options_.always_infeasible || dx * dx + dy * dy < std::pow(options_.infeasible_radius, 2)) {
      o.reason = "inside the infeasible region";
      o.errors.assign(2, std::nan(""));
      continue;
    }
    o.feasible = true;
    if (stage == EvaluationStage::kScreen) continue;
    const base::RandomWords w = base::philox_words(seeds[k], 0x7E57u, 0, 0);
    double z, unused;
    base::box_muller(base::uniform_open_closed(w.w[0], w.w[1]),
                     base::uniform_open_closed(w.w[2], w.w[3]), z, unused);
    const double relative = 1 + branin(x[k][0], x[k][1]) - 0.397887;
    const double noise = std::exp(options_.noise_sd * z);
    o.cost = relative * noise;
    o.errors = {relative, noise};
    o.statistics = {{"branin", relative}, {"noise", noise}};
  }
  return out;
}

}  // namespace spikefit::experiments
