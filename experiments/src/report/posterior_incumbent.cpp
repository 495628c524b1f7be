#include <ATen/ATen.h>

#include <cmath>

#include "spikefit/experiments/study/round_models.hpp"
#include "study_view.hpp"

namespace spikefit::experiments {

std::optional<PosteriorIncumbent> posterior_incumbent(const nlohmann::json& parameters,
                                                      const std::vector<StoredEvaluation>& rows,
                                                      const std::vector<PointSummary>& points) {
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
  std::optional<PosteriorIncumbent> best;
  at::NoGradGuard no_grad;
  for (const PointSummary& p : points) {
    if (!p.feasible) continue;
    const at::Tensor x = cube.to_unit(at::tensor(p.x, at::kDouble).reshape({1, -1}));
    const surrogate::GpPosterior posterior = models.cost->posterior(x);
    const double mean =
        models.standardize.mean_to_original(posterior.mean).item<double>();  // log cost
    if (best && mean >= best->log_cost_mean) continue;
    best = PosteriorIncumbent{
        p, mean,
        std::sqrt(models.standardize.variance_to_original(posterior.variance).item<double>())};
  }
  return best;
}

}  // namespace spikefit::experiments
