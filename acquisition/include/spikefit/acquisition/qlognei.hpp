#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <memory>

#include "spikefit/acquisition/acquisition_function.hpp"
#include "spikefit/surrogate/posterior_model.hpp"

namespace spikefit::acquisition {

struct QLogNeiOptions {
  int64_t samples = 256;   // fixed quasi-MC base samples
  double tau_relu = 1e-6;  // smoothing of max(improvement, 0)
  double tau_max = 1e-2;   // smoothing of the max over the q points of a batch
  uint64_t seed = 0;       // scrambling of the base samples
};

// Monte-Carlo log noisy expected improvement (Ament et al. 2023; BoTorch's qLogNEI) of a
// MINIMISED objective: the incumbent is not an observed value but the minimum, per joint
// posterior sample, of f over the baseline points, so observation noise is integrated over.
//   qLogNEI(X) = log mean_s exp( smoothmax_j log softplus_tau((min_b f_s(b) - f_s(x_j)) / tau) tau
//   )
// with f_s the model's reparameterised joint samples over [baseline; X] (batch_samples: for a GP
// mu + L z_s, L the Cholesky factor of the joint posterior covariance; for a composite model the
// cost formula of its outputs' samples) from z_s fixed scrambled-Sobol normal base samples
// (inverse normal CDF of the points). Sobol supplies at most 1111 dimensions, so
// base_width x (baseline rows + q) <= 1111 (prune the baseline first: qlognei_baseline).
class QLogNoisyExpectedImprovement {
 public:
  QLogNoisyExpectedImprovement(const surrogate::PosteriorModel& model,
                               at::Tensor baseline /*[b x d]*/, int64_t q,
                               const QLogNeiOptions& options = QLogNeiOptions{});
  // batches [m x q x d] -> [m], differentiable in the batches.
  at::Tensor operator()(const at::Tensor& batches) const;
  const at::Tensor& base_samples() const { return base_samples_; }  // [samples x w (b + q)]

 private:
  std::shared_ptr<const surrogate::PosteriorModel> gp_;  // a clone
  at::Tensor baseline_;
  int64_t q_;
  QLogNeiOptions options_;
  at::Tensor base_samples_;
};

// The baseline for qLogNEI: the `count` rows of x [n x d] with the lowest posterior mean.
at::Tensor qlognei_baseline(const surrogate::PosteriorModel& model, const at::Tensor& x,
                            int64_t count);

// qLogNEI of single points (q = 1) as an AcquisitionFunction: x [m x d] -> [m].
AcquisitionFunction qlognei_function(const surrogate::PosteriorModel& model,
                                     const at::Tensor& baseline,
                                     const QLogNeiOptions& options = QLogNeiOptions{});

}  // namespace spikefit::acquisition
