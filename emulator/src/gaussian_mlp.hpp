#pragma once

#include <ATen/ATen.h>

#include <utility>
#include <vector>

namespace spikefit::emulator {

// A fully connected network with a heteroscedastic Gaussian head, float32:
//   d inputs -> hidden_layers x (hidden_width, SiLU) -> 2m: the mean of each standardised output
//   and its variance softplus(raw) + kMinVariance.
// Plain tensors (not a torch::nn::Module) so that initialisation draws from the caller's generator
// and storing and copying the weights is one list.
class GaussianMlp {
 public:
  static constexpr double kMinVariance = 1e-6;

  // PyTorch's default nn.Linear initialisation (weights and biases uniform in +-1/sqrt(fan_in)),
  // drawn from `generator`.
  GaussianMlp(int64_t inputs, int64_t outputs, int hidden_layers, int hidden_width,
              at::Generator& generator);
  // Weights [out x in] and biases [out] of each layer in turn, the last layer with 2m outputs.
  explicit GaussianMlp(std::vector<at::Tensor> parameters);

  // x [n x d] float32 -> mean, variance [n x m] float32
  std::pair<at::Tensor, at::Tensor> forward(const at::Tensor& x) const;
  const std::vector<at::Tensor>& parameters() const { return parameters_; }
  // Independent copies of the weights, without gradients.
  std::vector<at::Tensor> parameter_copies() const;
  int64_t inputs() const { return parameters_.front().size(1); }
  int64_t outputs() const { return parameters_.back().size(0) / 2; }

 private:
  std::vector<at::Tensor> parameters_;  // W0, b0, W1, b1, ...
};

// Mean over values of the Gaussian negative log likelihood without its constant,
// 0.5 (log variance + (y - mean)^2 / variance), each value weighted by variance^beta held constant
// (the beta-NLL of Seitzer et al. 2022; beta = 0: the NLL itself, beta = 1: the mean's gradient
// is the squared error's, so that a large variance no longer stalls learning the mean, while the
// variance still converges to the squared error); all [n x m].
at::Tensor gaussian_nll(const at::Tensor& mean, const at::Tensor& variance, const at::Tensor& y,
                        double beta = 0.0);

}  // namespace spikefit::emulator
