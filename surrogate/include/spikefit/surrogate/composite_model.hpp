#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "spikefit/surrogate/posterior_model.hpp"

namespace spikefit::surrogate {

// g: the k outputs' latent values [... x k] (each in its own model's units) -> the objective
// [...] in model units; differentiable (torch ops only).
using OutputCombination = std::function<at::Tensor(const at::Tensor& outputs)>;

struct CompositeModelOptions {
  // Fixed quasi-MC normals per output behind posterior()'s mean and variance.
  int64_t moment_samples = 128;
  uint64_t seed = 0;
};

// The posterior of a known function of modelled quantities, y(x) = g(f_1(x), ..., f_k(x)) with
// f_j independent posterior models (composite BO, Astudillo & Frazier 2019; BoTorch's
// GenericMCObjective over a ModelListGP): joint samples of the outputs pushed through g.
// - sample, batch_samples: exact (each output's samples, g applied per sample);
// - posterior: the MC mean and variance (covariance when asked) of g over fixed base samples,
//   smooth and differentiable in x: the model's mean is what a noise-aware incumbent ranks by;
// - lengthscales: per input the shortest of the outputs' (the objective varies as fast as its
//   fastest output);
// - believer: every output conditioned on its own posterior mean;
// - incremental: throws std::logic_error (no Gaussian form; use MC acquisition such as qLogNEI).
class CompositeModel final : public PosteriorModel {
 public:
  CompositeModel(std::vector<std::shared_ptr<const PosteriorModel>> outputs,
                 OutputCombination combination, CompositeModelOptions options = {});

  std::unique_ptr<PosteriorModel> clone() const override;
  int64_t dims() const override { return outputs_.front()->dims(); }
  GpPosterior posterior(const at::Tensor& x, bool with_covariance = false) const override;
  at::Tensor sample(const at::Tensor& x, int64_t samples, uint64_t seed,
                    const PosteriorSamplerOptions& options) const override;
  int64_t base_width() const override { return outputs(); }
  at::Tensor batch_samples(const at::Tensor& baseline, const at::Tensor& batches,
                           const at::Tensor& base) const override;
  at::Tensor lengthscales() const override;
  std::unique_ptr<PosteriorModel> believer(const at::Tensor& x) const override;
  IncrementalGp incremental() const override;

  int64_t outputs() const { return static_cast<int64_t>(outputs_.size()); }
  const PosteriorModel& output(int64_t j) const { return *outputs_.at(static_cast<size_t>(j)); }
  // g applied to output values [... x k].
  at::Tensor combine(const at::Tensor& outputs) const { return combination_(outputs); }

 private:
  std::vector<std::shared_ptr<const PosteriorModel>> outputs_;
  OutputCombination combination_;
  CompositeModelOptions options_;
  at::Tensor moment_normals_;  // [moment_samples x k], fixed
};

}  // namespace spikefit::surrogate
