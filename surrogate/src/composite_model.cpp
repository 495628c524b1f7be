#include "spikefit/surrogate/composite_model.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "spikefit/surrogate/incremental_gp.hpp"

namespace spikefit::surrogate {

namespace {

uint64_t output_seed(uint64_t seed, int64_t output) {
  return seed ^ (0x9E3779B97F4A7C15ull * static_cast<uint64_t>(output + 1));
}

at::Tensor standard_normals(at::IntArrayRef shape, uint64_t seed) {
  const auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  return at::randn(shape, generator, at::kDouble);
}

}  // namespace

CompositeModel::CompositeModel(std::vector<std::shared_ptr<const PosteriorModel>> outputs,
                               OutputCombination combination, CompositeModelOptions options)
    : outputs_(std::move(outputs)), combination_(std::move(combination)), options_(options) {
  if (outputs_.empty()) throw std::invalid_argument("composite model: no outputs");
  for (const auto& output : outputs_) {
    if (output == nullptr || output->dims() != outputs_.front()->dims()) {
      throw std::invalid_argument("composite model: every output needs the same " +
                                  std::to_string(outputs_.front()->dims()) + " inputs");
    }
  }
  if (!combination_) throw std::invalid_argument("composite model: no combination");
  if (options_.moment_samples < 2) {
    throw std::invalid_argument("composite model: moment_samples must be >= 2");
  }
  moment_normals_ = standard_normals(
      {options_.moment_samples, static_cast<int64_t>(outputs_.size())}, options_.seed);
}

std::unique_ptr<PosteriorModel> CompositeModel::clone() const {
  return std::make_unique<CompositeModel>(*this);
}

GpPosterior CompositeModel::posterior(const at::Tensor& x, bool with_covariance) const {
  const int64_t m = x.size(0), s = options_.moment_samples;
  std::vector<at::Tensor> draws;  // per output [s x m]
  for (int64_t j = 0; j < outputs(); ++j) {
    const GpPosterior p = outputs_[static_cast<size_t>(j)]->posterior(x, with_covariance);
    if (with_covariance) {
      // joint draws: the same normals give every call at these points the same samples
      const double jitter = 1e-9 * std::max(1.0, p.variance.max().item<double>());
      const at::Tensor l = at::linalg_cholesky(p.covariance + jitter * at::eye(m, at::kDouble));
      const at::Tensor z = standard_normals({s, m}, output_seed(options_.seed, j));
      draws.push_back(p.mean.unsqueeze(0) + at::matmul(z, l.transpose(0, 1)));
    } else {
      draws.push_back(p.mean.unsqueeze(0) + p.variance.clamp_min(0.0).sqrt().unsqueeze(0) *
                                                moment_normals_.select(1, j).unsqueeze(1));
    }
  }
  const at::Tensor y = combination_(at::stack(draws, 2));  // [s x m]
  GpPosterior out;
  out.mean = y.mean(0);
  const at::Tensor centred = y - out.mean.unsqueeze(0);
  out.variance = centred.pow(2).sum(0) / static_cast<double>(s - 1);
  if (with_covariance) {
    out.covariance = at::matmul(centred.transpose(0, 1), centred) / static_cast<double>(s - 1);
  }
  return out;
}

at::Tensor CompositeModel::sample(const at::Tensor& x, int64_t samples, uint64_t seed,
                                  const PosteriorSamplerOptions& options) const {
  std::vector<at::Tensor> draws;  // per output [samples x m]
  for (int64_t j = 0; j < outputs(); ++j) {
    draws.push_back(
        outputs_[static_cast<size_t>(j)]->sample(x, samples, output_seed(seed, j), options));
  }
  return combination_(at::stack(draws, 2));
}

at::Tensor CompositeModel::batch_samples(const at::Tensor& baseline, const at::Tensor& batches,
                                         const at::Tensor& base) const {
  const int64_t k = outputs(), points = baseline.size(0) + batches.size(1);
  if (base.dim() != 2 || base.size(1) != k * points) {
    throw std::invalid_argument("composite batch_samples: base must be [samples x " +
                                std::to_string(k * points) + "]");
  }
  std::vector<at::Tensor> draws;  // per output [m x samples x (b + q)]
  for (int64_t j = 0; j < k; ++j) {
    draws.push_back(outputs_[static_cast<size_t>(j)]->batch_samples(
        baseline, batches, base.slice(1, j * points, (j + 1) * points)));
  }
  return combination_(at::stack(draws, 3));
}

at::Tensor CompositeModel::lengthscales() const {
  at::Tensor shortest = outputs_.front()->lengthscales().detach();
  for (const auto& output : outputs_) {
    shortest = at::minimum(shortest, output->lengthscales().detach());
  }
  return shortest;
}

std::unique_ptr<PosteriorModel> CompositeModel::believer(const at::Tensor& x) const {
  std::vector<std::shared_ptr<const PosteriorModel>> conditioned;
  for (const auto& output : outputs_) conditioned.push_back(output->believer(x));
  return std::make_unique<CompositeModel>(std::move(conditioned), combination_, options_);
}

IncrementalGp CompositeModel::incremental() const {
  throw std::logic_error(
      "a composite model has no Gaussian posterior to update incrementally: use an MC "
      "acquisition (greedy_acquisition qlognei), not analytic LogEI");
}

}  // namespace spikefit::surrogate
