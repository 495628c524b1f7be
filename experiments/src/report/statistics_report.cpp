#include "spikefit/experiments/report/statistics_report.hpp"

#include <cmath>
#include <cstdio>

#include "spikefit/base/config_error.hpp"
#include "spikefit/base/usage_error.hpp"

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
  } else if (dimension == "cv_local") {
    o.dimension = stats::DimensionMethod::kCvLocal;
  } else if (dimension == "eigen_threshold") {
    o.dimension = stats::DimensionMethod::kEigenThreshold;
  } else {
    throw base::UsageError("--dimension",
                           "must be cv_skip, cv_local or eigen_threshold, got '" + dimension + "'");
  }
  return o;
}

void add_statistics_options(CLI::App& command, StatisticsChoice& choice) {
  command
      .add_option(
          "--dimension", choice.dimension,
          "FA dimensionality: cv_skip (SNOPS, exact), cv_local (fast) or eigen_threshold (fastest)")
      ->capture_default_str()
      ->check(CLI::IsMember({"cv_skip", "cv_local", "eigen_threshold"}));
  command.add_option("--neurons", choice.base.selection.neurons, "Cells per draw (SNOPS: 50)")
      ->capture_default_str()
      ->check(CLI::Range(2u, 100000u));
  command.add_option("--draws", choice.base.selection.draws, "Neuron draws (SNOPS: 10)")
      ->capture_default_str()
      ->check(CLI::Range(1u, 100000u));
  command
      .add_option("--min-rate-hz", choice.base.selection.min_rate_hz,
                  "Cells must fire above this rate to be drawn (SNOPS: 0.5)")
      ->capture_default_str();
}

std::vector<std::string> given_statistics_flags(const CLI::App& command) {
  std::vector<std::string> given;
  for (const char* flag : {"--dimension", "--neurons", "--draws", "--min-rate-hz"}) {
    if (command.count(flag) > 0) given.emplace_back(flag);
  }
  return given;
}

void refuse_neuron_draw_flags(const std::vector<std::string>& given, const std::string& model) {
  if (given.empty()) return;
  throw base::UsageError(given.front(),
                         "sets the neuron draws of the balanced networks' statistics; " + model +
                             " configs compute their statistics from every cell, so leave it out");
}

json snops_statistics_json(const stats::Statistics& s) {
  json j;
  j["feasible"] = s.feasible;
  if (!s.reason.empty()) j["reason"] = s.reason;
  for (const std::string& name : stats::statistic_names()) {
    const std::vector<double>* v = s.find(name);
    if (name == "eigenspectrum") {
      json es = json::array();
      if (v) {
        for (double e : *v) es.push_back(number_or_null(e));
      }
      j[name] = es;
    } else {
      j[name] = number_or_null(v ? (*v)[0] : 0.0);
    }
  }
  json per_population = json::object();
  for (const auto& [name, value] : s.values) {
    if (name.find('.') != std::string::npos) per_population[name] = number_or_null(value[0]);
  }
  j["per_population"] = per_population;
  const std::vector<double>* active = s.find("active_neurons");
  j["active_neurons"] = active ? static_cast<uint32_t>((*active)[0]) : 0u;
  const std::vector<double>* latent = s.find("mean_latent_dims");
  j["mean_latent_dims"] = latent ? (*latent)[0] : 0.0;
  return j;
}

json flat_statistics_json(const stats::Statistics& s) {
  json j = json::object();
  for (const auto& [name, value] : s.values) {
    if (value.size() == 1) {
      j[name] = number_or_null(value[0]);
    } else {
      json entries = json::array();
      for (double v : value) entries.push_back(number_or_null(v));
      j[name] = entries;
    }
  }
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

stats::StatisticsOptions fit_to_recorded_cells(stats::StatisticsOptions o,
                                               const engine::TrialRecording& r) {
  if (r.count_neurons < o.selection.neurons) {
    std::fprintf(stderr, "note: %u cells < %u per draw: one draw of all cells\n", r.count_neurons,
                 o.selection.neurons);
    o.selection.neurons = r.count_neurons;
    o.selection.draws = 1;
  }
  return o;
}

}  // namespace spikefit::experiments
