#pragma once

#include <ATen/ATen.h>

#include <cstdint>

#include "spikefit/surrogate/exact_gp.hpp"

namespace spikefit::surrogate {

// Joint samples of the latent function at m points x [m x d] from the GP posterior:
// mean + L z with L L^T the posterior covariance [m x m] (robust_cholesky, jitter escalation)
// and z standard normal, keyed by seed. Returns [samples x m]. Throws std::invalid_argument on
// bad shapes and std::runtime_error when the covariance cannot be factorised.
at::Tensor sample_posterior(const ExactGp& gp, const at::Tensor& x, int64_t samples, uint64_t seed);

// The same from given standard-normal draws z [samples x m] (fixed base samples).
at::Tensor sample_posterior_from(const ExactGp& gp, const at::Tensor& x, const at::Tensor& z);

// Samples [samples x m] of the latent function at x [m x d] by the sampler the options choose,
// keyed by seed. Pathwise samples approximate the posterior (the prior by random features,
// updated exactly by Matheron's rule) and never form the [m x m] covariance.
at::Tensor sample_posterior(const ExactGp& gp, const at::Tensor& x, int64_t samples, uint64_t seed,
                            const PosteriorSamplerOptions& options);

}  // namespace spikefit::surrogate
