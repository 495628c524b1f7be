#include "spikefit/experiments/study/sweep.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <sstream>
#include <stdexcept>

#include "spikefit/base/random.hpp"

namespace spikefit::experiments {

using nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void flatten_into(const json& object, std::map<std::string, double>& out) {
  for (const auto& [key, value] : object.items()) {
    if (value.is_number()) {
      out[key] = value.get<double>();
    } else if (value.is_null()) {
      out[key] = kNaN;
    } else if (value.is_object()) {
      flatten_into(value, out);
    }
  }
}

StatisticSummary summarise(const std::vector<double>& values) {
  StatisticSummary s;
  s.n = static_cast<int>(values.size());
  if (s.n == 0) return {kNaN, kNaN, 0};
  double sum = 0.0;
  for (double v : values) sum += v;
  s.mean = sum / s.n;
  if (s.n < 2) {
    s.se = kNaN;
    return s;
  }
  double squares = 0.0;
  for (double v : values) squares += (v - s.mean) * (v - s.mean);
  s.se = std::sqrt(squares / (s.n - 1) / s.n);
  return s;
}

void summarise_cell(SweepCell& cell) {
  std::map<std::string, std::vector<double>> values;
  std::set<std::string> names;
  for (const EvaluationOutcome& o : cell.outcomes) {
    const std::map<std::string, double> flat = flatten_statistics(o.statistics);
    for (const auto& [name, v] : flat) names.insert(name);
    if (std::isfinite(o.cost)) names.insert("cost");
    if (!o.feasible) {
      if (std::find(cell.reasons.begin(), cell.reasons.end(), o.reason) == cell.reasons.end()) {
        cell.reasons.push_back(o.reason);
      }
      continue;
    }
    ++cell.feasible;
    for (const auto& [name, v] : flat) {
      if (std::isfinite(v)) values[name].push_back(v);
    }
    if (std::isfinite(o.cost)) values["cost"].push_back(o.cost);
  }
  for (const std::string& name : names) cell.statistics[name] = summarise(values[name]);
}

json number_json(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

std::string csv_number(double v) {
  if (!std::isfinite(v)) return "";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", v);
  return buffer;
}

}  // namespace

std::map<std::string, double> flatten_statistics(const json& statistics) {
  std::map<std::string, double> out;
  if (statistics.is_object()) flatten_into(statistics, out);
  return out;
}

std::vector<std::string> SweepResult::statistic_names() const {
  std::set<std::string> names;
  for (const SweepCell& c : cells) {
    for (const auto& [name, s] : c.statistics) names.insert(name);
  }
  std::vector<std::string> out;
  if (names.count("cost")) out.push_back("cost");
  for (const std::string& n : names) {
    if (n != "cost") out.push_back(n);
  }
  return out;
}

SweepResult run_sweep(
    const std::vector<SweepParameter>& parameters, Evaluator& evaluator,
    const SweepOptions& options,
    const std::function<void(const SweepCell&, std::size_t, std::size_t)>& on_cell) {
  check_grid(options.axes, parameters);
  if (options.replicates < 1) throw std::invalid_argument("a sweep needs at least one replicate");
  const auto start = std::chrono::steady_clock::now();
  SweepResult result;
  result.parameters = parameters;
  result.axes = options.axes;
  result.backend = evaluator.backend();
  result.device = evaluator.device();
  for (int r = 0; r < options.replicates; ++r) {
    result.seeds.push_back(base::trial_seed(options.seed, static_cast<uint64_t>(r)));
  }
  std::vector<std::size_t> column;  // [axes] parameter index of each axis
  for (const GridAxis& axis : options.axes) {
    for (std::size_t d = 0; d < parameters.size(); ++d) {
      if (parameters[d].name == axis.name) column.push_back(d);
    }
  }
  for (const auto& index : grid_cells(options.axes)) {
    SweepCell cell;
    cell.position = result.cells.size();
    cell.index = index;
    for (const SweepParameter& p : parameters) cell.x.push_back(p.base);
    for (std::size_t a = 0; a < index.size(); ++a) {
      cell.x[column[a]] = options.axes[a].values[index[a]];
    }
    result.cells.push_back(std::move(cell));
  }

  const std::size_t replicates = static_cast<std::size_t>(options.replicates);
  std::vector<std::size_t> pending;  // positions of the cells to evaluate
  for (SweepCell& cell : result.cells) {
    const auto it = options.finished.find(cell.position);
    if (it == options.finished.end()) {
      pending.push_back(cell.position);
      continue;
    }
    if (it->second.size() != replicates) {
      throw std::invalid_argument("a finished sweep cell has " + std::to_string(it->second.size()) +
                                  " outcomes, not " + std::to_string(replicates));
    }
    cell.outcomes = it->second;
    summarise_cell(cell);
  }
  const std::size_t cells_per_call =
      options.batch == 0 ? std::max<std::size_t>(1, pending.size())
                         : std::max<std::size_t>(1, (options.batch + replicates - 1) / replicates);
  std::size_t done = result.cells.size() - pending.size();
  for (std::size_t begin = 0; begin < pending.size(); begin += cells_per_call) {
    if (options.stop_requested && options.stop_requested()) {
      result.stopped = true;
      break;
    }
    const std::size_t end = std::min(pending.size(), begin + cells_per_call);
    std::vector<std::vector<double>> x;
    std::vector<uint64_t> seeds;
    for (std::size_t c = begin; c < end; ++c) {
      for (uint64_t seed : result.seeds) {
        x.push_back(result.cells[pending[c]].x);
        seeds.push_back(seed);
      }
    }
    std::vector<EvaluationOutcome> outcomes = evaluator.evaluate(x, seeds, EvaluationStage::kFull);
    if (outcomes.size() != x.size()) throw std::runtime_error("evaluator returned a wrong count");
    for (std::size_t c = begin; c < end; ++c) {
      SweepCell& cell = result.cells[pending[c]];
      for (std::size_t r = 0; r < replicates; ++r) {
        cell.outcomes.push_back(std::move(outcomes[(c - begin) * replicates + r]));
      }
      summarise_cell(cell);
      if (on_cell) on_cell(cell, ++done, result.cells.size());
    }
  }
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

json sweep_json(const SweepResult& result) {
  json parameters = json::array();
  for (const SweepParameter& p : result.parameters) {
    parameters.push_back({{"name", p.name}, {"range", {p.lower, p.upper}}, {"base", p.base}});
  }
  json axes = json::array();
  for (const GridAxis& a : result.axes) axes.push_back({{"name", a.name}, {"values", a.values}});
  json seeds = json::array();
  for (uint64_t s : result.seeds) seeds.push_back(std::to_string(s));
  json cells = json::array();
  for (const SweepCell& c : result.cells) {
    json values = json::object();
    for (std::size_t a = 0; a < result.axes.size(); ++a) {
      values[result.axes[a].name] = result.axes[a].values[c.index[a]];
    }
    json statistics = json::object();
    for (const auto& [name, s] : c.statistics) {
      statistics[name] = {{"mean", number_json(s.mean)}, {"se", number_json(s.se)}, {"n", s.n}};
    }
    json evaluations = json::array();
    for (std::size_t r = 0; r < c.outcomes.size(); ++r) {
      const EvaluationOutcome& o = c.outcomes[r];
      evaluations.push_back({{"seed", seeds[r]},
                             {"feasible", o.feasible},
                             {"reason", o.reason},
                             {"cost", number_json(o.cost)},
                             {"wall_s", o.wall_s},
                             {"statistics", o.statistics}});
    }
    cells.push_back({{"index", c.index},
                     {"values", values},
                     {"x", c.x},
                     {"feasible", c.feasible},
                     {"replicates", c.outcomes.size()},
                     {"reasons", c.reasons},
                     {"statistics", statistics},
                     {"evaluations", evaluations}});
  }
  return {{"parameters", parameters},   {"axes", axes},
          {"replicates", seeds.size()}, {"seeds", seeds},
          {"backend", result.backend},  {"device", result.device},
          {"wall_s", result.wall_s},    {"cells", cells}};
}

std::string sweep_csv(const SweepResult& result) {
  const std::vector<std::string> names = result.statistic_names();
  std::ostringstream csv;
  for (const GridAxis& a : result.axes) csv << a.name << ",";
  csv << "feasible,replicates";
  for (const std::string& n : names) csv << "," << n << "_mean," << n << "_se";
  csv << "\n";
  for (const SweepCell& c : result.cells) {
    for (std::size_t a = 0; a < result.axes.size(); ++a) {
      csv << csv_number(result.axes[a].values[c.index[a]]) << ",";
    }
    csv << c.feasible << "," << c.outcomes.size();
    for (const std::string& n : names) {
      const auto it = c.statistics.find(n);
      const StatisticSummary s =
          it == c.statistics.end() ? StatisticSummary{kNaN, kNaN, 0} : it->second;
      csv << "," << csv_number(s.mean) << "," << csv_number(s.se);
    }
    csv << "\n";
  }
  return csv.str();
}

}  // namespace spikefit::experiments
