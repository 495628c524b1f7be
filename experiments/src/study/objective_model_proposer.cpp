#include "spikefit/experiments/study/objective_model_proposer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <utility>

#include "spikefit/base/random.hpp"
#include "spikefit/surrogate/feasibility_model.hpp"
#include "spikefit/surrogate/objective_model.hpp"

namespace spikefit::experiments {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The models one round proposes from, on everything evaluated so far (unit cube).
struct ObjectiveModels {
  at::Tensor x_all;     // [n x d]
  at::Tensor y_all;     // [n x k] objectives (log where asked), NaN where infeasible
  at::Tensor feasible;  // [n] bool
  // One GP per objective on the feasible rows; none without models or with < 2 feasible rows.
  std::vector<surrogate::ObjectiveModel> fitted;
  std::unique_ptr<surrogate::LabelGpFeasibility> feasibility;  // where asked, both labels seen
};

// Every stored evaluation in round and slot order (a resumed round may have stored its slots in
// another order): x in the unit cube, the objectives (log where asked), feasibility (a row is
// feasible with every objective finite and no infeasible repeat of its point, as in
// round_models.hpp).
ObjectiveModels observations(const surrogate::UnitCube& cube,
                             std::vector<const StoredEvaluation*> rows,
                             const ObjectiveModelSpec& spec) {
  std::sort(rows.begin(), rows.end(), [](const StoredEvaluation* a, const StoredEvaluation* b) {
    return a->round != b->round ? a->round < b->round : a->slot < b->slot;
  });
  const auto n = static_cast<int64_t>(rows.size());
  const int64_t d = cube.dims(), k = spec.objectives;
  at::Tensor x = at::empty({n, d}, at::kDouble);
  ObjectiveModels m;
  m.y_all = at::full({n, k}, std::nan(""), at::kDouble);
  m.feasible = at::empty({n}, at::kBool);
  auto xa = x.accessor<double, 2>();
  auto ya = m.y_all.accessor<double, 2>();
  auto fa = m.feasible.accessor<bool, 1>();
  std::set<int64_t> ruled_out;  // SNOPS: one infeasible repeat rules the point out, every row
  for (const StoredEvaluation* e : rows) {
    if (!e->feasible) ruled_out.insert(e->point);
  }
  for (int64_t i = 0; i < n; ++i) {
    const StoredEvaluation& e = *rows[i];
    for (int64_t j = 0; j < d; ++j) xa[i][j] = e.x[j];
    fa[i] = !ruled_out.count(e.point) && static_cast<int64_t>(e.objectives.size()) == k;
    for (int64_t j = 0; fa[i] && j < k; ++j) {
      ya[i][j] = e.objectives[j];
      fa[i] = std::isfinite(ya[i][j]);
    }
  }
  if (spec.log_objectives) {
    for (int64_t j = 0; j < k; ++j) {
      double lowest_positive = std::numeric_limits<double>::infinity();
      for (int64_t i = 0; i < n; ++i) {
        if (fa[i] && ya[i][j] > 0) lowest_positive = std::min(lowest_positive, ya[i][j]);
      }
      const double zero = std::isfinite(lowest_positive) ? lowest_positive / 10 : 1.0;
      for (int64_t i = 0; i < n; ++i) {
        if (fa[i]) ya[i][j] = std::log(ya[i][j] > 0 ? ya[i][j] : zero);
      }
    }
  }
  m.x_all = cube.to_unit(x);
  return m;
}

// The batch from the round's models: a Pareto strategy on every objective, or a
// single-objective one on the first.
acquisition::Proposal propose_from(const ObjectiveModels& m, const ObjectiveModelSpec& spec,
                                   acquisition::BatchStrategy* single,
                                   acquisition::ParetoStrategy* pareto,
                                   const acquisition::ProposeRequest& request) {
  const int64_t k = spec.objectives;
  // Every objective in model units (standardised), NaN where infeasible.
  at::Tensor y_model =
      at::full({m.x_all.size(0), k}, std::numeric_limits<double>::quiet_NaN(), at::kDouble);
  for (std::size_t j = 0; j < m.fitted.size(); ++j) {
    const at::Tensor column =
        m.fitted[j].standardize.apply(m.y_all.select(1, static_cast<int64_t>(j)));
    y_model.select(1, static_cast<int64_t>(j))
        .copy_(at::where(m.feasible, column, at::full_like(column, NAN)));
  }
  if (pareto && m.fitted.empty()) {  // fewer than 2 feasible rows: nothing to model yet
    return acquisition::make_sobol_strategy(m.x_all.size(1))->propose({}, request);
  }
  if (pareto) {
    acquisition::ParetoModelSet set;
    set.observed_x = m.x_all;
    set.observed_y = y_model;
    for (const auto& fo : m.fitted) set.objectives.push_back(fo.gp.get());
    set.feasibility = m.feasibility.get();
    std::vector<double> reference;
    for (std::size_t j = 0; j < spec.reference_point.size(); ++j) {
      const double r = spec.reference_point[j];
      reference.push_back(((spec.log_objectives ? std::log(r) : r) - m.fitted[j].standardize.mean) /
                          m.fitted[j].standardize.scale);
    }
    // While no observation is inside the reference box there is no hypervolume to improve on:
    // the strategy infers a reference from the observed front until then.
    if (!reference.empty() &&
        (y_model < at::tensor(reference, at::kDouble)).all(1).any().item<bool>()) {
      set.reference_point = reference;
    }
    return pareto->propose(set, request);
  }
  acquisition::ModelSet set;
  set.observed_x = m.x_all;
  set.observed_y = y_model.select(1, 0);
  set.objective = m.fitted.empty() ? nullptr : m.fitted[0].gp.get();
  set.feasibility = m.feasibility.get();
  return single->propose(set, request);
}

}  // namespace

ObjectiveModelProposer::ObjectiveModelProposer(ObjectiveModelSpec spec, bool fit_models,
                                               std::unique_ptr<acquisition::BatchStrategy> single,
                                               std::unique_ptr<acquisition::ParetoStrategy> pareto,
                                               surrogate::GpFitOptions fit)
    : spec_(std::move(spec)),
      fit_models_(fit_models),
      single_(std::move(single)),
      pareto_(std::move(pareto)),
      fit_(fit),
      warm_(static_cast<std::size_t>(spec_.objectives)) {
  if (!single_ == !pareto_) throw std::invalid_argument("need one single or one Pareto strategy");
}

std::string ObjectiveModelProposer::name() const {
  return single_ ? single_->name() : pareto_->name();
}

nlohmann::json ObjectiveModelProposer::state() const {
  return single_ ? single_->state() : nlohmann::json::object();
}

void ObjectiveModelProposer::restore(const nlohmann::json& state) {
  if (single_) single_->restore(state);
}

std::pair<double, double> ObjectiveModelProposer::take_times() {
  const std::pair<double, double> times{fit_s_, propose_s_};
  fit_s_ = propose_s_ = 0.0;
  return times;
}

acquisition::Proposal ObjectiveModelProposer::propose(
    const surrogate::UnitCube& cube, const std::vector<StoredEvaluation>& evaluations,
    const acquisition::ProposeRequest& request, nlohmann::json& models) {
  const auto fit_start = Clock::now();
  const int64_t d = cube.dims(), k = spec_.objectives;
  std::vector<const StoredEvaluation*> rows;
  for (const StoredEvaluation& e : evaluations) rows.push_back(&e);
  ObjectiveModels m = observations(cube, rows, spec_);
  const at::Tensor x_feasible = m.x_all.index({m.feasible});
  if (fit_models_ && x_feasible.size(0) >= 2) {
    for (int64_t j = 0; j < k; ++j) {
      surrogate::GpFitOptions fit = fit_;
      fit.seed = base::trial_seed(request.seed, static_cast<uint64_t>(2 + j));
      const auto& warm = warm_[static_cast<std::size_t>(j)];
      m.fitted.push_back(surrogate::fit_objective_model(
          x_feasible, m.y_all.index({m.feasible}).select(1, j),
          warm ? warm->clone() : surrogate::GpHyperparameters::make(d, 0.5, 1.0, 1e-3), fit));
      warm_[static_cast<std::size_t>(j)] = m.fitted.back().gp->hyperparameters();
    }
  }
  const int64_t feasible_rows = x_feasible.size(0);
  if (fit_models_ && spec_.feasibility && feasible_rows > 0 && feasible_rows < m.x_all.size(0)) {
    surrogate::GpFitOptions fit = fit_;
    fit.seed = base::trial_seed(request.seed, 9);
    m.feasibility = std::make_unique<surrogate::LabelGpFeasibility>(m.x_all, m.feasible, fit);
  }
  models = {{"rows", m.x_all.size(0)},
            {"feasible_rows", x_feasible.size(0)},
            {"objective_gps", m.fitted.size()},
            {"feasibility_gp", m.feasibility != nullptr}};
  fit_s_ += seconds_since(fit_start);
  if (request.q < 1) return {};

  const auto propose_start = Clock::now();
  const acquisition::Proposal proposal =
      propose_from(m, spec_, single_.get(), pareto_.get(), request);
  propose_s_ += seconds_since(propose_start);
  if (proposal.x.size(0) != request.q) {
    throw std::runtime_error("strategy " + name() + " returned " +
                             std::to_string(proposal.x.size(0)) + " points, asked " +
                             std::to_string(request.q));
  }
  return proposal;
}

}  // namespace spikefit::experiments
