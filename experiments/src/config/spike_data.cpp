#include "spikefit/experiments/config/spike_data.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include "spikefit/base/config_error.hpp"
#include "spikefit/base/json_reader.hpp"
#include "spikefit/base/parse_number.hpp"
#include "spikefit/base/usage_error.hpp"

namespace spikefit::experiments {

using base::ConfigError;

namespace {

std::ifstream open(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw base::ConfigError(path, "cannot open file");
  return in;
}

double parse_number(const std::string& cell, const std::string& where) {
  if (const auto v = base::parse_finite(cell, " \t\r")) return *v;
  throw base::ConfigError(where, "'" + cell + "' is not a number");
}

// One population named "recorded" of n cells, with the per-neuron arrays sized.
engine::TrialRecording empty_recording(uint32_t neurons, uint32_t bins, double bin_ms) {
  engine::TrialRecording rec;
  rec.dt_ms = bin_ms;
  rec.population_names = {"recorded"};
  rec.population_offsets = {0, neurons};
  rec.count_bin_ms = bin_ms;
  rec.count_bins = bins;
  rec.count_neurons = neurons;
  rec.counts.assign(uint64_t{bins} * neurons, 0);
  rec.spikes_after_burn_in.assign(neurons, 0);
  rec.isi_count.assign(neurons, 0);
  rec.isi_sum_ms.assign(neurons, 0.0);
  rec.isi_sum_sq_ms2.assign(neurons, 0.0);
  rec.steps_simulated = bins > 0 ? bins - 1 : 0;  // so the rate window is bins * bin_ms
  return rec;
}

}  // namespace

engine::TrialRecording read_count_csv(const std::string& path, double bin_ms) {
  std::ifstream in = open(path);
  std::vector<std::vector<double>> rows;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#' || line == "\r") continue;
    const std::string where = path + ":" + std::to_string(number);
    std::vector<double> row;
    for (const std::string& cell : base::split(line, ',')) {
      const double v = parse_number(cell, where);
      if (v < 0 || v != std::floor(v) || v > 65535) {
        throw base::ConfigError(where, "'" + cell + "' is not a spike count (integer 0..65535)");
      }
      row.push_back(v);
    }
    if (!rows.empty() && row.size() != rows[0].size()) {
      throw base::ConfigError(where, "has " + std::to_string(row.size()) + " bins, the first row " +
                                         std::to_string(rows[0].size()));
    }
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw base::ConfigError(path, "holds no counts");
  const auto neurons = static_cast<uint32_t>(rows.size());
  const auto bins = static_cast<uint32_t>(rows[0].size());
  engine::TrialRecording rec = empty_recording(neurons, bins, bin_ms);
  for (uint32_t j = 0; j < neurons; ++j) {
    for (uint32_t b = 0; b < bins; ++b) {
      const auto c = static_cast<uint16_t>(rows[j][b]);
      rec.counts[uint64_t{b} * neurons + j] = c;
      rec.spikes_after_burn_in[j] += c;
    }
  }
  return rec;
}

engine::TrialRecording read_spike_csv(const std::string& path, double bin_ms, double t_start_ms,
                                      double t_stop_ms) {
  if (!(t_stop_ms > t_start_ms))
    throw base::UsageError("--t-stop-ms", "must be after --t-start-ms");
  std::ifstream in = open(path);
  std::vector<std::pair<uint32_t, double>> spikes;
  std::string line;
  uint32_t neurons = 0;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#' || line == "\r") continue;
    if (number == 1 && line.rfind("neuron", 0) == 0) continue;
    const std::string where = path + ":" + std::to_string(number);
    const std::vector<std::string> cells = base::split(line, ',');
    if (cells.size() != 2) throw base::ConfigError(where, "expected 'neuron,time_ms'");
    const double id = parse_number(cells[0], where);
    if (id < 0 || id != std::floor(id) || id > 1e7) {
      throw base::ConfigError(where, "neuron id '" + cells[0] + "' is not a non-negative integer");
    }
    spikes.emplace_back(static_cast<uint32_t>(id), parse_number(cells[1], where));
    neurons = std::max(neurons, static_cast<uint32_t>(id) + 1);
  }
  if (spikes.empty()) throw base::ConfigError(path, "holds no spikes");
  const auto bins = static_cast<uint32_t>(std::floor((t_stop_ms - t_start_ms) / bin_ms));
  engine::TrialRecording rec = empty_recording(neurons, bins, bin_ms);
  std::sort(spikes.begin(), spikes.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  std::vector<double> last(neurons, -1.0);
  for (const auto& [neuron, t] : spikes) {
    if (t < t_start_ms || t >= t_start_ms + bins * bin_ms) continue;
    uint16_t& c = rec.counts[static_cast<uint64_t>((t - t_start_ms) / bin_ms) * neurons + neuron];
    if (c < 65535) ++c;
    ++rec.spikes_after_burn_in[neuron];
    if (last[neuron] >= 0) {
      const double isi = t - last[neuron];
      ++rec.isi_count[neuron];
      rec.isi_sum_ms[neuron] += isi;
      rec.isi_sum_sq_ms2[neuron] += isi * isi;
    }
    last[neuron] = t;
  }
  return rec;
}

}  // namespace spikefit::experiments
