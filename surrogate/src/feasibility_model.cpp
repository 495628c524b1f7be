#include "spikefit/surrogate/feasibility_model.hpp"

#include <torch/torch.h>

namespace spikefit::surrogate {

LabelGpFeasibility::LabelGpFeasibility(const at::Tensor& x, const at::Tensor& feasible,
                                       GpFitOptions fit) {
  // A subset by "lowest y" would keep only infeasible labels: large label sets are subsampled
  // at random.
  fit.subset_best_fraction = 0.0;
  const at::Tensor labels = feasible.to(at::kDouble);
  gp_ = std::make_unique<ExactGp>(
      KernelKind::kMatern52, x.to(at::kDouble), labels,
      GpHyperparameters::make(x.size(1), 0.5, 0.25, 0.01, labels.mean().item<double>()));
  gp_->fit(fit);
}

at::Tensor LabelGpFeasibility::log_probability(const at::Tensor& x) const {
  // sigma of a new observation, noise included, as MATLAB's predict gives SNOPS.
  const GpPosterior p = gp_->posterior(x);
  const at::Tensor sigma = (p.variance + gp_->hyperparameters().noise_variance()).sqrt();
  return torch::special::log_ndtr((p.mean - 0.5) / sigma);
}

}  // namespace spikefit::surrogate
