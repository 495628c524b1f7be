#include <ATen/ATen.h>

#include <cmath>

#include "spikefit/experiments/study/round_models.hpp"
#include "spikefit/surrogate/parameter_importance.hpp"
#include "study_view.hpp"

namespace spikefit::experiments {

namespace {

std::vector<double> values(const at::Tensor& t) {
  const at::Tensor c = t.detach().to(at::kDouble).contiguous();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

}  // namespace

std::optional<CostModelView> cost_model_view(const nlohmann::json& parameters,
                                             const std::vector<StoredEvaluation>& rows,
                                             const std::vector<PointSummary>& points,
                                             const CostFormula* composite) {
  std::vector<double> lower, upper;
  std::vector<bool> log_scale;
  for (const auto& p : parameters) {
    lower.push_back(p.at("lower").get<double>());
    upper.push_back(p.at("upper").get<double>());
    log_scale.push_back(p.value("log_scale", false));
  }
  const surrogate::UnitCube cube(lower, upper, log_scale);
  const RoundModels models = fit_round_models(cube, rows, 0);
  if (!models.cost) return std::nullopt;
  std::optional<RoundModels> composite_models;
  if (composite != nullptr) composite_models = fit_round_models(cube, rows, 0, composite);
  const RoundModels& study_models = composite_models ? *composite_models : models;
  const surrogate::PosteriorModel& model = *study_models.objective();
  const bool is_composite = study_models.composite.has_value();
  // the cost GP models E[log cost]: its replicate noise (log units) makes the expected cost
  // log-normal; the composite model's log cost is already that of the expected cost
  const double half_noise =
      is_composite
          ? 0.0
          : 0.5 * models.standardize
                      .variance_to_original(models.cost->hyperparameters().noise_variance())
                      .item<double>();
  CostModelView view;
  std::optional<PosteriorIncumbent>& best = view.incumbent;
  at::NoGradGuard no_grad;
  for (const PointSummary& p : points) {
    if (!p.feasible) continue;
    const at::Tensor x = cube.to_unit(at::tensor(p.x, at::kDouble).reshape({1, -1}));
    const surrogate::GpPosterior posterior = model.posterior(x);
    const double mean =
        study_models.standardize.mean_to_original(posterior.mean).item<double>();  // log cost
    if (best && mean >= best->log_cost_mean) continue;
    best = PosteriorIncumbent{
        p, mean,
        std::sqrt(study_models.standardize.variance_to_original(posterior.variance).item<double>()),
        std::exp(mean + half_noise), is_composite ? "composite" : "cost"};
  }
  if (best) {  // marginals through it: one parameter varied over its range, the others fixed
    const at::Tensor centre = cube.to_unit(at::tensor(best->point.x, at::kDouble).reshape({1, -1}));
    const int64_t steps = CostModelView::kMarginalSteps;
    const at::Tensor grid = at::linspace(0.0, 1.0, steps, at::kDouble);
    for (int64_t d = 0; d < centre.size(1); ++d) {
      at::Tensor u = centre.repeat({steps, 1});
      u.select(1, d).copy_(grid);
      const surrogate::GpPosterior posterior = model.posterior(u);
      Marginal m;
      m.x = values(cube.from_unit(u).select(1, d));
      m.log_cost_mean = values(study_models.standardize.mean_to_original(posterior.mean));
      m.log_cost_sd = values(
          study_models.standardize.variance_to_original(posterior.variance.clamp_min(0)).sqrt());
      view.marginals.push_back(std::move(m));
    }
  }
  const surrogate::ParameterImportance importance = surrogate::parameter_importance(*models.cost);
  view.ard_relevance = values(importance.inverse_lengthscale);
  view.sobol_first_order = values(importance.sobol.first_order);
  view.sobol_total = values(importance.sobol.total);
  return view;
}

}  // namespace spikefit::experiments
