#include "spikefit/surrogate/objective_model.hpp"

namespace spikefit::surrogate {

ObjectiveModel fit_objective_model(const at::Tensor& x, const at::Tensor& y,
                                   const GpHyperparameters& start, const GpFitOptions& options) {
  ObjectiveModel m;
  m.standardize = Standardize::fit(y);
  m.gp = std::make_unique<ExactGp>(KernelKind::kMatern52, x, m.standardize.apply(y), start);
  m.gp->fit(options);
  return m;
}

}  // namespace spikefit::surrogate
