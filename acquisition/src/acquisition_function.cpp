#include "spikefit/acquisition/acquisition_function.hpp"

#include <memory>

#include "spikefit/acquisition/analytic.hpp"

namespace spikefit::acquisition {

AcquisitionFunction log_ei_function(const surrogate::PosteriorModel& model, double best) {
  return [gp = std::shared_ptr<const surrogate::PosteriorModel>(model.clone()),
          best](const at::Tensor& x) {
    const surrogate::GpPosterior p = gp->posterior(x);
    return log_expected_improvement(p.mean, p.variance.clamp_min(1e-12).sqrt(), best);
  };
}

AcquisitionFunction log_pf_function(const surrogate::FeasibilityModel& feasibility) {
  return [&feasibility](const at::Tensor& x) { return feasibility.log_probability(x); };
}

AcquisitionFunction with_feasibility(AcquisitionFunction acquisition,
                                     const surrogate::FeasibilityModel* feasibility) {
  if (feasibility == nullptr) return acquisition;
  return [acquisition = std::move(acquisition), feasibility](const at::Tensor& x) {
    return acquisition(x) + feasibility->log_probability(x);
  };
}

}  // namespace spikefit::acquisition
