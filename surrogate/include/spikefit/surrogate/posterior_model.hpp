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
// model conditioned on its own predictions (Kriging believer). ExactGp (Gaussian) and
// CompositeModel (a known function of several GPs) implement it.
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
  // Standard normals per point that batch_samples reads: 1 for a GP, one per modelled output for
  // a composite.
  virtual int64_t base_width() const { return 1; }
  // Reparameterised joint samples with fixed base samples (BoTorch's MC posterior), for m batches
  // of q points that share b baseline points: baseline [b x d], batches [m x q x d], base
  // [samples x base_width() * (b + q)] standard normals -> [m x samples x (b + q)] (baseline
  // first), differentiable in the batches. The default is Gaussian: mean + L z per batch, from
  // one joint posterior over the baseline and every batch point.
  virtual at::Tensor batch_samples(const at::Tensor& baseline, const at::Tensor& batches,
                                   const at::Tensor& base) const;
  // Per-input lengthscales [d] (trust regions shape their box by them).
  virtual at::Tensor lengthscales() const = 0;
  // The model conditioned on its own posterior mean at x [m x d] (Kriging believer: pending
  // points, a batch's earlier picks); hyperparameters shared, not refitted.
  virtual std::unique_ptr<PosteriorModel> believer(const at::Tensor& x) const = 0;
  // The model conditioned block by block with tracked candidates (incremental_gp.hpp); a model
  // without a Gaussian posterior throws std::logic_error.
  virtual IncrementalGp incremental() const = 0;
};

}  // namespace spikefit::surrogate
