#include "spikefit/experiments/study/posterior_incumbent.hpp"

#include <cmath>

#include "spikefit/experiments/study/stored_study.hpp"

namespace spikefit::experiments {

std::optional<PosteriorIncumbent> posterior_incumbent(const surrogate::UnitCube& cube,
                                                      const RoundModels& models,
                                                      const std::vector<PointSummary>& points) {
  const surrogate::PosteriorModel* model = models.objective();
  if (model == nullptr) return std::nullopt;
  const bool is_composite = models.composite.has_value();
  // the cost GP models E[log cost]: its replicate noise (log units) makes the expected cost
  // log-normal; the composite model's log cost is already that of the expected cost
  const double half_noise =
      is_composite
          ? 0.0
          : 0.5 * models.standardize
                      .variance_to_original(models.cost->hyperparameters().noise_variance())
                      .item<double>();
  at::NoGradGuard no_grad;
  std::optional<PosteriorIncumbent> best;
  for (const PointSummary& p : points) {
    if (!p.feasible) continue;
    const at::Tensor x = cube.to_unit(at::tensor(p.x, at::kDouble).reshape({1, -1}));
    const surrogate::GpPosterior posterior = model->posterior(x);
    const double mean = models.standardize.mean_to_original(posterior.mean).item<double>();
    if (best && mean >= best->log_cost_mean) continue;
    best = PosteriorIncumbent{
        p, mean,
        std::sqrt(models.standardize.variance_to_original(posterior.variance).item<double>()),
        std::exp(mean + half_noise), is_composite ? "composite" : "cost"};
  }
  return best;
}

surrogate::UnitCube study_unit_cube(const nlohmann::json& parameters) {
  std::vector<double> lower, upper;
  std::vector<bool> log_scale;
  for (const auto& p : parameters) {
    lower.push_back(p.at("lower").get<double>());
    upper.push_back(p.at("upper").get<double>());
    log_scale.push_back(p.value("log_scale", false));
  }
  return surrogate::UnitCube(lower, upper, log_scale);
}

std::optional<PosteriorIncumbent> study_posterior_incumbent(const StudyStorage& storage) {
  const nlohmann::json study = storage.study();
  const std::vector<StoredEvaluation> rows = storage.evaluations();
  std::optional<CostFormula> composite;
  if (study_uses_composite_model(study)) composite = study_cost_formula(study);
  const surrogate::UnitCube cube = study_unit_cube(study.at("parameters"));
  const RoundModels models = fit_round_models(cube, rows, 0, composite ? &*composite : nullptr);
  return posterior_incumbent(cube, models, summarise_points(rows));
}

}  // namespace spikefit::experiments
