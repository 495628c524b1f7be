#include "gaussian_mlp.hpp"

#include <cmath>
#include <stdexcept>

namespace spikefit::emulator {

GaussianMlp::GaussianMlp(int64_t inputs, int64_t outputs, int hidden_layers, int hidden_width,
                         at::Generator& generator) {
  const auto options = at::TensorOptions().dtype(at::kFloat);
  int64_t fan_in = inputs;
  for (int layer = 0; layer <= hidden_layers; ++layer) {
    const int64_t fan_out = layer < hidden_layers ? hidden_width : 2 * outputs;
    const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
    parameters_.push_back(at::empty({fan_out, fan_in}, options).uniform_(-bound, bound, generator));
    parameters_.push_back(at::empty({fan_out}, options).uniform_(-bound, bound, generator));
    fan_in = fan_out;
  }
}

GaussianMlp::GaussianMlp(std::vector<at::Tensor> parameters) : parameters_(std::move(parameters)) {
  if (parameters_.size() < 2 || parameters_.size() % 2 != 0) {
    throw std::runtime_error("Gaussian MLP: weights and biases of at least one layer expected");
  }
  for (std::size_t k = 0; k < parameters_.size(); k += 2) {
    const at::Tensor& w = parameters_[k];
    const at::Tensor& b = parameters_[k + 1];
    if (w.dim() != 2 || b.dim() != 1 || b.size(0) != w.size(0) ||
        (k > 0 && w.size(1) != parameters_[k - 2].size(0))) {
      throw std::runtime_error("Gaussian MLP: layer shapes do not chain");
    }
  }
  if (parameters_.back().size(0) % 2 != 0) {
    throw std::runtime_error("Gaussian MLP: the last layer must give a mean and a variance");
  }
}

std::pair<at::Tensor, at::Tensor> GaussianMlp::forward(const at::Tensor& x) const {
  at::Tensor h = x;
  const std::size_t last = parameters_.size() - 2;
  for (std::size_t k = 0; k < last; k += 2) {
    h = at::silu(at::linear(h, parameters_[k], parameters_[k + 1]));
  }
  const at::Tensor head = at::linear(h, parameters_[last], parameters_[last + 1]);
  const int64_t m = outputs();
  return {head.slice(1, 0, m), at::softplus(head.slice(1, m)) + kMinVariance};
}

std::vector<at::Tensor> GaussianMlp::parameter_copies() const {
  std::vector<at::Tensor> copies;
  for (const auto& p : parameters_) copies.push_back(p.detach().clone());
  return copies;
}

at::Tensor gaussian_nll(const at::Tensor& mean, const at::Tensor& variance, const at::Tensor& y,
                        double beta) {
  const at::Tensor nll = 0.5 * (variance.log() + (y - mean).square() / variance);
  if (beta == 0.0) return nll.mean();
  return (variance.detach().pow(beta) * nll).mean();
}

}  // namespace spikefit::emulator
