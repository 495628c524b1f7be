#include "spikefit/experiments/benchmark/bo_benchmark.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "spikefit/acquisition/hypervolume.hpp"
#include "spikefit/acquisition/pareto_strategy.hpp"
#include "spikefit/acquisition/sobol.hpp"
#include "spikefit/acquisition/strategies.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/evaluation/test_functions.hpp"
#include "spikefit/experiments/study/fit_loop.hpp"
#include "spikefit/experiments/study/objective_model_proposer.hpp"
#include "test_problem_evaluator.hpp"

namespace spikefit::experiments {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

json parse_strategy_options(const std::string& text) {
  json options;
  try {
    options = json::parse(text);
  } catch (const json::exception& e) {
    throw base::UsageError("--strategy-options", std::string("not JSON: ") + e.what());
  }
  if (!options.is_object()) throw base::UsageError("--strategy-options", "must be a JSON object");
  return options;
}

std::unique_ptr<acquisition::BatchStrategy> make_single_objective_strategy(const std::string& name,
                                                                           int64_t dims,
                                                                           const json& options) {
  try {
    acquisition::StrategyOptions::from_json(options);
  } catch (const std::invalid_argument& e) {
    throw base::UsageError("--strategy-options", e.what());
  }
  try {
    return acquisition::make_strategy(name, dims, options);
  } catch (const std::invalid_argument& e) {
    throw base::UsageError("--strategy", e.what());
  }
}

// Every stored evaluation's objectives and feasibility, in storing order.
struct History {
  std::vector<std::vector<double>> objectives;  // [n][k] physical
  std::vector<bool> feasible;                   // [n]
};

// Best-so-far value of the history and its gap to the optimum (nullopt: nothing feasible).
std::optional<std::pair<double, double>> progress(const TestFunction& f, const History& h) {
  if (f.objectives == 1) {
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < h.feasible.size(); ++i) {
      if (h.feasible[i]) best = std::min(best, h.objectives[i][0]);
    }
    if (!std::isfinite(best)) return std::nullopt;
    return std::make_pair(best, best - f.optimal_value);
  }
  acquisition::Points feasible;
  for (std::size_t i = 0; i < h.feasible.size(); ++i) {
    if (h.feasible[i]) feasible.push_back(h.objectives[i]);
  }
  if (feasible.empty()) return std::nullopt;
  const double hv = acquisition::hypervolume(feasible, f.reference_point);
  return std::make_pair(hv, f.max_hypervolume - hv);
}

surrogate::GpFitOptions gp_fit_options(const BoBenchmarkOptions& o) {
  surrogate::GpFitOptions fit;
  fit.restarts = o.fit_restarts;
  fit.max_iterations = o.fit_iterations;
  fit.max_fit_points = o.fit_subset;  // hyperparameters on a subset, conditioning on all
  fit.time_budget_s = o.fit_seconds;
  return fit;
}

void validate(const BoBenchmarkOptions& o, const TestFunction& f) {
  if (o.q < 1) throw base::UsageError("--q", "must be >= 1");
  if (o.evaluations < 1) throw base::UsageError("--evals", "must be >= 1");
  if (o.fit_restarts < 1) throw base::UsageError("--fit-restarts", "must be >= 1");
  if (o.fit_iterations < 1) throw base::UsageError("--fit-iterations", "must be >= 1");
  if (o.fit_subset < 0) throw base::UsageError("--fit-subset", "must be >= 0");
  if (!(o.fit_seconds >= 0.0)) throw base::UsageError("--fit-seconds", "must be >= 0");
  if (f.dims() > acquisition::SobolSequence::kMaxDims) {
    throw base::UsageError("--dims", "at most " +
                                         std::to_string(acquisition::SobolSequence::kMaxDims) +
                                         " (Sobol direction numbers)");
  }
  const bool pareto_strategy = o.strategy == "parego" || o.strategy == "ehvi";
  if (f.objectives > 1 && !pareto_strategy && o.strategy != "sobol") {
    throw base::UsageError("--strategy", f.name + " has " + std::to_string(f.objectives) +
                                             " objectives: use parego, ehvi or sobol");
  }
  if (f.objectives == 1 && pareto_strategy) {
    throw base::UsageError("--strategy", o.strategy + " needs a multi-objective function");
  }
}

// The run's options and the function's facts, the head of bench-bo's JSON.
json describe_run(const BoBenchmarkOptions& o, const TestFunction& f, int64_t initial,
                  const json& strategy_options) {
  const int64_t k = f.objectives;
  json result = {{"tool", "spikefit"},
                 {"function", f.name},
                 {"dims", f.dims()},
                 {"objectives", k},
                 {"constrained", f.constrained},
                 {"strategy", o.strategy},
                 {"strategy_options", strategy_options},
                 {"q", o.q},
                 {"evals", o.evaluations},
                 {"initial", initial},
                 {"seed", o.seed},
                 {"fit_restarts", o.fit_restarts},
                 {"fit_iterations", o.fit_iterations},
                 {"fit_subset", o.fit_subset},
                 {"fit_time_budget_seconds", o.fit_seconds},
                 {"metric", k == 1 ? "log10_simple_regret" : "log10_hypervolume_gap"}};
  if (k == 1) {
    result["optimal_value"] = f.optimal_value;
  } else {
    result["reference_point"] = f.reference_point;
    result["max_hypervolume"] = f.max_hypervolume;
  }
  return result;
}

// The fit loop's problem: the function's box, x1 .. xd, no log scale.
FitProblem fit_problem(const TestFunction& f) {
  FitProblem problem;
  for (int j = 1; j <= f.dims(); ++j) problem.names.push_back("x" + std::to_string(j));
  problem.lower = f.lower;
  problem.upper = f.upper;
  problem.log_scale.assign(static_cast<std::size_t>(f.dims()), false);
  return problem;
}

}  // namespace

json run_bo_benchmark(const BoBenchmarkOptions& o) {
  const auto start = Clock::now();
  TestFunction f;
  try {
    f = make_test_function(o.function, o.dims);
  } catch (const std::invalid_argument& e) {
    throw base::UsageError("--function", e.what());
  }
  validate(o, f);
  const int64_t d = f.dims();
  const json strategy_options = parse_strategy_options(o.strategy_options);
  std::unique_ptr<acquisition::BatchStrategy> single;
  std::unique_ptr<acquisition::ParetoStrategy> pareto;
  if (o.strategy == "parego") {
    pareto = acquisition::make_parego_strategy();
  } else if (o.strategy == "ehvi") {
    pareto = acquisition::make_ehvi_strategy();
  } else {
    single = make_single_objective_strategy(o.strategy, d, strategy_options);
  }
  ObjectiveModelSpec spec;
  spec.objectives = f.objectives;
  spec.reference_point = f.reference_point;
  spec.feasibility = f.constrained;
  ObjectiveModelProposer proposer(spec, /*fit_models=*/o.strategy != "sobol", std::move(single),
                                  std::move(pareto), gp_fit_options(o));
  TestProblemEvaluator evaluator(f);

  FitOptions fit;
  fit.batch = o.q;
  fit.initial =
      std::min(o.evaluations, o.initial > 0 ? o.initial : std::max<int64_t>(2 * o.q, 2 * (d + 1)));
  fit.max_evaluations = o.evaluations;
  fit.seed = o.seed;
  fit.replicate_slots = 0;  // the test functions are deterministic
  fit.objectives = one_objective_per_error(evaluator.error_names());  // the function's values
  if (f.objectives > 1) fit.reference_point = f.reference_point;
  json result = describe_run(o, f, fit.initial, strategy_options);
  json rounds = json::array();
  History history;
  double evaluate_s = 0.0;
  FitHooks hooks;
  hooks.on_stored = [&](const StoredEvaluation& e, int64_t) {
    history.objectives.push_back(e.errors);
    history.feasible.push_back(e.feasible);
    evaluate_s += e.wall_s;
  };
  hooks.on_round = [&](const FitProgress& p) {
    const auto [fit_s, propose_s] = proposer.take_times();
    json r = {{"round", p.round},
              {"evaluations", p.evaluations},
              {"fit_seconds", fit_s},
              {"propose_seconds", propose_s},
              {"evaluate_seconds", evaluate_s}};
    const auto gap = progress(f, history);
    r["best"] = gap ? json(gap->first) : json(nullptr);
    r["gap"] = gap ? json(gap->second) : json(nullptr);
    r["log10_gap"] = gap ? json(std::log10(std::max(gap->second, 1e-12))) : json(nullptr);
    rounds.push_back(r);
    evaluate_s = 0.0;
  };
  StudyStorage storage = StudyStorage::in_memory({{"tool", "spikefit bench-bo"}});
  run_fit(fit_problem(f), evaluator, proposer, storage, fit, hooks);
  result["rounds"] = rounds;
  result["total_seconds"] = seconds_since(start);
  return result;
}

}  // namespace spikefit::experiments
