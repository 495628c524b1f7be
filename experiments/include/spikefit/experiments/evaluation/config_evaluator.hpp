#pragma once

#include <functional>
#include <memory>
#include <string>

#include "spikefit/engine/backend.hpp"
#include "spikefit/experiments/evaluation/bg_simulation_evaluator.hpp"
#include "spikefit/experiments/evaluation/evaluator.hpp"
#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/experiments/evaluation/simulation_evaluator.hpp"

namespace spikefit::experiments {

struct ConfigEvaluatorOptions {
  std::string backend = "auto";              // auto | cpu | cuda
  stats::StatisticsOptions statistics;       // balanced networks
  stats::BgStatisticsOptions bg_statistics;  // basal-ganglia networks
  stats::CostMetric metric = stats::CostMetric::kL2;
  double screen_ms = 0.0;
  int threads = 0;
  std::function<void(std::size_t, std::size_t)> on_trial_done;
};

// The evaluator of a config, chosen by its model, and the backend it runs on: SimulationEvaluator
// on the balanced engine (auto/cpu/cuda) or BgSimulationEvaluator on the BG ensemble (cpu; `cuda`
// is refused with the reason until a CUDA BG backend exists, `auto` runs the CPU).
class ConfigEvaluator {
 public:
  ConfigEvaluator(const ModelConfig& config, const stats::Target& target,
                  const ConfigEvaluatorOptions& options);
  Evaluator& evaluator() { return *evaluator_; }

 private:
  engine::SelectedBackend backend_;
  std::unique_ptr<engine::Ensemble> bg_ensemble_;
  std::unique_ptr<Evaluator> evaluator_;
};

// The BG ensemble for a --backend value (see ConfigEvaluator).
std::unique_ptr<engine::Ensemble> open_bg_backend(const std::string& backend);

}  // namespace spikefit::experiments
