#include "spikefit/surrogate/kernels.hpp"

#include <cmath>

namespace spikefit::surrogate {

at::Tensor kernel_matrix(KernelKind kind, const at::Tensor& x1, const at::Tensor& x2,
                         const at::Tensor& lengthscales, const at::Tensor& outputscale) {
  const at::Tensor a = x1 / lengthscales;
  const at::Tensor b = x2 / lengthscales;
  // squared scaled distances [n x m]; clamped because the expansion can round below zero
  const at::Tensor d2 = (a.pow(2).sum(1).unsqueeze(1) + b.pow(2).sum(1).unsqueeze(0) -
                         2.0 * at::matmul(a, b.transpose(0, 1)))
                            .clamp_min(0.0);
  if (kind == KernelKind::kRbf) return outputscale * at::exp(-0.5 * d2);
  // sqrt is taken of d2 clamped away from 0, so its gradient stays finite on the diagonal
  const at::Tensor r = d2.clamp_min(1e-36).sqrt();
  const double sqrt5 = std::sqrt(5.0);
  return outputscale * (1.0 + sqrt5 * r + (5.0 / 3.0) * d2) * at::exp(-sqrt5 * r);
}

}  // namespace spikefit::surrogate
