#include "mlp_ensemble_emulator.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "mlp_training.hpp"
#include "spikefit/base/random.hpp"
#include "tensor_json.hpp"

namespace spikefit::emulator {

namespace {

// Rows held out for early stopping: round(fraction * n), at least 1 and at most n - 1 when the
// fraction is positive and n >= 2.
int64_t validation_rows(double fraction, int64_t n) {
  if (!(fraction > 0.0) || n < 2) return 0;
  const auto rows = static_cast<int64_t>(std::llround(fraction * static_cast<double>(n)));
  return std::clamp<int64_t>(rows, 1, n - 1);
}

}  // namespace

MlpEnsembleEmulator::MlpEnsembleEmulator(EmulatorKind kind, int64_t input_dims,
                                         OutputScaling scaling, std::vector<GaussianMlp> members)
    : EmulatorBase(kind, input_dims, std::move(scaling)), members_(std::move(members)) {}

std::unique_ptr<MlpEnsembleEmulator> MlpEnsembleEmulator::train(
    const at::Tensor& x, const at::Tensor& y, OutputScaling scaling,
    const EmulatorTrainOptions& options, TrainingClock& clock, TrainingSummary& summary) {
  const int64_t n = x.size(0);
  at::Generator split_generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
  const at::Tensor order = at::randperm(n, split_generator, at::TensorOptions().dtype(at::kLong));
  const int64_t v = validation_rows(options.validation_fraction, n);
  const at::Tensor x32 = x.to(at::kFloat);
  const at::Tensor y32 = y.to(at::kFloat);
  const at::Tensor train_rows = order.slice(0, v);
  const at::Tensor validation_rows_index = order.slice(0, 0, v);
  const at::Tensor x_train = x32.index_select(0, train_rows);
  const at::Tensor y_train = y32.index_select(0, train_rows);
  const at::Tensor x_validation = x32.index_select(0, validation_rows_index);
  const at::Tensor y_validation = y32.index_select(0, validation_rows_index);

  const int members = options.kind == EmulatorKind::kMlp ? 1 : options.ensemble_members;
  std::vector<GaussianMlp> trained;
  summary = {};
  for (int k = 0; k < members; ++k) {
    MlpTrainingResult result =
        train_gaussian_mlp(x_train, y_train, x_validation, y_validation, options,
                           base::trial_seed(options.seed, static_cast<uint64_t>(k)), clock);
    summary.epochs = std::max(summary.epochs, result.epochs);
    summary.best_validation_loss += result.best_validation_loss / members;
    trained.push_back(std::move(result.mlp));
  }
  return std::unique_ptr<MlpEnsembleEmulator>(
      new MlpEnsembleEmulator(options.kind, x.size(1), std::move(scaling), std::move(trained)));
}

nlohmann::json MlpEnsembleEmulator::model_state() const {
  nlohmann::json members = nlohmann::json::array();
  for (const auto& mlp : members_) {
    nlohmann::json parameters = nlohmann::json::array();
    for (const auto& p : mlp.parameters()) parameters.push_back(tensor_to_json(p));
    members.push_back(parameters);
  }
  return {{"members", members}};
}

std::unique_ptr<MlpEnsembleEmulator> MlpEnsembleEmulator::from_state(EmulatorKind kind,
                                                                     const nlohmann::json& state,
                                                                     int64_t input_dims,
                                                                     OutputScaling scaling) {
  std::vector<GaussianMlp> members;
  for (const auto& stored : state.at("members")) {
    std::vector<at::Tensor> parameters;
    for (const auto& p : stored) parameters.push_back(tensor_from_json(p).to(at::kFloat));
    members.emplace_back(std::move(parameters));
    if (members.back().inputs() != input_dims || members.back().outputs() != scaling.outputs()) {
      throw std::runtime_error("mlp emulator: stored network shapes disagree with its dimensions");
    }
  }
  if (members.empty() || (kind == EmulatorKind::kMlp && members.size() != 1)) {
    throw std::runtime_error("mlp emulator: wrong number of stored networks");
  }
  return std::unique_ptr<MlpEnsembleEmulator>(
      new MlpEnsembleEmulator(kind, input_dims, std::move(scaling), std::move(members)));
}

EmulatorPrediction MlpEnsembleEmulator::predict_standardised(const at::Tensor& x) const {
  const at::Tensor x32 = x.to(at::kFloat);
  std::vector<at::Tensor> means, variances;
  for (const auto& mlp : members_) {
    const auto [mean, variance] = mlp.forward(x32);
    means.push_back(mean.to(at::kDouble));
    variances.push_back(variance.to(at::kDouble));
  }
  const at::Tensor member_means = at::stack(means);  // [K x n x m]
  const at::Tensor mean = member_means.mean(0);
  const at::Tensor variance = at::stack(variances).mean(0) + (member_means - mean).square().mean(0);
  return {mean, variance};
}

}  // namespace spikefit::emulator
