#include "spikefit/experiments/report/simulation_report.hpp"

#include "spikefit/stats/spike_train_statistics.hpp"

#include <cctype>
#include <cmath>
#include <limits>
#include <string>

namespace spikefit::experiments {

using nlohmann::json;

namespace {
std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
json number_or_null(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}
}  // namespace

json trial_summary(const engine::NetworkSpec& net, const engine::TrialRecording& rec,
                   uint64_t trial, bool with_timing) {
  json t;
  t["trial"] = trial;
  t["seed"] = rec.seed;
  t["status"] = engine::to_string(rec.status);
  if (!rec.message.empty()) t["reason"] = rec.message;
  const std::vector<double> rates = stats::population_rates_hz(rec);
  json by_population = json::object();
  for (std::size_t p = 0; p < rates.size(); ++p) {
    t["rate_" + lower(net.populations[p].name) + "_hz"] = number_or_null(rates[p]);
    by_population[net.populations[p].name] = number_or_null(rates[p]);
  }
  t["rates_hz"] = by_population;
  t["simulated_ms"] = rec.simulated_ms();
  t["spikes"] = rec.total_spikes;
  t["synaptic_events"] = rec.synaptic_events;
  t["first_spike_ms"] = rec.first_spike_ms >= 0 ? json(rec.first_spike_ms) : json(nullptr);
  t["last_spike_ms"] = rec.last_spike_ms >= 0 ? json(rec.last_spike_ms) : json(nullptr);
  t["counts"] = {{"population", net.populations[rec.count_population].name},
                 {"bins", rec.count_bins},
                 {"neurons", rec.count_neurons},
                 {"bin_ms", rec.count_bin_ms}};
  if (with_timing) t["wall_s"] = rec.wall_seconds;
  return t;
}

}  // namespace spikefit::experiments
