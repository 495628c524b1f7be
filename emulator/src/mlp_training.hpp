#pragma once

#include <ATen/ATen.h>

#include <cstdint>

#include "gaussian_mlp.hpp"
#include "spikefit/emulator/emulator.hpp"
#include "training_clock.hpp"

namespace spikefit::emulator {

struct MlpTrainingResult {
  GaussianMlp mlp;  // the weights of the best validation epoch (the last without validation)
  int epochs = 0;
  double best_validation_loss = 0.0;  // NaN without validation rows
};

// One GaussianMlp trained on the Gaussian NLL with Adam (options: learning_rate, weight_decay,
// batch_size, max_epochs, patience; hidden_layers, hidden_width) on minibatches of a fresh seeded
// shuffle each epoch, stopping early when the validation loss has not improved for `patience`
// epochs. Inputs and standardised outputs are float32: x_train [n x d], y_train [n x m],
// x_validation [v x d], y_validation [v x m] (v may be 0). `seed` draws the initial weights and the
// shuffles.
MlpTrainingResult train_gaussian_mlp(const at::Tensor& x_train, const at::Tensor& y_train,
                                     const at::Tensor& x_validation, const at::Tensor& y_validation,
                                     const EmulatorTrainOptions& options, uint64_t seed,
                                     TrainingClock& clock);

}  // namespace spikefit::emulator
