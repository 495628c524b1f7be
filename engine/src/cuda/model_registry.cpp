// The CUDA runners of the model plug-ins: one line per model.
#include <string>

#include "cuda/model_runner.hpp"
#include "models/balanced/cuda/balanced_cuda_runner.hpp"
#include "models/basal_ganglia/cuda/bg_cuda_runner.hpp"

namespace spikefit::engine::cuda {

namespace {

struct RegisteredModel {
  const char* model;
  RunnerFactory make;
};

const RegisteredModel kModels[] = {
    {BalancedNetwork::kModel, &make_balanced_runner},
    {bg::BgNetwork::kModel, &bg::make_bg_runner},
};

}  // namespace

RunnerFactory find_runner_factory(const std::string& model) {
  for (const RegisteredModel& entry : kModels) {
    if (model == entry.model) return entry.make;
  }
  return nullptr;
}

}  // namespace spikefit::engine::cuda
