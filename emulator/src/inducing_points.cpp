#include "inducing_points.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <vector>

namespace spikefit::emulator {

at::Tensor kmeans_plus_plus_centres(const at::Tensor& x, int64_t count, uint64_t seed) {
  const int64_t n = x.size(0);
  if (count >= n) return x.clone();
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  std::vector<int64_t> chosen{
      at::randint(n, {1}, generator, at::TensorOptions().dtype(at::kLong)).item<int64_t>()};
  at::Tensor nearest = (x - x[chosen.back()]).square().sum(1);  // [n] squared distances
  while (static_cast<int64_t>(chosen.size()) < count) {
    if (!(nearest.sum().item<double>() > 0.0)) break;  // every row is a centre already
    chosen.push_back(at::multinomial(nearest, 1, false, generator).item<int64_t>());
    nearest = at::minimum(nearest, (x - x[chosen.back()]).square().sum(1));
  }
  return x.index_select(0, at::tensor(chosen, at::TensorOptions().dtype(at::kLong)));
}

}  // namespace spikefit::emulator
