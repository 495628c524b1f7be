#include "spikefit/acquisition/scalarization.hpp"

#include <stdexcept>

namespace spikefit::acquisition {

at::Tensor sample_simplex_weights(int64_t count, int64_t k, at::Generator& generator) {
  if (k < 1) throw std::invalid_argument("sample_simplex_weights: k must be >= 1");
  const at::Tensor u = at::rand({count, k}, generator, at::TensorOptions().dtype(at::kDouble));
  const at::Tensor e = -(1.0 - u).log();  // Exp(1); 1 - u in (0, 1]
  return e / e.sum(1, /*keepdim=*/true);
}

at::Tensor augmented_chebyshev(const at::Tensor& y, const at::Tensor& weights, double rho) {
  const at::Tensor weighted = y * weights;
  return std::get<0>(weighted.max(-1)) + rho * weighted.sum(-1);
}

}  // namespace spikefit::acquisition
