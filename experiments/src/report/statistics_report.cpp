#include "spikefit/experiments/report/statistics_report.hpp"

#include <omp.h>

#include <cmath>

#include "spikefit/base/config_error.hpp"

namespace spikefit::experiments {

using nlohmann::json;

namespace {
json number_or_null(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}
}  // namespace

stats::StatisticsOptions StatisticsChoice::options() const {
  stats::StatisticsOptions o = base;
  if (dimension == "cv_skip") {
    o.dimension = stats::DimensionMethod::kCvSkip;
  } else if (dimension == "eigen_threshold") {
    o.dimension = stats::DimensionMethod::kEigenThreshold;
  } else {
    throw base::ConfigError("--dimension",
                              "must be cv_skip or eigen_threshold, got '" + dimension + "'");
  }
  return o;
}

void add_statistics_options(CLI::App& command, StatisticsChoice& choice) {
  command.add_option(
      "--dimension", choice.dimension,
      "FA dimensionality: cv_skip (SNOPS, exact), cv_local (fast) or eigen_threshold (fastest)");
  command.add_option("--neurons", choice.base.selection.neurons, "Cells per draw (SNOPS: 50)")
      ->check(CLI::Range(2u, 100000u));
  command.add_option("--draws", choice.base.selection.draws, "Neuron draws (SNOPS: 10)")
      ->check(CLI::Range(1u, 100000u));
  command.add_option("--min-rate-hz", choice.base.selection.min_rate_hz,
                     "Cells must fire above this rate to be drawn (SNOPS: 0.5)");
}

std::vector<stats::TrialStatistics> compute_batch(const std::vector<engine::TrialRecording>& recs,
                                                  const stats::StatisticsOptions& options,
                                                  int threads) {
  std::vector<stats::TrialStatistics> out(recs.size());
  const auto n = static_cast<int64_t>(recs.size());
#pragma omp parallel for schedule(dynamic, 1) \
    num_threads(threads > 0 ? threads : omp_get_max_threads())
  for (int64_t k = 0; k < n; ++k) {
    out[k] = stats::compute_statistics(recs[k], options, recs[k].seed ^ 0x57A75u);
  }
  return out;
}

json statistics_json(const stats::TrialStatistics& s) {
  json j;
  j["feasible"] = s.feasible;
  if (!s.reason.empty()) j["reason"] = s.reason;
  for (const std::string& name : stats::statistic_names()) {
    const std::vector<double> v = *s.value(name);
    if (name == "eigenspectrum") {
      json es = json::array();
      for (double e : v) es.push_back(number_or_null(e));
      j[name] = es;
    } else {
      j[name] = number_or_null(v[0]);
    }
  }
  json per_population = json::object();
  for (const auto& [name, value] : s.per_population) per_population[name] = number_or_null(value);
  j["per_population"] = per_population;
  j["active_neurons"] = s.active_neurons;
  j["mean_latent_dims"] = s.mean_latent_dims;
  return j;
}

json cost_json(const stats::CostResult& c, const stats::Target& target) {
  json j;
  j["feasible"] = c.feasible;
  j["cost"] = c.feasible ? json(c.cost) : json(nullptr);
  json errors = json::object();
  for (std::size_t k = 0; k < c.errors.size(); ++k) errors[target.statistics[k].name] = c.errors[k];
  j["errors"] = errors;
  if (!c.reason.empty()) j["reason"] = c.reason;
  return j;
}

}  // namespace spikefit::experiments
