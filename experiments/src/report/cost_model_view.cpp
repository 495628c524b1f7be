#include <ATen/ATen.h>

#include "spikefit/experiments/study/posterior_incumbent.hpp"
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
  const surrogate::UnitCube cube = study_unit_cube(parameters);
  const RoundModels models = fit_round_models(cube, rows, 0);
  if (!models.cost) return std::nullopt;
  std::optional<RoundModels> composite_models;
  if (composite != nullptr) composite_models = fit_round_models(cube, rows, 0, composite);
  const RoundModels& study_models = composite_models ? *composite_models : models;
  const surrogate::PosteriorModel& model = *study_models.objective();
  CostModelView view;
  view.incumbent = posterior_incumbent(cube, study_models, points);
  const std::optional<PosteriorIncumbent>& best = view.incumbent;
  at::NoGradGuard no_grad;
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
