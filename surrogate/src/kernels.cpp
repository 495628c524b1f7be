#include "spikefit/surrogate/kernels.hpp"

#include <torch/autograd.h>

#include <cmath>
#include <stdexcept>

namespace spikefit::surrogate {

namespace {

constexpr double kSqrt5 = 2.2360679774997896964;

// Squared distances [n x m] between the rows of a [n x d] and b [m x d]: one matmul and in-place
// updates, clamped at 0 because the expansion can round below zero.
at::Tensor squared_distances(const at::Tensor& a, const at::Tensor& b) {
  at::Tensor d2 = at::mm(a, b.transpose(0, 1));
  d2.mul_(-2.0).add_(a.pow(2).sum(1, /*keepdim=*/true)).add_(b.pow(2).sum(1).unsqueeze(0));
  return d2.clamp_min_(0.0);
}

// Overwrites d2 [n x m] with the unit-outputscale kernel k(r^2); when derivative is given, also
// sets it to dk/d(r^2) (finite at r = 0: -5/6 for Matern 5/2, -1/2 for RBF).
void unit_kernel_in_place(KernelKind kind, at::Tensor& d2, at::Tensor* derivative) {
  if (kind == KernelKind::kRbf) {
    d2.mul_(-0.5).exp_();
    if (derivative != nullptr) *derivative = d2 * -0.5;
    return;
  }
  at::Tensor r = d2.sqrt();
  const at::Tensor decay = (r * -kSqrt5).exp_();
  d2.mul_(5.0 / 3.0).add_(r, kSqrt5).add_(1.0).mul_(decay);  // (1 + sqrt5 r + 5 r^2 / 3) e^-sqrt5 r
  if (derivative != nullptr) {
    *derivative = r.mul_(kSqrt5).add_(1.0).mul_(decay).mul_(-5.0 / 6.0);
  }
}

// k(a, b) of already scaled inputs, with a hand-written backward (Optuna's approach): forward
// keeps dk/d(r^2) [n x m] instead of autograd's chain of n x m temporaries, and backward needs
// only two matmuls, from r^2_ij = |a_i|^2 + |b_j|^2 - 2 a_i . b_j.
class UnitKernelFunction : public torch::autograd::Function<UnitKernelFunction> {
 public:
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& a,
                            const at::Tensor& b, int64_t kind) {
    at::Tensor k = squared_distances(a, b);
    at::Tensor derivative;
    unit_kernel_in_place(static_cast<KernelKind>(kind), k, &derivative);
    ctx->save_for_backward({a, b, derivative});
    return k;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad_outputs) {
    const auto saved = ctx->get_saved_variables();
    const at::Tensor& a = saved[0];
    const at::Tensor& b = saved[1];
    const at::Tensor h = grad_outputs[0] * saved[2];  // dL/d(r^2) [n x m]
    const at::Tensor grad_a = 2.0 * (h.sum(1, /*keepdim=*/true) * a - at::mm(h, b));
    const at::Tensor grad_b = 2.0 * (h.sum(0).unsqueeze(1) * b - at::mm(h.transpose(0, 1), a));
    return {grad_a, grad_b, at::Tensor()};
  }
};

}  // namespace

at::Tensor kernel_matrix(KernelKind kind, const at::Tensor& x1, const at::Tensor& x2,
                         const at::Tensor& lengthscales, const at::Tensor& outputscale) {
  if (x1.dim() != 2 || x2.dim() != 2 || x1.size(1) != x2.size(1) ||
      lengthscales.numel() != x1.size(1)) {
    throw std::invalid_argument(
        "kernel_matrix: inputs must be [n x d] and [m x d] with d lengthscales");
  }
  const at::Tensor a = x1 / lengthscales;
  const at::Tensor b = x1.is_same(x2) ? a : x2 / lengthscales;
  if (at::GradMode::is_enabled() && (a.requires_grad() || b.requires_grad())) {
    return UnitKernelFunction::apply(a, b, static_cast<int64_t>(kind)) * outputscale;
  }
  at::Tensor k;
  {
    at::NoGradGuard no_grad;
    k = squared_distances(a, b);
    unit_kernel_in_place(kind, k, nullptr);
  }
  if (at::GradMode::is_enabled() && outputscale.requires_grad()) return k * outputscale;
  return k.mul_(outputscale);
}

}  // namespace spikefit::surrogate
