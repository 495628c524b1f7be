#pragma once

#include <ATen/ATen.h>

namespace spikefit::acquisition {

// Analytic acquisition values from a Gaussian posterior (mean [m], standard deviation sigma [m]),
// for MINIMISING the modelled quantity (log cost). All are differentiable and finite far into
// the tails (specs/bo_gp.md: the LogEI family of Ament et al. 2023).

// log E[max(best - f, 0)] = log sigma + log h(z), z = (best - mean) / sigma,
// h(z) = phi(z) + z Phi(z); for z < -1 via log phi(z) + log(1 - |z| Phi(z) / phi(z)) with
// Phi/phi from erfcx, and the asymptote -2 log|z| beyond z = -1e6.
at::Tensor log_expected_improvement(const at::Tensor& mean, const at::Tensor& sigma, double best);

// log P(f < best) = log Phi(z).
at::Tensor log_probability_of_improvement(const at::Tensor& mean, const at::Tensor& sigma,
                                          double best);

// Lower confidence bound mean - sqrt(beta) sigma, negated so that larger is better.
at::Tensor negative_lower_confidence_bound(const at::Tensor& mean, const at::Tensor& sigma,
                                           double beta);

// log P(feasible) from SNOPS's feasibility GP on 0/1 labels: log Phi((mean - 0.5) / sigma).
at::Tensor log_probability_of_feasibility(const at::Tensor& mean, const at::Tensor& sigma);

}  // namespace spikefit::acquisition
