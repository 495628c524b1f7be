#include "spikefit/experiments/emulation/dataset_table.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "spikefit/base/usage_error.hpp"

namespace spikefit::experiments {

using nlohmann::json;

namespace {

const std::set<std::string> kBookkeeping = {"simulated_ms", "trial_wall_s", "active_neurons",
                                            "mean_latent_dims"};

void add_statistics(const json& document, stats::Statistics& s) {
  for (const auto& [name, value] : document.items()) {
    if (value.is_number()) {
      s.set(name, value.get<double>());
    } else if (value.is_null()) {
      s.set(name, std::nan(""));
    } else if (value.is_array()) {
      std::vector<double> v;
      for (const json& e : value) v.push_back(e.is_number() ? e.get<double>() : std::nan(""));
      s.set(name, std::move(v));
    } else if (value.is_object()) {
      add_statistics(value, s);
    }
  }
}

// "name[i]" -> (name, i); anything else -> (name, -1).
std::pair<std::string, long> split_column(const std::string& column) {
  const auto open = column.rfind('[');
  if (open == std::string::npos || column.back() != ']') return {column, -1};
  const std::string index = column.substr(open + 1, column.size() - open - 2);
  if (index.empty() || index.find_first_not_of("0123456789") != std::string::npos) {
    return {column, -1};
  }
  return {column.substr(0, open), std::stol(index)};
}

const DatasetTrial* first_feasible(const DatasetTable& table) {
  for (const DatasetTrial& t : table.trials) {
    if (t.feasible) return &t;
  }
  return nullptr;
}

std::string csv_number(double v) {
  if (!std::isfinite(v)) return "";
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

std::string csv_text(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// Every statistic of a feasible trial (bookkeeping left out), sorted.
std::vector<std::string> statistic_names(const DatasetTable& table) {
  std::set<std::string> names;
  for (const DatasetTrial& t : table.trials) {
    if (!t.feasible) continue;
    for (const auto& [name, value] : t.statistics.values) {
      if (kBookkeeping.count(name) == 0 && !value.empty()) names.insert(name);
    }
  }
  return {names.begin(), names.end()};
}

}  // namespace

stats::Statistics stored_statistics(const json& document) {
  stats::Statistics s;
  if (!document.is_object()) return s;
  json values = document;
  s.feasible = values.value("feasible", false);
  if (values.contains("reason") && values["reason"].is_string()) s.reason = values["reason"];
  values.erase("feasible");
  values.erase("reason");
  add_statistics(values, s);
  return s;
}

DatasetTable read_dataset(const StudyStorage& storage) {
  DatasetTable table;
  table.path = storage.path();
  const json study = storage.study();
  if (!study.contains("dataset")) {
    throw std::runtime_error(storage.path() +
                             " is a fit's study, not a dataset (make one with spikefit dataset)");
  }
  table.description = study["dataset"];
  for (const json& p : study.at("parameters")) {
    table.parameters.push_back({p.at("name").get<std::string>(), p.at("lower").get<double>(),
                                p.at("upper").get<double>(), p.value("log_scale", false)});
  }
  std::vector<StoredEvaluation> evaluations = storage.evaluations();
  std::stable_sort(evaluations.begin(), evaluations.end(),
                   [](const StoredEvaluation& a, const StoredEvaluation& b) {
                     return a.point != b.point ? a.point < b.point : a.slot < b.slot;
                   });
  std::map<int64_t, int> replicates;  // point -> trials seen
  for (const StoredEvaluation& e : evaluations) {
    DatasetTrial t;
    t.point = e.point;
    t.replicate = replicates[e.point]++;
    t.trial_seed = e.trial_seed;
    t.x = e.x;
    t.statistics = stored_statistics(e.statistics);
    t.feasible = e.feasible;
    t.reason = e.reason;
    t.wall_s = e.wall_s;
    table.trials.push_back(std::move(t));
  }
  return table;
}

std::vector<std::string> available_outputs(const DatasetTable& table) {
  std::map<std::string, bool> finite;  // name -> finite in every feasible trial so far
  std::size_t feasible = 0;
  for (const DatasetTrial& t : table.trials) {
    if (!t.feasible) continue;
    ++feasible;
    for (auto& [name, all_finite] : finite) all_finite = all_finite && t.statistics.has(name);
    for (const auto& [name, value] : t.statistics.values) {
      if (kBookkeeping.count(name) != 0 || value.empty()) continue;
      const bool here =
          std::all_of(value.begin(), value.end(), [](double v) { return std::isfinite(v); });
      const auto it = finite.find(name);
      if (it == finite.end()) {
        finite[name] = here && feasible == 1;
      } else {
        it->second = it->second && here;
      }
    }
  }
  std::vector<std::string> names;
  for (const auto& [name, all_finite] : finite) {
    if (all_finite) names.push_back(name);
  }
  return names;
}

std::vector<std::string> expand_output_names(const DatasetTable& table,
                                             const std::vector<std::string>& names) {
  const DatasetTrial* first = first_feasible(table);
  if (first == nullptr) {
    throw std::runtime_error(table.path + " holds no feasible trial to learn from");
  }
  std::vector<std::string> columns;
  for (const std::string& name : names) {
    const auto [base_name, index] = split_column(name);
    const std::vector<double>* value = first->statistics.find(base_name);
    if (value == nullptr || kBookkeeping.count(base_name) != 0) {
      std::string held;
      for (const std::string& a : statistic_names(table)) held += (held.empty() ? "" : ", ") + a;
      throw base::UsageError(
          "--outputs", "the dataset has no statistic '" + base_name + "' (it holds " + held + ")");
    }
    if (index >= 0) {
      if (static_cast<std::size_t>(index) >= value->size()) {
        throw base::UsageError("--outputs", "'" + name + "': " + base_name + " has " +
                                                std::to_string(value->size()) + " entries");
      }
      columns.push_back(name);
    } else if (value->size() == 1) {
      columns.push_back(name);
    } else {
      for (std::size_t i = 0; i < value->size(); ++i) {
        columns.push_back(name + "[" + std::to_string(i) + "]");
      }
    }
  }
  return columns;
}

double output_value(const stats::Statistics& statistics, const std::string& column) {
  const auto [name, index] = split_column(column);
  const std::vector<double>* value = statistics.find(name);
  const std::size_t i = index < 0 ? 0 : static_cast<std::size_t>(index);
  if (value == nullptr || i >= value->size() || (index < 0 && value->size() != 1)) {
    return std::nan("");
  }
  return (*value)[i];
}

std::string dataset_csv(const DatasetTable& table) {
  const std::vector<std::string> columns = first_feasible(table)
                                               ? expand_output_names(table, statistic_names(table))
                                               : std::vector<std::string>{};
  std::ostringstream out;
  out << "point,replicate,trial_seed,feasible,reason,wall_s";
  for (const DatasetParameter& p : table.parameters) out << "," << csv_text(p.name);
  for (const std::string& c : columns) out << "," << csv_text(c);
  out << "\n";
  for (const DatasetTrial& t : table.trials) {
    out << t.point << "," << t.replicate << "," << t.trial_seed << "," << (t.feasible ? 1 : 0)
        << "," << csv_text(t.reason) << "," << csv_number(t.wall_s);
    for (double v : t.x) out << "," << csv_number(v);
    for (const std::string& c : columns) {
      out << "," << (t.feasible ? csv_number(output_value(t.statistics, c)) : "");
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace spikefit::experiments
