#include "spikefit/acquisition/candidates.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <stdexcept>

#include "spikefit/acquisition/sobol.hpp"

namespace spikefit::acquisition {

int64_t default_candidate_count(int64_t dims) {
  return std::min<int64_t>(5000, std::max<int64_t>(2000, 200 * dims));
}

uint64_t derive_seed(uint64_t seed, uint64_t stream) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ull * (stream + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

at::Tensor space_filling(int64_t n, int64_t dims, uint64_t seed, const at::Tensor& lower,
                         const at::Tensor& upper) {
  if (n < 0 || dims < 1) throw std::invalid_argument("space_filling: need n >= 0 and dims >= 1");
  at::Tensor unit;
  if (dims <= SobolSequence::kMaxDims) {
    SobolSequence sequence(static_cast<int>(dims), /*scramble=*/true, seed);
    const auto points = sequence.next(static_cast<std::size_t>(n));
    unit = at::empty({n, dims}, at::kDouble);
    auto a = unit.accessor<double, 2>();
    for (int64_t i = 0; i < n; ++i) {
      for (int64_t j = 0; j < dims; ++j) a[i][j] = points[i][j];
    }
  } else {
    const auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    unit = at::rand({n, dims}, generator, at::kDouble);
  }
  if (!lower.defined()) return unit;
  return lower + (upper - lower) * unit;
}

at::Tensor perturbation_candidates(const at::Tensor& center, const at::Tensor& lower,
                                   const at::Tensor& upper, int64_t n, uint64_t seed) {
  const int64_t d = center.size(0);
  const at::Tensor fill = space_filling(n, d, derive_seed(seed, 0), lower, upper);  // [n x d]
  const auto generator = at::make_generator<at::CPUGeneratorImpl>(derive_seed(seed, 1));
  const double probability = std::min(1.0, 20.0 / static_cast<double>(d));
  at::Tensor mask = at::rand({n, d}, generator, at::kDouble) <= probability;  // [n x d]
  const at::Tensor none = mask.sum(1) == 0;                                   // [n]
  const at::Tensor forced = at::randint(d, {n}, generator, at::kLong);        // [n]
  mask = mask.logical_or(none.unsqueeze(1).logical_and(at::one_hot(forced, d).to(at::kBool)));
  return at::where(mask, fill, center.unsqueeze(0).expand({n, d}));
}

}  // namespace spikefit::acquisition
