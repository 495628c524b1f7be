#include "spikefit/experiments/benchmark/bo_benchmark.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>

#include "spikefit/acquisition/batch_strategy.hpp"
#include "spikefit/acquisition/pareto.hpp"
#include "spikefit/acquisition/pareto_strategy.hpp"
#include "spikefit/acquisition/sobol.hpp"
#include "spikefit/acquisition/strategies.hpp"
#include "spikefit/base/config_error.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/evaluation/test_functions.hpp"
#include "spikefit/surrogate/exact_gp.hpp"
#include "spikefit/surrogate/feasibility_model.hpp"
#include "spikefit/surrogate/objective_model.hpp"
#include "spikefit/surrogate/transforms.hpp"

namespace spikefit::experiments {

namespace {

using base::ConfigError;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A distinct, reproducible seed per round and purpose.
uint64_t round_seed(uint64_t seed, int64_t round, uint64_t purpose) {
  uint64_t z = seed * 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(round) * 0xbf58476d1ce4e5b9ULL +
               purpose * 0x94d049bb133111ebULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
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

// Everything evaluated so far, in the unit cube.
struct History {
  std::vector<std::vector<double>> x;           // [n][d] unit cube
  std::vector<std::vector<double>> objectives;  // [n][k] physical
  std::vector<bool> feasible;                   // [n]
};

at::Tensor to_tensor(const std::vector<std::vector<double>>& rows, int64_t columns) {
  at::Tensor t = at::empty({static_cast<int64_t>(rows.size()), columns}, at::kDouble);
  auto a = t.accessor<double, 2>();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (int64_t j = 0; j < columns; ++j) a[static_cast<int64_t>(i)][j] = rows[i][j];
  }
  return t;
}

void evaluate_rows(const TestFunction& f, const surrogate::UnitCube& cube, const at::Tensor& unit,
                   History& history) {
  const at::Tensor physical = cube.from_unit(unit).contiguous();
  auto u = unit.accessor<double, 2>();
  auto p = physical.accessor<double, 2>();
  for (int64_t i = 0; i < unit.size(0); ++i) {
    std::vector<double> xu(f.dims()), xp(f.dims());
    for (int j = 0; j < f.dims(); ++j) {
      xu[j] = u[i][j];
      xp[j] = p[i][j];
    }
    const Outcome outcome = f.evaluate(xp);
    history.x.push_back(xu);
    history.objectives.push_back(outcome.objectives);
    history.feasible.push_back(outcome.feasible);
  }
}

// Best-so-far value of the history and its gap to the optimum (nullopt: nothing feasible).
std::optional<std::pair<double, double>> progress(const TestFunction& f, const History& h) {
  if (f.objectives == 1) {
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < h.x.size(); ++i) {
      if (h.feasible[i]) best = std::min(best, h.objectives[i][0]);
    }
    if (!std::isfinite(best)) return std::nullopt;
    return std::make_pair(best, best - f.optimal_value);
  }
  acquisition::Points feasible;
  for (std::size_t i = 0; i < h.x.size(); ++i) {
    if (h.feasible[i]) feasible.push_back(h.objectives[i]);
  }
  if (feasible.empty()) return std::nullopt;
  const double hv = acquisition::hypervolume(feasible, f.reference_point);
  return std::make_pair(hv, f.max_hypervolume - hv);
}

surrogate::GpFitOptions gp_fit_options(const BoBenchmarkOptions& o, uint64_t seed) {
  surrogate::GpFitOptions fit;
  fit.restarts = o.fit_restarts;
  fit.max_iterations = o.fit_iterations;
  fit.max_fit_points = o.fit_subset;  // hyperparameters on a subset, conditioning on all
  fit.time_budget_s = o.fit_seconds;
  fit.seed = seed;
  return fit;
}

// The GP of one objective column on the feasible rows; warm-started from `warm`.
surrogate::ObjectiveModel fit_objective(const at::Tensor& x_feasible, const at::Tensor& y_feasible,
                                        const std::optional<surrogate::GpHyperparameters>& warm,
                                        const BoBenchmarkOptions& o, uint64_t seed) {
  const int64_t d = x_feasible.size(1);
  return surrogate::fit_objective_model(
      x_feasible, y_feasible,
      warm ? warm->clone() : surrogate::GpHyperparameters::make(d, 0.5, 1.0, 1e-3),
      gp_fit_options(o, seed));
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
    throw base::UsageError("--strategy", f.name + " has 2 objectives: use parego, ehvi or sobol");
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

// The models one round proposes from, on everything evaluated so far (unit cube).
struct BenchmarkModels {
  at::Tensor x_all;     // [n x d]
  at::Tensor y_all;     // [n x k] physical
  at::Tensor feasible;  // [n] bool
  // One GP per objective on the feasible rows; none for sobol or with < 2 feasible rows.
  std::vector<surrogate::ObjectiveModel> fitted;
  std::unique_ptr<surrogate::LabelGpFeasibility> feasibility;  // constrained functions only
};

// Fits the round's models; `warm` [k] carries each objective's hyperparameters to the next round.
BenchmarkModels fit_benchmark_models(
    const History& history, const TestFunction& f, const BoBenchmarkOptions& o, int64_t round,
    std::vector<std::optional<surrogate::GpHyperparameters>>& warm) {
  const int64_t d = f.dims(), k = f.objectives;
  BenchmarkModels m;
  m.x_all = to_tensor(history.x, d);
  m.y_all = to_tensor(history.objectives, k);
  std::vector<uint8_t> feasible_flags(history.feasible.begin(), history.feasible.end());
  m.feasible = at::tensor(feasible_flags, at::kByte).to(at::kBool);
  if (o.strategy == "sobol") return m;
  const at::Tensor x_feasible = m.x_all.index({m.feasible});
  if (x_feasible.size(0) >= 2) {
    for (int64_t j = 0; j < k; ++j) {
      m.fitted.push_back(fit_objective(x_feasible, m.y_all.index({m.feasible}).select(1, j),
                                       warm[j], o, round_seed(o.seed, round, 2 + j)));
      warm[j] = m.fitted.back().gp->hyperparameters();
    }
  }
  if (f.constrained) {
    m.feasibility = std::make_unique<surrogate::LabelGpFeasibility>(
        m.x_all, m.feasible, gp_fit_options(o, round_seed(o.seed, round, 9)));
  }
  return m;
}

// The batch from the round's models: a Pareto strategy on every objective, or a
// single-objective one on the first.
acquisition::Proposal propose_batch(const BenchmarkModels& m, const TestFunction& f,
                                    acquisition::BatchStrategy* single,
                                    acquisition::ParetoStrategy* pareto,
                                    const acquisition::ProposeRequest& request) {
  const int64_t k = f.objectives;
  at::Tensor y_model =
      at::full({m.x_all.size(0), k}, std::numeric_limits<double>::quiet_NaN(), at::kDouble);
  for (std::size_t j = 0; j < m.fitted.size(); ++j) {
    const at::Tensor column =
        m.fitted[j].standardize.apply(m.y_all.select(1, static_cast<int64_t>(j)));
    y_model.select(1, static_cast<int64_t>(j))
        .copy_(at::where(m.feasible, column, at::full_like(column, NAN)));
  }
  if (pareto) {
    if (m.fitted.empty()) throw std::runtime_error("bench-bo: fewer than 2 feasible points");
    acquisition::ParetoModelSet models;
    models.observed_x = m.x_all;
    models.observed_y = y_model;
    for (const auto& fo : m.fitted) models.objectives.push_back(fo.gp.get());
    models.feasibility = m.feasibility.get();
    for (int64_t j = 0; j < k; ++j) {
      models.reference_point.push_back((f.reference_point[j] - m.fitted[j].standardize.mean) /
                                       m.fitted[j].standardize.scale);
    }
    return pareto->propose(models, request);
  }
  acquisition::ModelSet models;
  models.observed_x = m.x_all;
  models.observed_y = y_model.select(1, 0);
  models.objective = m.fitted.empty() ? nullptr : m.fitted[0].gp.get();
  models.feasibility = m.feasibility.get();
  return single->propose(models, request);
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
  const int64_t d = f.dims(), k = f.objectives;
  const surrogate::UnitCube cube(f.lower, f.upper, std::vector<bool>(d, false));
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

  const int64_t initial =
      std::min(o.evaluations, o.initial > 0 ? o.initial : std::max<int64_t>(2 * o.q, 2 * (d + 1)));
  json result = describe_run(o, f, initial, strategy_options);
  json rounds = json::array();
  History history;
  auto record = [&](int64_t round, double fit_s, double propose_s, double evaluate_s) {
    json r = {{"round", round},
              {"evaluations", history.x.size()},
              {"fit_seconds", fit_s},
              {"propose_seconds", propose_s},
              {"evaluate_seconds", evaluate_s}};
    const auto p = progress(f, history);
    r["best"] = p ? json(p->first) : json(nullptr);
    r["gap"] = p ? json(p->second) : json(nullptr);
    r["log10_gap"] = p ? json(std::log10(std::max(p->second, 1e-12))) : json(nullptr);
    rounds.push_back(r);
  };

  {
    const auto t = Clock::now();
    acquisition::SobolSequence sobol(static_cast<int>(d), /*scramble=*/true,
                                     round_seed(o.seed, 0, 0));
    evaluate_rows(f, cube, to_tensor(sobol.next(static_cast<std::size_t>(initial)), d), history);
    record(0, 0.0, 0.0, seconds_since(t));
  }

  std::vector<std::optional<surrogate::GpHyperparameters>> warm(static_cast<std::size_t>(k));
  for (int64_t round = 1; static_cast<int64_t>(history.x.size()) < o.evaluations; ++round) {
    const int64_t q =
        std::min<int64_t>(o.q, o.evaluations - static_cast<int64_t>(history.x.size()));
    acquisition::ProposeRequest request;
    request.q = q;
    request.seed = round_seed(o.seed, round, 1);
    const auto fit_start = Clock::now();
    const BenchmarkModels models = fit_benchmark_models(history, f, o, round, warm);
    const double fit_s = seconds_since(fit_start);
    const auto propose_start = Clock::now();
    const acquisition::Proposal proposal =
        propose_batch(models, f, single.get(), pareto.get(), request);
    const double propose_s = seconds_since(propose_start);
    if (proposal.x.size(0) != q) {
      throw std::runtime_error("bench-bo: strategy " + o.strategy + " returned " +
                               std::to_string(proposal.x.size(0)) + " points, asked " +
                               std::to_string(q));
    }
    const auto evaluate_start = Clock::now();
    evaluate_rows(f, cube, proposal.x.to(at::kDouble).contiguous(), history);
    record(round, fit_s, propose_s, seconds_since(evaluate_start));
  }
  result["rounds"] = rounds;
  result["total_seconds"] = seconds_since(start);
  return result;
}

}  // namespace spikefit::experiments
