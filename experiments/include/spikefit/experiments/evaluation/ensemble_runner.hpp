#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>

#include "spikefit/engine/network.hpp"
#include "spikefit/experiments/evaluation/model.hpp"

namespace spikefit::experiments {

// What a model adds to the one engine ensemble to make a TrialRunner: how a bound network
// document becomes the engine's network, the statistics of one finished recording, and the
// per-trial summary `simulate --out` writes.
struct ModelTrialHooks {
  std::function<std::shared_ptr<const engine::Network>(const nlohmann::json& network)> network;
  std::function<stats::Statistics(const engine::TrialRecording& recording,
                                  const stats::StatisticsOptions& choice)>
      statistics;
  std::function<nlohmann::json(const engine::Network& network,
                               const engine::TrialRecording& recording)>
      summary;
};

// A TrialRunner on engine::make_ensemble(--backend auto | cpu | cuda); a fallback to the CPU is
// announced on stderr. Statistics run on all threads (stats::compute_batch), a trial whose
// statistics throw is infeasible with the reason.
std::unique_ptr<TrialRunner> open_ensemble_runner(const std::string& backend,
                                                  ModelTrialHooks hooks);

}  // namespace spikefit::experiments
