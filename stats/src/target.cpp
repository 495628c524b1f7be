#include "spikefit/stats/target.hpp"

#include <algorithm>
#include <cmath>

#include "spikefit/base/json_reader.hpp"
#include "spikefit/stats/trial_statistics.hpp"

namespace spikefit::stats {

using base::ConfigError;
using base::JsonObjectReader;
using nlohmann::json;

namespace {

// Position in statistic_names() (SNOPS's order first); other names after them, by name.
std::size_t canonical_rank(const std::string& name) {
  const auto& names = statistic_names();
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

std::vector<double> read_mean(const json& mean, const std::string& path) {
  std::vector<double> out;
  if (mean.is_array()) {
    for (std::size_t i = 0; i < mean.size(); ++i) {
      out.push_back(base::json_number(mean[i], base::index_path(path, i)));
    }
    if (out.empty()) throw base::ConfigError(path, "must not be empty");
  } else {
    out.push_back(base::json_number(mean, path));
  }
  return out;
}

Target parse_target(const std::string& name, const json& j, const std::string& path) {
  base::JsonObjectReader r(j, path);
  Target t;
  t.name = name;
  t.n_neuron = r.count("n_neuron", 2, 50);
  base::JsonObjectReader stats(r.required("statistics"), r.path_of("statistics"));
  for (const auto& item : r.required("statistics").items()) {
    const std::string spath = stats.path_of(item.key());
    base::JsonObjectReader s(stats.required(item.key()), spath);
    TargetStatistic ts;
    ts.name = item.key();
    ts.mean = read_mean(s.required("mean"), s.path_of("mean"));
    ts.var = s.positive("var");
    s.finish();
    if (ts.name == "eigenspectrum" && ts.mean.size() != t.n_neuron) {
      throw base::ConfigError(s.path_of("mean"),
                              "must have n_neuron = " + std::to_string(t.n_neuron) +
                                  " entries, has " + std::to_string(ts.mean.size()));
    }
    if (ts.name != "eigenspectrum" && ts.mean.size() != 1) {
      throw base::ConfigError(s.path_of("mean"), "must be a number");
    }
    t.statistics.push_back(std::move(ts));
  }
  stats.finish();
  if (t.statistics.empty()) throw base::ConfigError(r.path_of("statistics"), "must not be empty");
  // JSON objects carry no order: statistics (and a weights array) follow the canonical order.
  std::stable_sort(t.statistics.begin(), t.statistics.end(),
                   [](const TargetStatistic& a, const TargetStatistic& b) {
                     return canonical_rank(a.name) < canonical_rank(b.name);
                   });
  if (const json* w = r.optional("weights")) {
    const std::string wpath = r.path_of("weights");
    if (w->is_array()) {
      if (w->size() != t.statistics.size()) {
        throw base::ConfigError(wpath, "must have one weight per statistic (" +
                                           std::to_string(t.statistics.size()) + ")");
      }
      for (std::size_t k = 0; k < w->size(); ++k) {
        t.statistics[k].weight = base::json_number((*w)[k], base::index_path(wpath, k));
      }
    } else {
      base::JsonObjectReader wr(*w, wpath);
      for (auto& ts : t.statistics) ts.weight = wr.number(ts.name, 1.0);
      wr.finish();
    }
    double total = 0;
    for (const auto& ts : t.statistics) {
      if (ts.weight < 0) throw base::ConfigError(wpath, "weights must not be negative");
      total += ts.weight;
    }
    if (!(total > 0)) throw base::ConfigError(wpath, "at least one weight must be positive");
  }
  for (const char* key : {"note", "description", "source", "fixed_parameters", "free_parameters"}) {
    if (const json* v = r.optional(key)) t.provenance[key] = *v;
  }
  r.finish();
  return t;
}

}  // namespace

std::map<std::string, Target> parse_targets(const json& document) {
  base::JsonObjectReader r(document, "");
  r.optional("about");
  r.optional("snops_reference_results");
  const json& targets = r.required("targets");
  if (!targets.is_object() || targets.empty()) {
    throw base::ConfigError("targets", "must be a non-empty object of named targets");
  }
  std::map<std::string, Target> out;
  for (const auto& item : targets.items()) {
    out.emplace(item.key(), parse_target(item.key(), item.value(), "targets." + item.key()));
  }
  r.finish();
  return out;
}

std::map<std::string, Target> load_targets(const std::string& path) {
  return base::parse_json_file(path, "target file", parse_targets);
}

Target load_target(const std::string& path, const std::string& name) {
  const auto targets = load_targets(path);
  const auto it = targets.find(name);
  if (it == targets.end()) {
    std::string names;
    for (const auto& [n, t] : targets) names += (names.empty() ? "" : ", ") + n;
    throw base::ConfigError(path, "no target named '" + name + "' (the file has: " + names + ")");
  }
  return it->second;
}

json target_to_json(const Target& target) {
  json statistics = json::object();
  json weights = json::array();
  for (const auto& s : target.statistics) {
    statistics[s.name] = {
        {"mean", s.mean.size() == 1 && s.name != "eigenspectrum" ? json(s.mean[0]) : json(s.mean)},
        {"var", s.var}};
    weights.push_back(s.weight);
  }
  json out = {{"n_neuron", target.n_neuron}, {"statistics", statistics}, {"weights", weights}};
  for (const auto& item : target.provenance.items()) out[item.key()] = item.value();
  return out;
}

}  // namespace spikefit::stats
