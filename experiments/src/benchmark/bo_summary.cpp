#include "spikefit/experiments/benchmark/bo_summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <tuple>

namespace spikefit::experiments {

namespace {

using nlohmann::json;

std::string format_log10(double v) {
  if (std::isinf(v)) return "inf";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

// log10 gap after the last round with at most `checkpoint` evaluations; NaN when the run never
// reached the checkpoint, +inf when nothing was feasible by then.
double gap_at(const json& run, int64_t checkpoint) {
  if (run.at("evals").get<int64_t>() < checkpoint) return std::numeric_limits<double>::quiet_NaN();
  double value = std::numeric_limits<double>::quiet_NaN();
  for (const json& round : run.at("rounds")) {
    if (round.at("evaluations").get<int64_t>() > checkpoint) break;
    const json& g = round.at("log10_gap");
    value = g.is_null() ? std::numeric_limits<double>::infinity() : g.get<double>();
  }
  return value;
}

}  // namespace

double quantile(std::vector<double> values, double p) {
  if (values.empty()) throw std::invalid_argument("quantile of no values");
  std::sort(values.begin(), values.end());
  const double position = p * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  const double fraction = position - static_cast<double>(below);
  if (fraction == 0.0 || values[below] == values[above]) return values[below];
  return values[below] + fraction * (values[above] - values[below]);
}

std::string summarise_bo_runs(const std::vector<json>& runs,
                              const std::vector<int64_t>& checkpoints) {
  using Key = std::tuple<std::string, int64_t, std::string>;
  std::map<Key, std::vector<const json*>> groups;
  for (const json& run : runs) {
    groups[{run.at("function").get<std::string>(), run.at("q").get<int64_t>(),
            run.at("strategy").get<std::string>()}]
        .push_back(&run);
  }
  std::ostringstream out;
  out << "| function | q | strategy | seeds |";
  for (int64_t c : checkpoints) out << " log10 gap @" << c << " |";
  out << " fit s/round | propose s/round |\n|---|---|---|---|";
  for (std::size_t i = 0; i < checkpoints.size(); ++i) out << "---|";
  out << "---|---|\n";
  for (const auto& [key, members] : groups) {
    out << "| " << std::get<0>(key) << " | " << std::get<1>(key) << " | " << std::get<2>(key)
        << " | " << members.size() << " |";
    for (int64_t c : checkpoints) {
      std::vector<double> values;
      for (const json* run : members) {
        const double v = gap_at(*run, c);
        if (!std::isnan(v)) values.push_back(v);
      }
      if (values.empty()) {
        out << " - |";
        continue;
      }
      out << " " << format_log10(quantile(values, 0.5)) << " ["
          << format_log10(quantile(values, 0.25)) << ", " << format_log10(quantile(values, 0.75))
          << "] |";
    }
    double fit = 0.0, propose = 0.0;
    int64_t model_rounds = 0;
    for (const json* run : members) {
      for (const json& round : run->at("rounds")) {
        if (round.at("round").get<int64_t>() == 0) continue;
        fit += round.at("fit_seconds").get<double>();
        propose += round.at("propose_seconds").get<double>();
        ++model_rounds;
      }
    }
    const double n = static_cast<double>(std::max<int64_t>(model_rounds, 1));
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, " %.3g | %.3g |\n", fit / n, propose / n);
    out << buffer;
  }
  return out.str();
}

}  // namespace spikefit::experiments
