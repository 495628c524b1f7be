#pragma once

#include <ATen/ATen.h>

#include <cstdint>

namespace spikefit::surrogate {

// Hyperparameter priors of the exact GP (densities of the constrained values, as GPyTorch
// evaluates them, summed over entries):
//   kDimensionScaledLogNormal (BoTorch >= 0.12): lengthscales LogNormal(sqrt(2) + log(d) / 2,
//     sqrt(3)), noise variance LogNormal(-4, 1), outputscale flat;
//   kGamma (BoTorch <= 0.11, SNOPS, TuRBO): lengthscales Gamma(3, 6), outputscale Gamma(2, 0.15),
//     noise variance Gamma(1.1, 0.05), rates not scales.
enum class PriorKind { kDimensionScaledLogNormal, kGamma };

// log densities, differentiable in the log values (tensors of any shape)
at::Tensor log_normal_log_density(const at::Tensor& log_x, double loc, double scale);
at::Tensor gamma_log_density(const at::Tensor& log_x, double concentration, double rate);

at::Tensor lengthscale_log_prior(PriorKind kind, const at::Tensor& log_lengthscales);  // [d]
at::Tensor outputscale_log_prior(PriorKind kind, const at::Tensor& log_outputscale);   // []
at::Tensor noise_log_prior(PriorKind kind, const at::Tensor& log_noise_variance);      // []

// Draws from the priors (log values), for restarts of a fit; a flat outputscale prior gives 1.
at::Tensor sample_log_lengthscales(PriorKind kind, int64_t dims, at::Generator& generator);  // [d]
double sample_log_outputscale(PriorKind kind, at::Generator& generator);
double sample_log_noise_variance(PriorKind kind, at::Generator& generator);

}  // namespace spikefit::surrogate
