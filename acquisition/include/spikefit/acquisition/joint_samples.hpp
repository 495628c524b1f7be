#pragma once

#include <ATen/ATen.h>

#include "spikefit/surrogate/exact_gp.hpp"

namespace spikefit::acquisition {

// Joint samples of the latent function of a GP at x [m x d]: mean + L z with L the (jittered)
// Cholesky factor of the posterior covariance and z standard normal -> [samples x m].
at::Tensor joint_posterior_samples(const surrogate::ExactGp& gp, const at::Tensor& x,
                                   int64_t samples, at::Generator& generator);

}  // namespace spikefit::acquisition
