#include "spikefit/surrogate/fit_subset.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace spikefit::surrogate {

at::Tensor fit_subset_indices(const at::Tensor& y, int64_t size, double best_fraction,
                              uint64_t seed) {
  if (y.dim() != 1) throw std::invalid_argument("fit_subset_indices: y must be [n]");
  if (size <= 0) throw std::invalid_argument("fit_subset_indices: size must be positive");
  if (!(best_fraction >= 0.0 && best_fraction <= 1.0)) {
    throw std::invalid_argument("fit_subset_indices: best_fraction must lie in [0, 1]");
  }
  const int64_t n = y.size(0);
  const auto index_options = at::TensorOptions().dtype(at::kLong);
  if (size >= n) return at::arange(n, index_options);
  const int64_t best =
      std::min(size, static_cast<int64_t>(std::llround(best_fraction * static_cast<double>(size))));
  const at::Tensor order = at::argsort(y);  // ascending
  const at::Tensor rest = order.slice(0, best);
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  const at::Tensor drawn = rest.index_select(
      0, at::randperm(rest.size(0), generator, index_options).slice(0, 0, size - best));
  return std::get<0>(at::sort(at::cat({order.slice(0, 0, best), drawn})));
}

}  // namespace spikefit::surrogate
