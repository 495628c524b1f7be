#pragma once

#include <memory>
#include <string>
#include <vector>

#include "spikefit/engine/cuda_ensemble.hpp"
#include "spikefit/engine/ensemble.hpp"

namespace spikefit::engine::cuda {

// One model's CUDA runner: simulates a batch whose trials are all networks of that model (the
// CUDA ensemble groups a batch by Network::model()). Throws on device failures; trial failures
// are in the recordings' status.
class ModelRunner {
 public:
  virtual ~ModelRunner() = default;
  virtual std::vector<TrialRecording> run(const std::vector<TrialInput>& trials,
                                          const RunOptions& options) = 0;
};

// Makes a model's runner once the device is known to be usable; throws std::runtime_error when
// the runner cannot start (e.g. the build holds no kernel of the model for this device).
using RunnerFactory = std::unique_ptr<ModelRunner> (*)(const CudaOptions& options);

// Throws std::invalid_argument naming the first invalid option (cuda_ensemble.cpp).
void check_options(const CudaOptions& options);

// The registered runner factory of `model` (model_registry.cpp), nullptr when it has none.
RunnerFactory find_runner_factory(const std::string& model);

}  // namespace spikefit::engine::cuda
