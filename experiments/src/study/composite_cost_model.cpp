#include "spikefit/experiments/study/composite_cost_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "spikefit/surrogate/objective_model.hpp"

namespace spikefit::experiments {

using nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One statistic of a stored trial as numbers (a scalar is one number; null is NaN).
std::vector<double> stored_values(const json& statistics, const std::string& name) {
  if (!statistics.is_object() || !statistics.contains(name)) return {};
  const json& v = statistics.at(name);
  std::vector<double> out;
  for (const json& e : v.is_array() ? v : json::array({v})) {
    out.push_back(e.is_number() ? e.get<double>() : kNaN);
  }
  return out;
}

// The cost term d_j of one statistic (stats::evaluate_cost's formula).
double error_term(const std::vector<double>& value, const stats::TargetStatistic& t,
                  stats::CostMetric metric) {
  if (value.size() != t.mean.size()) return kNaN;
  double squared = 0.0;
  for (std::size_t i = 0; i < value.size(); ++i) squared += std::pow(value[i] - t.mean[i], 2);
  return metric == stats::CostMetric::kL2 ? squared / t.var : std::sqrt(squared / t.var);
}

}  // namespace

at::Tensor composite_cost(const at::Tensor& outputs, const CostFormula& formula,
                          const std::vector<CompositeTerm>& terms,
                          const surrogate::Standardize& log_cost) {
  const auto& statistics = formula.target.statistics;
  if (terms.size() != statistics.size() || outputs.size(-1) != static_cast<int64_t>(terms.size())) {
    throw std::invalid_argument("composite_cost: " + std::to_string(outputs.size(-1)) +
                                " outputs, " + std::to_string(terms.size()) + " terms and " +
                                std::to_string(statistics.size()) + " target statistics");
  }
  at::Tensor total = at::zeros_like(outputs.select(-1, 0));
  double weights = 0.0;
  for (std::size_t j = 0; j < terms.size(); ++j) {
    const CompositeTerm& term = terms[j];
    const stats::TargetStatistic& t = statistics[j];
    const at::Tensor q =
        term.standardize.mean_to_original(outputs.select(-1, static_cast<int64_t>(j)));
    const double tau2 = std::max(term.noise_variance, 0.0);
    at::Tensor d;
    if (term.log_error) {
      d = at::exp(q + tau2 / 2.0);
    } else if (formula.metric == stats::CostMetric::kL2) {
      d = ((q - t.mean[0]).pow(2) + tau2) / t.var;
    } else {
      const double tau = std::sqrt(std::max(tau2, 1e-300));
      const at::Tensor mu = q - t.mean[0];
      const at::Tensor folded =
          tau * std::sqrt(2.0 / M_PI) * at::exp(-mu.pow(2) / (2.0 * tau * tau)) +
          mu * at::erf(mu / (tau * std::sqrt(2.0)));
      d = folded / std::sqrt(t.var);
    }
    total = total + t.weight * d;
    weights += t.weight;
  }
  return log_cost.apply(at::log((total / weights).clamp_min(1e-300)));
}

std::vector<double> composite_quantities(const json& statistics, const CostFormula& formula) {
  std::vector<double> out;
  for (const stats::TargetStatistic& t : formula.target.statistics) {
    const std::vector<double> value = stored_values(statistics, t.name);
    if (t.mean.size() == 1) {
      out.push_back(value.size() == 1 ? value[0] : kNaN);
    } else {
      const double d = error_term(value, t, formula.metric);
      out.push_back(d > 0 ? std::log(d)
                          : (d == 0 ? -std::numeric_limits<double>::infinity() : kNaN));
    }
  }
  return out;
}

std::optional<CompositeCostModel> fit_composite_cost_model(
    const at::Tensor& unit_x, const std::vector<const StoredEvaluation*>& rows,
    const CostFormula& formula, const surrogate::Standardize& log_cost, uint64_t seed) {
  const auto n = static_cast<int64_t>(rows.size());
  const int64_t k = static_cast<int64_t>(formula.target.statistics.size());
  at::Tensor y = at::empty({n, k}, at::kDouble);
  auto ya = y.accessor<double, 2>();
  for (int64_t i = 0; i < n; ++i) {
    const std::vector<double> q = composite_quantities(rows[i]->statistics, formula);
    for (int64_t j = 0; j < k; ++j) ya[i][j] = q[j];
  }
  CompositeCostModel m;
  std::vector<std::shared_ptr<const surrogate::PosteriorModel>> outputs;
  for (int64_t j = 0; j < k; ++j) {
    at::Tensor column = y.select(1, j).clone();
    // an error term of exactly 0 (log -inf) enters at a tenth of the lowest positive one
    const at::Tensor finite = column.isfinite();
    if (finite.sum().item<int64_t>() < 2) return std::nullopt;
    const double lowest = column.masked_select(finite).min().item<double>();
    column.masked_fill_(column.isneginf(), lowest - std::log(10.0));
    const at::Tensor usable = column.isfinite();
    surrogate::GpFitOptions fit;
    fit.restarts = 2;
    fit.seed = seed + static_cast<uint64_t>(j) * 0x9E37u;
    const int64_t d = unit_x.size(1);
    surrogate::ObjectiveModel gp =
        surrogate::fit_objective_model(unit_x.index({usable}), column.index({usable}),
                                       surrogate::GpHyperparameters::make(d, 0.5, 1.0, 0.1), fit);
    CompositeTerm term;
    term.statistic = formula.target.statistics[static_cast<std::size_t>(j)].name;
    term.log_error = formula.target.statistics[static_cast<std::size_t>(j)].mean.size() > 1;
    term.standardize = gp.standardize;
    term.noise_variance = gp.gp->hyperparameters().noise_variance().item<double>() *
                          std::pow(gp.standardize.scale, 2);
    m.terms.push_back(term);
    m.gps.push_back(std::shared_ptr<const surrogate::ExactGp>(std::move(gp.gp)));
    outputs.push_back(m.gps.back());
  }
  surrogate::CompositeModelOptions options;
  options.seed = seed ^ 0xC0u;
  m.model = std::make_unique<surrogate::CompositeModel>(
      std::move(outputs),
      [formula, terms = m.terms, log_cost](const at::Tensor& values) {
        return composite_cost(values, formula, terms, log_cost);
      },
      options);
  return m;
}

json CompositeCostModel::describe() const {
  json terms_json = json::array();
  for (std::size_t j = 0; j < terms.size(); ++j) {
    const surrogate::GpHyperparameters& h = gps[j]->hyperparameters();
    const at::Tensor l = h.lengthscales().detach().contiguous();
    terms_json.push_back(
        {{"statistic", terms[j].statistic},
         {"modelled", std::string(terms[j].log_error ? "log error term" : "value")},
         {"rows", gps[j]->size()},
         {"lengthscales",
          std::vector<double>(l.data_ptr<double>(), l.data_ptr<double>() + l.numel())},
         {"outputscale", h.outputscale().item<double>()},
         {"noise_variance", terms[j].noise_variance},
         {"standardize",
          {{"mean", terms[j].standardize.mean}, {"scale", terms[j].standardize.scale}}}});
  }
  return {{"target", "standardised log expected cost from one GP per statistic"},
          {"terms", terms_json}};
}

}  // namespace spikefit::experiments
