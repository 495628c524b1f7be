#include "mlp_training.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/optim/adam.h>

#include <cmath>
#include <limits>

namespace spikefit::emulator {

namespace {

// 0.5 log(2 pi): what gaussian_nll leaves out, so that the reported loss is the NLL itself.
const double kHalfLogTwoPi = 0.5 * std::log(2.0 * M_PI);

double validation_loss(const GaussianMlp& mlp, const at::Tensor& x, const at::Tensor& y) {
  at::NoGradGuard no_grad;
  const auto [mean, variance] = mlp.forward(x);
  return gaussian_nll(mean, variance, y).item<double>() + kHalfLogTwoPi;
}

}  // namespace

MlpTrainingResult train_gaussian_mlp(const at::Tensor& x_train, const at::Tensor& y_train,
                                     const at::Tensor& x_validation, const at::Tensor& y_validation,
                                     const EmulatorTrainOptions& options, uint64_t seed,
                                     TrainingClock& clock) {
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  GaussianMlp mlp(x_train.size(1), y_train.size(1), options.hidden_layers, options.hidden_width,
                  generator);
  for (const auto& p : mlp.parameters()) p.requires_grad_(true);
  torch::optim::Adam adam(
      mlp.parameters(),
      torch::optim::AdamOptions(options.learning_rate).weight_decay(options.weight_decay));

  const bool validate = x_validation.size(0) > 0;
  const int64_t n = x_train.size(0);
  double best_loss = std::numeric_limits<double>::infinity();
  std::vector<at::Tensor> best_parameters = mlp.parameter_copies();
  int epochs = 0;
  int epochs_without_improvement = 0;
  for (int epoch = 0; epoch < options.max_epochs; ++epoch) {
    const at::Tensor order = at::randperm(n, generator, at::TensorOptions().dtype(at::kLong));
    for (int64_t start = 0; start < n; start += options.batch_size) {
      const at::Tensor rows = order.slice(0, start, std::min(n, start + options.batch_size));
      adam.zero_grad();
      const auto [mean, variance] = mlp.forward(x_train.index_select(0, rows));
      gaussian_nll(mean, variance, y_train.index_select(0, rows), options.nll_beta).backward();
      adam.step();
      clock.step_done();
    }
    ++epochs;
    if (!validate) continue;
    const double loss = validation_loss(mlp, x_validation, y_validation);
    if (loss < best_loss) {
      best_loss = loss;
      best_parameters = mlp.parameter_copies();
      epochs_without_improvement = 0;
    } else if (options.patience > 0 && ++epochs_without_improvement >= options.patience) {
      break;
    }
  }
  if (!validate) {
    return {GaussianMlp(mlp.parameter_copies()), epochs, std::nan("")};
  }
  return {GaussianMlp(std::move(best_parameters)), epochs, best_loss};
}

}  // namespace spikefit::emulator
