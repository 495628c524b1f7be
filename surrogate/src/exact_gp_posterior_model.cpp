// ExactGp as the PosteriorModel acquisition reads.
#include <memory>

#include "spikefit/surrogate/exact_gp.hpp"
#include "spikefit/surrogate/incremental_gp.hpp"
#include "spikefit/surrogate/posterior_sampling.hpp"

namespace spikefit::surrogate {

std::unique_ptr<PosteriorModel> ExactGp::clone() const {
  return std::make_unique<ExactGp>(*this);
}

at::Tensor ExactGp::sample(const at::Tensor& x, int64_t samples, uint64_t seed,
                           const PosteriorSamplerOptions& options) const {
  return sample_posterior(*this, x, samples, seed, options);
}

std::unique_ptr<PosteriorModel> ExactGp::believer(const at::Tensor& x) const {
  return std::make_unique<ExactGp>(extended(x, posterior(x).mean));
}

IncrementalGp ExactGp::incremental() const {
  return IncrementalGp(*this);
}

}  // namespace spikefit::surrogate
