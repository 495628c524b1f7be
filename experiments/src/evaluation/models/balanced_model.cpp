// The balanced (EIF/LIF) networks of SNOPS as a model plug-in: engine::BalancedNetwork on the
// engine's ensemble, statistics by stats::compute_statistics.
#include <algorithm>
#include <memory>

#include "spikefit/base/json_path.hpp"
#include "spikefit/engine/models/balanced/balanced_network.hpp"
#include "spikefit/engine/models/balanced/network_spec.hpp"
#include "spikefit/experiments/evaluation/ensemble_runner.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
#include "spikefit/experiments/report/simulation_report.hpp"
#include "spikefit/experiments/report/statistics_report.hpp"
#include "spikefit/stats/statistics_batch.hpp"

namespace spikefit::experiments {

namespace {

class BalancedModel final : public Model {
 public:
  std::string name() const override { return "balanced"; }
  std::string duration_field() const override { return "simulation.duration_ms"; }
  void validate(const nlohmann::json& network, const std::string&) const override {
    engine::parse_network_spec(network);
  }
  NetworkOutline outline(const nlohmann::json& network) const override {
    const engine::NetworkSpec net = engine::parse_network_spec(network);
    NetworkOutline o{net.name,           net.dt_ms, net.duration_ms, net.recording.burn_in_ms,
                     net.neuron_count(), {}};
    for (const auto& p : net.populations) o.populations.push_back(p.name);
    return o;
  }
  ScreenFloor screen_floor(const nlohmann::json& network) const override {
    const engine::RecordingSpec recording = engine::parse_network_spec(network).recording;
    // Fano factors and correlations are variances over count bins: one bin makes them NaN.
    return {recording.burn_in_ms + 2 * recording.count_bin_ms, "two count bins"};
  }
  bool draws_neurons() const override { return true; }
  std::unique_ptr<TrialRunner> open(const std::string& backend) const override {
    ModelTrialHooks hooks;
    hooks.network = [](const nlohmann::json& network) {
      return engine::make_network(engine::parse_network_spec(network));
    };
    hooks.statistics = [](const engine::TrialRecording& recording,
                          const stats::StatisticsOptions& choice) {
      return stats::compute_trial_statistics(recording, choice);
    };
    hooks.summary = [](const engine::Network& network, const engine::TrialRecording& recording) {
      nlohmann::json summary = trial_summary(
          engine::network_as<engine::BalancedNetwork>(network).spec(), recording, 0, false);
      summary.erase("trial");
      return summary;
    };
    return open_ensemble_runner(backend, std::move(hooks));
  }
  RasterNetwork with_raster(nlohmann::json network, uint32_t neurons) const override {
    const engine::NetworkSpec plain = engine::parse_network_spec(network);
    const engine::PopulationSpec& counted = plain.populations[plain.recording.count_population];
    RasterNetwork out{std::move(network), counted.name, std::min(neurons, counted.size)};
    base::resolve_path(out.network, "recording")["raster"] = {{"population", out.population},
                                                              {"neurons", out.neurons}};
    return out;
  }
  std::vector<std::string> printed_statistics(const std::vector<std::string>&) const override {
    return {};
  }
  nlohmann::json statistics_json(const stats::Statistics& statistics) const override {
    return snops_statistics_json(statistics);
  }
  nlohmann::json outcome_fields(const engine::TrialRecording&) const override {
    return nlohmann::json::object();
  }
  nlohmann::json cost_json(const stats::CostResult& cost,
                           const stats::Target& target) const override {
    return experiments::cost_json(cost, target);
  }
  nlohmann::json run_fields(const NetworkOutline& network,
                            const TrialRunner& runner) const override {
    return {{"network", network.name}, {"device", runner.device()}};
  }
};

}  // namespace

std::unique_ptr<Model> make_balanced_model() {
  return std::make_unique<BalancedModel>();
}

}  // namespace spikefit::experiments
