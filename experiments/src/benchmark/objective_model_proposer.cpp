#include "objective_model_proposer.hpp"

#include <chrono>
#include <cmath>
#include <limits>
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
  at::Tensor y_all;     // [n x k] physical
  at::Tensor feasible;  // [n] bool
  // One GP per objective on the feasible rows; none without models or with < 2 feasible rows.
  std::vector<surrogate::ObjectiveModel> fitted;
  std::unique_ptr<surrogate::LabelGpFeasibility> feasibility;  // constrained functions only
};

// The run never resumes, so storing order is round and slot order.
ObjectiveModels observations(const surrogate::UnitCube& cube,
                             const std::vector<StoredEvaluation>& evaluations, int64_t k) {
  const auto n = static_cast<int64_t>(evaluations.size());
  const int64_t d = cube.dims();
  at::Tensor x = at::empty({n, d}, at::kDouble);
  ObjectiveModels m;
  m.y_all = at::empty({n, k}, at::kDouble);
  m.feasible = at::empty({n}, at::kBool);
  auto xa = x.accessor<double, 2>();
  auto ya = m.y_all.accessor<double, 2>();
  auto fa = m.feasible.accessor<bool, 1>();
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < d; ++j) xa[i][j] = evaluations[i].x[j];
    for (int64_t j = 0; j < k; ++j) ya[i][j] = evaluations[i].errors[j];
    fa[i] = evaluations[i].feasible;
  }
  m.x_all = cube.to_unit(x);
  return m;
}

// The batch from the round's models: a Pareto strategy on every objective, or a
// single-objective one on the first.
acquisition::Proposal propose_from(const ObjectiveModels& m, const TestFunction& f,
                                   acquisition::BatchStrategy* single,
                                   acquisition::ParetoStrategy* pareto,
                                   const acquisition::ProposeRequest& request) {
  const int64_t k = f.objectives;
  // Every objective in model units (standardised), NaN where infeasible.
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
    acquisition::ParetoModelSet set;
    set.observed_x = m.x_all;
    set.observed_y = y_model;
    for (const auto& fo : m.fitted) set.objectives.push_back(fo.gp.get());
    set.feasibility = m.feasibility.get();
    for (int64_t j = 0; j < k; ++j) {
      set.reference_point.push_back((f.reference_point[j] - m.fitted[j].standardize.mean) /
                                    m.fitted[j].standardize.scale);
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

ObjectiveModelProposer::ObjectiveModelProposer(const TestFunction& function, bool fit_models,
                                               std::unique_ptr<acquisition::BatchStrategy> single,
                                               std::unique_ptr<acquisition::ParetoStrategy> pareto,
                                               surrogate::GpFitOptions fit)
    : function_(function),
      fit_models_(fit_models),
      single_(std::move(single)),
      pareto_(std::move(pareto)),
      fit_(fit),
      warm_(static_cast<std::size_t>(function.objectives)) {
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
  const int64_t d = cube.dims(), k = function_.objectives;
  ObjectiveModels m = observations(cube, evaluations, k);
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
  if (fit_models_ && function_.constrained) {
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
      propose_from(m, function_, single_.get(), pareto_.get(), request);
  propose_s_ += seconds_since(propose_start);
  if (proposal.x.size(0) != request.q) {
    throw std::runtime_error("bench-bo: strategy " + name() + " returned " +
                             std::to_string(proposal.x.size(0)) + " points, asked " +
                             std::to_string(request.q));
  }
  return proposal;
}

}  // namespace spikefit::experiments
