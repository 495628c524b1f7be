#include "spikefit/experiments/study/round_models.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <utility>

#include "spikefit/surrogate/objective_model.hpp"

namespace spikefit::experiments {

using nlohmann::json;

namespace {

std::vector<double> values(const at::Tensor& t) {
  const at::Tensor c = t.detach().reshape({-1}).to(at::kDouble).contiguous();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

json gp_json(const surrogate::ExactGp& gp) {
  const surrogate::GpHyperparameters& h = gp.hyperparameters();
  return {{"lengthscales", values(h.lengthscales())},
          {"outputscale", h.outputscale().item<double>()},
          {"noise_variance", h.noise_variance().item<double>()},
          {"mean", h.mean.item<double>()}};
}

}  // namespace

RoundModels fit_round_models(const surrogate::UnitCube& cube,
                             const std::vector<StoredEvaluation>& evaluations, uint64_t seed,
                             const CostFormula* composite) {
  std::vector<const StoredEvaluation*> rows;
  for (const auto& e : evaluations) rows.push_back(&e);
  std::sort(rows.begin(), rows.end(), [](const StoredEvaluation* a, const StoredEvaluation* b) {
    return a->round != b->round ? a->round < b->round : a->slot < b->slot;
  });
  const auto n = static_cast<int64_t>(rows.size());
  const int64_t d = cube.dims();
  RoundModels m;
  at::Tensor x = at::empty({n, d}, at::kDouble);
  m.log_cost = at::full({n}, std::nan(""), at::kDouble);
  at::Tensor labels = at::zeros({n}, at::kDouble);
  auto xa = x.accessor<double, 2>();
  auto ya = m.log_cost.accessor<double, 1>();
  auto la = labels.accessor<double, 1>();
  std::set<int64_t> ruled_out;
  for (const StoredEvaluation* e : rows) {
    if (!e->feasible || !std::isfinite(e->cost)) ruled_out.insert(e->point);
  }
  double lowest_positive = std::numeric_limits<double>::infinity();
  for (const StoredEvaluation* e : rows) {
    if (!ruled_out.count(e->point) && e->cost > 0)
      lowest_positive = std::min(lowest_positive, e->cost);
  }
  const double zero_cost = std::isfinite(lowest_positive) ? lowest_positive / 10 : 1.0;
  int64_t feasible = 0;
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < d; ++j) xa[i][j] = rows[i]->x[j];
    if (!ruled_out.count(rows[i]->point)) {
      ya[i] = std::log(rows[i]->cost > 0 ? rows[i]->cost : zero_cost);
      la[i] = 1.0;
      ++feasible;
    }
  }
  m.unit_x = n > 0 ? cube.to_unit(x) : at::empty({0, d}, at::kDouble);
  surrogate::GpFitOptions fit;
  fit.restarts = 2;
  fit.seed = seed;
  if (feasible >= 2 && composite != nullptr) {
    const at::Tensor mask = labels > 0.5;
    std::vector<const StoredEvaluation*> feasible_rows;
    for (int64_t i = 0; i < n; ++i) {
      if (la[i] > 0.5) feasible_rows.push_back(rows[i]);
    }
    m.standardize = surrogate::Standardize::fit(m.log_cost.index({mask}));
    m.composite = fit_composite_cost_model(m.unit_x.index({mask}), feasible_rows, *composite,
                                           m.standardize, seed);
  }
  if (feasible >= 2 && !m.composite) {
    const at::Tensor mask = labels > 0.5;
    surrogate::ObjectiveModel cost =
        surrogate::fit_objective_model(m.unit_x.index({mask}), m.log_cost.index({mask}),
                                       surrogate::GpHyperparameters::make(d, 0.5, 1.0, 0.1), fit);
    m.standardize = cost.standardize;
    m.cost = std::move(cost.gp);
  }
  if (feasible > 0 && feasible < n) {
    fit.seed = seed ^ 0xFEA5u;
    m.feasibility = std::make_unique<surrogate::LabelGpFeasibility>(m.unit_x, labels, fit);
  }
  return m;
}

const surrogate::PosteriorModel* RoundModels::objective() const {
  if (composite) return composite->model.get();
  return cost.get();
}

acquisition::ModelSet RoundModels::model_set() const {
  acquisition::ModelSet s;
  s.observed_x = unit_x;
  s.observed_y = standardize.apply(log_cost);
  s.objective = objective();
  s.feasibility = feasibility.get();
  return s;
}

json RoundModels::describe() const {
  json j;
  j["rows"] = unit_x.size(0);
  j["feasible_rows"] = log_cost.isnan().logical_not().sum().item<int64_t>();
  if (cost) {
    j["cost_gp"] = gp_json(*cost);
    j["cost_gp"]["target"] = "standardised log cost, feasible rows, replicates as rows";
    j["cost_gp"]["standardize"] = {{"mean", standardize.mean}, {"scale", standardize.scale}};
  }
  if (composite) {
    j["composite"] = composite->describe();
    j["composite"]["standardize"] = {{"mean", standardize.mean}, {"scale", standardize.scale}};
  }
  if (feasibility) j["feasibility_gp"] = gp_json(feasibility->gp());
  return j;
}

acquisition::Proposal CostModelProposer::propose(const surrogate::UnitCube& cube,
                                                 const std::vector<StoredEvaluation>& evaluations,
                                                 const acquisition::ProposeRequest& request,
                                                 json& models) {
  const RoundModels fitted =
      fit_round_models(cube, evaluations, request.seed, composite_ ? &*composite_ : nullptr);
  models = fitted.describe();
  if (request.q < 1) return {};
  return strategy_.propose(fitted.model_set(), request);
}

}  // namespace spikefit::experiments
