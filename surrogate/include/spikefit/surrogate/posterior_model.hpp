#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <memory>

namespace spikefit::surrogate {

class IncrementalGp;

// The posterior of the latent function at m test points.
struct GpPosterior {
  at::Tensor mean;        // [m]
  at::Tensor variance;    // [m], latent (without observation noise)
  at::Tensor covariance;  // [m x m], when asked for
};

enum class PosteriorSamplerKind {
  kAuto,      // exact below pathwise_min_points training points, pathwise from there
  kExact,     // joint samples from the [m x m] posterior covariance: O(n^2 m + n m^2 + m^3)
  kPathwise,  // PathwiseSampler paths evaluated at x: O(n^2 s + n m s + (n + m) F s)
};

struct PosteriorSamplerOptions {
  PosteriorSamplerKind kind = PosteriorSamplerKind::kAuto;
  int64_t pathwise_min_points = 1000;
  int64_t features = 2048;  // random Fourier features of the pathwise prior
};

// What acquisition reads from a model of the objective (unit-cube inputs, model units): the
// latent posterior at candidate points, joint samples of it, the inputs' lengthscales, and the
// model conditioned on fantasy observations. ExactGp implements it.
class PosteriorModel {
 public:
  virtual ~PosteriorModel() = default;
  // An independent handle on the same model (tensors shared, not duplicated).
  virtual std::unique_ptr<PosteriorModel> clone() const = 0;
  virtual int64_t dims() const = 0;
  // Latent posterior at x [m x d], differentiable in x; the covariance only when asked.
  virtual GpPosterior posterior(const at::Tensor& x, bool with_covariance = false) const = 0;
  // Joint samples [samples x m] of the latent function at x [m x d] by the sampler the options
  // choose, keyed by seed.
  virtual at::Tensor sample(const at::Tensor& x, int64_t samples, uint64_t seed,
                            const PosteriorSamplerOptions& options) const = 0;
  // Per-input lengthscales [d] (trust regions shape their box by them).
  virtual at::Tensor lengthscales() const = 0;
  // The model conditioned on m more observations y [m] at x [m x d] (fantasies: pending points,
  // Kriging believer); hyperparameters shared, not refitted.
  virtual std::unique_ptr<PosteriorModel> conditioned(const at::Tensor& x,
                                                      const at::Tensor& y) const = 0;
  // The model conditioned block by block with tracked candidates (incremental_gp.hpp).
  virtual IncrementalGp incremental() const = 0;
};

}  // namespace spikefit::surrogate
