#include "spikefit/experiments/emulation/emulator_candidates.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>

#include "spikefit/acquisition/sobol.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/surrogate/transforms.hpp"

namespace spikefit::experiments {

namespace {

void check_box(const EmulatorFile& emulator, const FitProblem& problem) {
  std::vector<std::string> trained;
  for (const DatasetParameter& p : emulator.parameters) trained.push_back(p.name);
  if (trained != problem.names) {
    std::string a, b;
    for (const std::string& n : trained) a += (a.empty() ? "" : ", ") + n;
    for (const std::string& n : problem.names) b += (b.empty() ? "" : ", ") + n;
    throw base::UsageError("--emulator", emulator.path + " was trained on parameters (" + a +
                                             "), the fit's are (" + b + ")");
  }
  for (std::size_t d = 0; d < trained.size(); ++d) {
    const DatasetParameter& p = emulator.parameters[d];
    const double slack = 1e-9 * (std::abs(p.upper) + std::abs(p.lower) + 1.0);
    if (problem.lower[d] < p.lower - slack || problem.upper[d] > p.upper + slack) {
      throw base::UsageError("--emulator",
                             emulator.path + " was trained on " + p.name + " in [" +
                                 std::to_string(p.lower) + ", " + std::to_string(p.upper) +
                                 "], the fit searches [" + std::to_string(problem.lower[d]) + ", " +
                                 std::to_string(problem.upper[d]) + "]: it cannot predict outside");
    }
  }
}

struct Scored {
  at::Tensor unit;   // [n x D] in the fit's cube
  at::Tensor score;  // [n]
  at::Tensor cost;   // [n]
  at::Tensor feasibility;
};

}  // namespace

std::vector<EmulatorCandidate> emulator_candidates(const EmulatorFile& emulator,
                                                   const FitProblem& problem,
                                                   const ExpectedCost& cost,
                                                   const EmulatorCandidateOptions& options) {
  check_box(emulator, problem);
  const auto dims = static_cast<int64_t>(problem.names.size());
  const surrogate::UnitCube cube(problem.lower, problem.upper, problem.log_scale);
  const auto score = [&](const at::Tensor& unit) {
    const at::Tensor physical = cube.from_unit(unit);
    const emulator::EmulatorPrediction p = emulator.predict(physical);
    Scored s{unit, {}, cost(p.mean, p.variance), emulator.feasible_probability(physical)};
    s.score = s.cost / s.feasibility.clamp_min(1e-3);
    return s;
  };

  acquisition::SobolSequence sobol(static_cast<int>(dims), true, options.seed);
  std::vector<double> flat;
  for (const auto& u : sobol.next(static_cast<std::size_t>(options.pool))) {
    flat.insert(flat.end(), u.begin(), u.end());
  }
  std::vector<Scored> scored = {score(at::tensor(flat, at::kDouble).reshape({-1, dims}))};
  const at::Tensor best = std::get<1>(
      scored[0].score.topk(std::min<int64_t>(options.refine, scored[0].score.size(0)), 0, false));
  const at::Tensor centres = scored[0].unit.index_select(0, best);
  auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed ^ 0xCA4D1DA7u);
  for (double scale : {0.1, 0.03, 0.01}) {
    const at::Tensor steps =
        at::normal(0.0, scale, {centres.size(0), options.steps, dims}, generator, at::kDouble);
    scored.push_back(score((centres.unsqueeze(1) + steps).reshape({-1, dims}).clamp(0.0, 1.0)));
  }
  const at::Tensor unit = at::cat({scored[0].unit, scored[1].unit, scored[2].unit, scored[3].unit});
  const at::Tensor scores =
      at::cat({scored[0].score, scored[1].score, scored[2].score, scored[3].score});
  const at::Tensor costs =
      at::cat({scored[0].cost, scored[1].cost, scored[2].cost, scored[3].cost});
  const at::Tensor feasibility = at::cat(
      {scored[0].feasibility, scored[1].feasibility, scored[2].feasibility, scored[3].feasibility});
  const at::Tensor order = std::get<1>(scores.sort());
  const at::Tensor physical = cube.from_unit(unit);

  std::vector<EmulatorCandidate> chosen;
  std::vector<at::Tensor> chosen_unit;
  for (int64_t k = 0; k < order.size(0) && static_cast<int64_t>(chosen.size()) < options.count;
       ++k) {
    const int64_t i = order[k].item<int64_t>();
    if (!std::isfinite(scores[i].item<double>())) break;
    const at::Tensor u = unit[i];
    const bool distinct = std::all_of(
        chosen_unit.begin(), chosen_unit.end(),
        [&](const at::Tensor& c) { return (c - u).norm().item<double>() >= options.min_distance; });
    if (!distinct) continue;
    EmulatorCandidate c;
    for (int64_t d = 0; d < dims; ++d) {
      c.x.push_back(std::clamp(physical[i][d].item<double>(), problem.lower[d], problem.upper[d]));
    }
    c.expected_cost = costs[i].item<double>();
    c.feasibility = feasibility[i].item<double>();
    chosen.push_back(std::move(c));
    chosen_unit.push_back(u);
  }
  return chosen;
}

}  // namespace spikefit::experiments
