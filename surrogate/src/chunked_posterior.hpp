#pragma once

#include <ATen/ATen.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "spikefit/surrogate/exact_gp.hpp"

namespace spikefit::surrogate {

// Rows of test points the GP classes predict at once: memory O(n chunk) instead of O(n m).
constexpr int64_t kPosteriorChunk = 2048;

// Mean and variance [m] of posterior_of over x [m x d], kPosteriorChunk rows at a time (no
// covariance). posterior_of(part [k x d]) -> GpPosterior.
template <class PosteriorOf>
GpPosterior chunked_posterior(const at::Tensor& x, PosteriorOf&& posterior_of) {
  const int64_t m = x.size(0);
  std::vector<at::Tensor> means, variances;
  for (int64_t begin = 0; begin < m; begin += kPosteriorChunk) {
    GpPosterior part = posterior_of(x.slice(0, begin, std::min(m, begin + kPosteriorChunk)));
    means.push_back(part.mean);
    variances.push_back(part.variance);
  }
  return {at::cat(means), at::cat(variances), at::Tensor()};
}

}  // namespace spikefit::surrogate
