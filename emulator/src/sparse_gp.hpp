#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <utility>

#include "spikefit/surrogate/exact_gp.hpp"
#include "training_clock.hpp"

namespace spikefit::emulator {

struct SparseGpOptions {
  int64_t inducing_points = 256;
  int iterations = 100;           // L-BFGS iterations on the bound
  int64_t max_fit_points = 1000;  // of the exact GP that gives the starting hyperparameters
  int threads = 0;                // of that exact GP's fit (<= 0: leave alone)
  uint64_t seed = 1;
};

// SGPR (Titsias 2009): a Matern-5/2 ARD GP with a constant mean and Gaussian noise whose posterior
// is approximated through M inducing points Z, fitted by maximising the collapsed variational
// bound
//   F = log N(y | mean, Q + s2 I) - tr(K_ff - Q) / (2 s2),  Q = K_fu K_uu^-1 K_uf,
// over the hyperparameters, the noise s2 and Z: O(n M^2) per evaluation, float64. In GPflow's
// notation (K_uu = L L^T, A = L^-1 K_uf / s, B = I + A A^T = L_B L_B^T, c = L_B^-1 A (y - mean) /
// s) the prediction at x* is
//   mean = mean + (L_B^-1 L^-1 K_u*)^T c,
//   latent variance = k** - |L^-1 K_u*|^2 + |L_B^-1 L^-1 K_u*|^2.
class SparseGp {
 public:
  // x [n x d] in the unit cube, y [n] standardised. The hyperparameters start from a surrogate::
  // ExactGp MAP fit (one start) on a seeded subset of min(options.max_fit_points, 500) points, Z
  // from k-means++ seeding of x; then L-BFGS (strong Wolfe line search) on -F / n over all of them.
  static SparseGp fit(const at::Tensor& x, const at::Tensor& y, const SparseGpOptions& options,
                      TrainingClock& clock);
  // x [t x d] -> the mean [t] and the variance [t] of a new observation (latent + noise)
  std::pair<at::Tensor, at::Tensor> predict(const at::Tensor& x) const;
  int64_t inducing_points() const { return z_.size(0); }
  int64_t input_dims() const { return z_.size(1); }

  nlohmann::json to_json() const;
  static SparseGp from_json(const nlohmann::json& document);

 private:
  SparseGp(at::Tensor z, surrogate::GpHyperparameters h, at::Tensor factor_uu, at::Tensor factor_b,
           at::Tensor c);
  at::Tensor z_;  // [M x d]
  surrogate::GpHyperparameters h_;
  at::Tensor factor_uu_;  // L [M x M]
  at::Tensor factor_b_;   // L_B [M x M]
  at::Tensor c_;          // [M]
};

}  // namespace spikefit::emulator
