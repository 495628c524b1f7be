#include "sparse_gp_emulator.hpp"

#include <stdexcept>

#include "spikefit/base/random.hpp"

namespace spikefit::emulator {

SparseGpEmulator::SparseGpEmulator(int64_t input_dims, OutputScaling scaling,
                                   std::vector<SparseGp> outputs)
    : EmulatorBase(EmulatorKind::kSparseGp, input_dims, std::move(scaling)),
      outputs_(std::move(outputs)) {}

std::unique_ptr<SparseGpEmulator> SparseGpEmulator::train(const at::Tensor& x, const at::Tensor& y,
                                                          OutputScaling scaling,
                                                          const EmulatorTrainOptions& options,
                                                          TrainingClock& clock) {
  std::vector<SparseGp> outputs;
  for (int64_t j = 0; j < y.size(1); ++j) {
    SparseGpOptions sparse;
    sparse.inducing_points = options.inducing_points;
    sparse.iterations = options.sparse_gp_iterations;
    sparse.max_fit_points = options.gp_max_fit_points;
    sparse.threads = options.threads;
    sparse.seed = base::trial_seed(options.seed, static_cast<uint64_t>(j));
    outputs.push_back(SparseGp::fit(x, y.select(1, j).contiguous(), sparse, clock));
  }
  return std::unique_ptr<SparseGpEmulator>(
      new SparseGpEmulator(x.size(1), std::move(scaling), std::move(outputs)));
}

nlohmann::json SparseGpEmulator::model_state() const {
  nlohmann::json outputs = nlohmann::json::array();
  for (const auto& gp : outputs_) outputs.push_back(gp.to_json());
  return {{"outputs", outputs}};
}

std::unique_ptr<SparseGpEmulator> SparseGpEmulator::from_state(const nlohmann::json& state,
                                                               int64_t input_dims,
                                                               OutputScaling scaling) {
  std::vector<SparseGp> outputs;
  for (const auto& stored : state.at("outputs")) {
    outputs.push_back(SparseGp::from_json(stored));
    if (outputs.back().input_dims() != input_dims) {
      throw std::runtime_error("sparse GP emulator: stored inducing points of the wrong dimension");
    }
  }
  if (static_cast<int64_t>(outputs.size()) != scaling.outputs()) {
    throw std::runtime_error("sparse GP emulator: one stored GP per output expected");
  }
  return std::unique_ptr<SparseGpEmulator>(
      new SparseGpEmulator(input_dims, std::move(scaling), std::move(outputs)));
}

EmulatorPrediction SparseGpEmulator::predict_standardised(const at::Tensor& x) const {
  std::vector<at::Tensor> means, variances;
  for (const auto& gp : outputs_) {
    auto [mean, variance] = gp.predict(x);
    means.push_back(mean);
    variances.push_back(variance);
  }
  return {at::stack(means, 1), at::stack(variances, 1)};
}

}  // namespace spikefit::emulator
