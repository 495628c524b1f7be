// The basal-ganglia networks (So 2012, AdEx) as a model plug-in: engine::bg::BgNetwork on the
// engine's ensemble, statistics by stats::bg_statistics (rate.STN, beta.STN, error_index, ...).
#include <cmath>
#include <cstdio>
#include <memory>

#include "spikefit/engine/models/basal_ganglia/bg_network.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_network_spec.hpp"
#include "spikefit/experiments/evaluation/ensemble_runner.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
#include "spikefit/experiments/report/statistics_report.hpp"
#include "spikefit/stats/bg_statistics.hpp"
#include "spikefit/stats/spike_train_statistics.hpp"

namespace spikefit::experiments {

namespace {

using nlohmann::json;

// The fields of one trial in `simulate --out`.
json trial_fields(const engine::TrialRecording& rec) {
  json out = {{"seed", std::to_string(rec.seed)},       {"status", engine::to_string(rec.status)},
              {"simulated_ms", rec.simulated_ms()},     {"spikes", rec.total_spikes},
              {"smc_pulses", rec.smc_onsets_ms.size()}, {"dbs_pulses", rec.dbs_onsets_ms.size()}};
  if (!rec.message.empty()) out["reason"] = rec.message;
  json rates = json::object();
  const std::vector<double> r = stats::population_rates_hz(rec);
  for (std::size_t p = 0; p < r.size() && p < rec.population_names.size(); ++p) {
    rates[rec.population_names[p]] = r[p];
  }
  out["rates_hz"] = rates;
  return out;
}

class BasalGangliaModel final : public Model {
 public:
  std::string name() const override { return "basal_ganglia"; }
  std::string duration_field() const override { return "duration_ms"; }
  // The engine's short names: offset_sd.GPe, w.GPe->STN, ctx.rate_hz.
  std::string field_path(const std::string& name) const override {
    return engine::bg::bg_field_path(name);
  }
  void validate(const json& network, const std::string& source) const override {
    engine::bg::parse_bg_network(network, source);
  }
  NetworkOutline outline(const json& network) const override {
    const engine::bg::BgNetworkSpec net = engine::bg::parse_bg_network(network, "network");
    NetworkOutline o{"", net.dt_ms, net.duration_ms, net.burn_in_ms, net.neuron_count(), {}};
    for (const auto& p : net.populations) o.populations.push_back(p.name);
    return o;
  }
  // beta.* needs one Welch segment after the burn-in, or it is NaN and the point infeasible.
  ScreenFloor screen_floor(const json& network) const override {
    return {engine::bg::parse_bg_network(network, "network").burn_in_ms +
                stats::BgStatisticsOptions{}.beta.segment_ms,
            "one spectrum segment"};
  }
  bool draws_neurons() const override { return false; }
  std::unique_ptr<TrialRunner> open(const std::string& backend) const override {
    ModelTrialHooks hooks;
    hooks.network = [](const json& network) {
      return engine::bg::make_network(engine::bg::parse_bg_network(network, "network"));
    };
    // Every cell counts, so the command line's statistics choice does not apply.
    hooks.statistics = [](const engine::TrialRecording& recording,
                          const stats::StatisticsOptions&) {
      return stats::bg_statistics(recording);
    };
    hooks.summary = [](const engine::Network&, const engine::TrialRecording& recording) {
      return trial_fields(recording);
    };
    return open_ensemble_runner(backend, std::move(hooks));
  }
  // Every cell is in the raster (they are few), numbered across populations in config order.
  RasterNetwork with_raster(json network, uint32_t) const override {
    const NetworkOutline o = outline(network);
    std::string populations;
    for (const auto& p : o.populations) populations += (populations.empty() ? "" : ", ") + p;
    return {std::move(network), "all (" + populations + ")", o.neurons};
  }
  std::vector<std::string> printed_statistics(
      const std::vector<std::string>& populations) const override {
    std::vector<std::string> names;
    for (const std::string& p : populations) {
      for (const char* stat : {"cv", "burst_fraction", "beta"}) names.push_back(stat + ("." + p));
    }
    names.push_back("error_index");
    return names;
  }
  json statistics_json(const stats::Statistics& statistics) const override {
    return flat_statistics_json(statistics);
  }
  json outcome_fields(const engine::TrialRecording& recording) const override {
    return {{"status", engine::to_string(recording.status)}};
  }
  // feasible, cost, infeasible_reason, errors {statistic: error} for every targeted statistic
  // (null where not computed).
  json cost_json(const stats::CostResult& cost, const stats::Target& target) const override {
    json out = {{"feasible", cost.feasible}, {"cost", cost.feasible ? json(cost.cost) : json()}};
    if (!cost.feasible) out["infeasible_reason"] = cost.reason;
    json errors = json::object();
    for (std::size_t j = 0; j < target.statistics.size(); ++j) {
      const double e = j < cost.errors.size() ? cost.errors[j] : std::nan("");
      errors[target.statistics[j].name] = std::isfinite(e) ? json(e) : json();
    }
    out["errors"] = errors;
    return out;
  }
  json run_fields(const NetworkOutline&, const TrialRunner&) const override {
    return json::object();
  }
};

}  // namespace

std::unique_ptr<Model> make_basal_ganglia_model() {
  return std::make_unique<BasalGangliaModel>();
}

}  // namespace spikefit::experiments
