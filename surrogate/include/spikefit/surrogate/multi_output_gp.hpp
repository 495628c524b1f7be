#pragma once

#include <ATen/ATen.h>

#include <vector>

#include "spikefit/surrogate/exact_gp.hpp"

namespace spikefit::surrogate {

// Posterior of k independent outputs at m points.
struct MultiOutputPosterior {
  at::Tensor mean;      // [m x k]
  at::Tensor variance;  // [m x k], latent
};

// Several objectives on the same inputs, each its own ExactGp with its own hyperparameters,
// fitted independently (BoTorch's independent multi-output batching / ModelListGP), for Pareto
// runs.
class IndependentMultiOutputGp {
 public:
  explicit IndependentMultiOutputGp(std::vector<ExactGp> outputs);
  // x [n x d], y [n x k] (each column standardised by the caller), optional known noise
  // yvar [n x k]; every output starts from lengthscale 0.5 (per dimension), outputscale 1,
  // noise 0.01 and the column mean.
  static IndependentMultiOutputGp make(KernelKind kind, const at::Tensor& x, const at::Tensor& y,
                                       const at::Tensor& yvar = at::Tensor());

  // Fits every output with options, the seed offset by the output index; returns the objectives.
  std::vector<double> fit(const GpFitOptions& options);
  // Posteriors of all outputs at x [m x d], stacked by column; differentiable in x.
  MultiOutputPosterior posterior(const at::Tensor& x) const;
  // Each output conditioned on pending points new_x [m x d] with fantasies new_y [m x k].
  IndependentMultiOutputGp extended(const at::Tensor& new_x, const at::Tensor& new_y) const;

  int64_t outputs() const { return static_cast<int64_t>(outputs_.size()); }
  const ExactGp& output(int64_t index) const {
    return outputs_.at(static_cast<std::size_t>(index));
  }

 private:
  std::vector<ExactGp> outputs_;
};

}  // namespace spikefit::surrogate
