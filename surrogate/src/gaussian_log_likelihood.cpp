#include "gaussian_log_likelihood.hpp"

#include <torch/autograd.h>

#include <stdexcept>

#include "spikefit/surrogate/cholesky.hpp"

namespace spikefit::surrogate::detail {

namespace {

constexpr double kLog2Pi = 1.8378770664093454836;

class GaussianLogLikelihoodFunction
    : public torch::autograd::Function<GaussianLogLikelihoodFunction> {
 public:
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& kernel,
                            const at::Tensor& noise, const at::Tensor& residual) {
    at::Tensor covariance = kernel.clone();  // [n x n]
    covariance.diagonal().add_(noise);
    const CholeskyResult chol = robust_cholesky(covariance);
    if (!chol.ok) {
      throw std::runtime_error("gaussian_log_likelihood: covariance not positive definite");
    }
    covariance = at::Tensor();
    const at::Tensor alpha = at::cholesky_solve(residual.unsqueeze(1), chol.factor).squeeze(1);
    ctx->save_for_backward({chol.factor, alpha});
    const auto n = static_cast<double>(residual.numel());
    return -0.5 * at::dot(residual, alpha) - chol.factor.diagonal().log().sum() - 0.5 * n * kLog2Pi;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad_outputs) {
    const auto saved = ctx->get_saved_variables();
    const at::Tensor& alpha = saved[1];
    const at::Tensor g = grad_outputs[0];
    at::Tensor grad_kernel = at::cholesky_inverse(saved[0]);  // K^-1 [n x n]
    grad_kernel.neg_().addr_(alpha, alpha).mul_(0.5 * g);
    const at::Tensor grad_noise = grad_kernel.diagonal().clone();
    return {grad_kernel, grad_noise, -g * alpha};
  }
};

}  // namespace

at::Tensor gaussian_log_likelihood(const at::Tensor& kernel, const at::Tensor& noise,
                                   const at::Tensor& residual) {
  return GaussianLogLikelihoodFunction::apply(kernel, noise, residual);
}

}  // namespace spikefit::surrogate::detail
