#include "spikefit/experiments/config/spike_data.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "spikefit/base/config_error.hpp"
#include "spikefit/base/json_reader.hpp"
#include "spikefit/base/parse_number.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/base/usage_error.hpp"

namespace spikefit::experiments {

using base::ConfigError;

namespace {
std::atomic<uint64_t> max_recorded_values_setting{kDefaultMaxRecordedValues};
}  // namespace

uint64_t max_recorded_values() {
  return max_recorded_values_setting.load();
}

void set_max_recorded_values(uint64_t values) {
  max_recorded_values_setting.store(values);
}

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

// The whole bins of [t_start_ms, t_stop_ms) for a recording of `neurons`; refuses a count matrix
// of more than max_recorded_values(), before any memory is taken for it.
double count_matrix_bins(std::size_t neurons, double bin_ms, double t_start_ms, double t_stop_ms) {
  const double whole_bins = std::floor((t_stop_ms - t_start_ms) / bin_ms);
  if (!(whole_bins * static_cast<double>(std::max<std::size_t>(neurons, 1)) <=
        static_cast<double>(max_recorded_values()))) {
    throw base::UsageError("window", "[" + base::number_text(t_start_ms) + ", " +
                                         base::number_text(t_stop_ms) + ") ms in bins of " +
                                         base::number_text(bin_ms) + " ms for " +
                                         std::to_string(neurons) + " neurons is more than " +
                                         std::to_string(max_recorded_values()) +
                                         " counts: use a shorter window or longer bins");
  }
  return whole_bins;
}

}  // namespace

bool is_spike_count(double value) {
  return value >= 0 && value == std::floor(value) && value <= 65535;
}

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
      if (!is_spike_count(v)) {
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
  return recording_from_counts(rows, bin_ms);
}

engine::TrialRecording recording_from_counts(const std::vector<std::vector<double>>& rows,
                                             double bin_ms) {
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
  std::vector<std::pair<std::size_t, double>> spikes;  // (neuron, time_ms) in file order
  std::size_t neurons = 0;
  std::string line;
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
    const auto neuron = static_cast<std::size_t>(id);
    spikes.emplace_back(neuron, parse_number(cells[1], where));
    neurons = std::max(neurons, neuron + 1);
  }
  if (spikes.empty()) throw base::ConfigError(path, "holds no spikes");
  // The largest neuron id sizes the recording: refused before a train is made for each neuron.
  count_matrix_bins(neurons, bin_ms, t_start_ms, t_stop_ms);
  std::vector<std::vector<double>> trains_ms(neurons);
  for (const auto& [neuron, t] : spikes) trains_ms[neuron].push_back(t);
  return recording_from_spike_trains(std::move(trains_ms), bin_ms, t_start_ms, t_stop_ms);
}

engine::TrialRecording recording_from_spike_trains(std::vector<std::vector<double>> trains_ms,
                                                   double bin_ms, double t_start_ms,
                                                   double t_stop_ms) {
  if (!(t_stop_ms > t_start_ms)) {
    throw base::UsageError("window", "its stop must be after its start");
  }
  for (std::size_t j = 0; j < trains_ms.size(); ++j) {
    for (const double t : trains_ms[j]) {
      if (!std::isfinite(t)) {
        throw ConfigError("neuron " + std::to_string(j),
                          "spike time " + base::number_text(t) + " is not a finite number");
      }
    }
  }
  const auto neurons = static_cast<uint32_t>(trains_ms.size());
  const double whole_bins = count_matrix_bins(neurons, bin_ms, t_start_ms, t_stop_ms);
  const auto bins = static_cast<uint32_t>(whole_bins);
  engine::TrialRecording rec = empty_recording(neurons, bins, bin_ms);
  const double t_end_ms = t_start_ms + bins * bin_ms;
  for (uint32_t neuron = 0; neuron < neurons; ++neuron) {
    std::vector<double>& train = trains_ms[neuron];
    std::sort(train.begin(), train.end());
    double last = -1.0;
    for (const double t : train) {
      if (t < t_start_ms || t >= t_end_ms) continue;
      // A time just below t_end_ms may round up to the bin past the last.
      const auto bin =
          std::min<uint64_t>(static_cast<uint64_t>((t - t_start_ms) / bin_ms), bins - 1);
      uint16_t& c = rec.counts[bin * neurons + neuron];
      if (c < 65535) ++c;
      ++rec.spikes_after_burn_in[neuron];
      if (last >= 0) {
        const double isi = t - last;
        ++rec.isi_count[neuron];
        rec.isi_sum_ms[neuron] += isi;
        rec.isi_sum_sq_ms2[neuron] += isi * isi;
      }
      last = t;
    }
  }
  return rec;
}

}  // namespace spikefit::experiments
