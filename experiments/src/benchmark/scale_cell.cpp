#include "spikefit/experiments/benchmark/scale_cell.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "spikefit/base/text_files.hpp"

namespace spikefit::experiments {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

nlohmann::json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

double double_or_nan(const nlohmann::json& json, const char* key) {
  const auto it = json.find(key);
  return it == json.end() || it->is_null() ? kNan : it->get<double>();
}

// The columns of cells.json and cells.csv, in order.
const std::vector<std::string>& columns() {
  static const std::vector<std::string> names = {"size_factor",
                                                 "batch",
                                                 "threads",
                                                 "repeat",
                                                 "status",
                                                 "reason",
                                                 "backend",
                                                 "device",
                                                 "wall_s",
                                                 "setup_s",
                                                 "simulated_ms",
                                                 "steps",
                                                 "neurons",
                                                 "synapses",
                                                 "spikes",
                                                 "synaptic_events",
                                                 "mean_rate_hz",
                                                 "threads_per_trial",
                                                 "neuron_steps_per_s",
                                                 "events_per_s",
                                                 "wall_per_simulated_s",
                                                 "peak_rss_bytes",
                                                 "baseline_rss_bytes",
                                                 "rss_above_baseline_bytes",
                                                 "device_bytes",
                                                 "bytes_per_neuron",
                                                 "bytes_per_synapse"};
  return names;
}

std::string csv_field(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string quoted = "\"";
    for (char c : s) quoted += c == '"' ? std::string("\"\"") : std::string(1, c == '\n' ? ' ' : c);
    return quoted + "\"";
  }
  if (v.is_number_float()) return base::number_text(v.get<double>(), 10);
  return v.dump();
}

}  // namespace

double ScaleCell::neuron_steps() const {
  return static_cast<double>(neurons) * static_cast<double>(steps) *
         static_cast<double>(spec.batch);
}

double ScaleCell::neuron_steps_per_s() const {
  return wall_s > 0.0 ? neuron_steps() / wall_s : kNan;
}

double ScaleCell::events_per_s() const {
  return wall_s > 0.0 ? static_cast<double>(synaptic_events) / wall_s : kNan;
}

double ScaleCell::wall_per_simulated_s() const {
  return simulated_ms > 0.0 ? wall_s / (simulated_ms / 1000.0) : kNan;
}

int64_t ScaleCell::rss_above_baseline_bytes() const {
  return std::max<int64_t>(0, peak_rss_bytes - baseline_rss_bytes);
}

int64_t ScaleCell::concurrent_trials() const {
  if (backend == "cuda") return spec.batch;
  return std::max<int64_t>(1, std::min<int64_t>(spec.batch, spec.threads));
}

double ScaleCell::bytes_per_neuron() const {
  if (neurons == 0 || peak_rss_bytes <= 0 || baseline_rss_bytes <= 0) return kNan;
  return static_cast<double>(rss_above_baseline_bytes()) /
         (static_cast<double>(neurons) * static_cast<double>(concurrent_trials()));
}

double ScaleCell::bytes_per_synapse() const {
  if (synapses == 0 || peak_rss_bytes <= 0 || baseline_rss_bytes <= 0) return kNan;
  return static_cast<double>(rss_above_baseline_bytes()) /
         (static_cast<double>(synapses) * static_cast<double>(concurrent_trials()));
}

nlohmann::json scale_cell_json(const ScaleCell& c) {
  nlohmann::json j;
  j["size_factor"] = c.spec.size_factor;
  j["batch"] = c.spec.batch;
  j["threads"] = c.spec.threads;
  j["repeat"] = c.spec.repeat;
  j["status"] = c.status;
  j["reason"] = c.reason;
  j["backend"] = c.backend;
  j["device"] = c.device;
  j["wall_s"] = c.wall_s;
  j["setup_s"] = c.setup_s;
  j["simulated_ms"] = c.simulated_ms;
  j["steps"] = c.steps;
  j["neurons"] = c.neurons;
  j["synapses"] = c.synapses > 0 ? nlohmann::json(c.synapses) : nlohmann::json(nullptr);
  j["spikes"] = c.spikes;
  j["synaptic_events"] = c.synaptic_events;
  j["mean_rate_hz"] = number_or_null(c.mean_rate_hz);
  j["threads_per_trial"] = c.threads_per_trial;
  j["neuron_steps_per_s"] = number_or_null(c.neuron_steps_per_s());
  j["events_per_s"] = number_or_null(c.events_per_s());
  j["wall_per_simulated_s"] = number_or_null(c.wall_per_simulated_s());
  j["peak_rss_bytes"] = c.peak_rss_bytes;
  j["baseline_rss_bytes"] = c.baseline_rss_bytes;
  j["rss_above_baseline_bytes"] = c.baseline_rss_bytes > 0
                                      ? nlohmann::json(c.rss_above_baseline_bytes())
                                      : nlohmann::json(nullptr);  // failed before measuring
  j["device_bytes"] =
      c.device_bytes >= 0 ? nlohmann::json(c.device_bytes) : nlohmann::json(nullptr);
  j["bytes_per_neuron"] = number_or_null(c.bytes_per_neuron());
  j["bytes_per_synapse"] = number_or_null(c.bytes_per_synapse());
  return j;
}

ScaleCell scale_cell_from_json(const nlohmann::json& j) {
  ScaleCell c;
  c.spec.size_factor = j.value("size_factor", 1.0);
  c.spec.batch = j.value("batch", int64_t{1});
  c.spec.threads = j.value("threads", 1);
  c.spec.repeat = j.value("repeat", 0);
  c.status = j.value("status", std::string("failed"));
  c.reason = j.value("reason", std::string());
  c.backend = j.value("backend", std::string());
  c.device = j.value("device", std::string());
  c.wall_s = j.value("wall_s", 0.0);
  c.setup_s = j.value("setup_s", 0.0);
  c.simulated_ms = j.value("simulated_ms", 0.0);
  c.steps = j.value("steps", uint64_t{0});
  c.neurons = j.value("neurons", uint64_t{0});
  c.synapses =
      j.contains("synapses") && !j["synapses"].is_null() ? j["synapses"].get<uint64_t>() : 0;
  c.spikes = j.value("spikes", uint64_t{0});
  c.synaptic_events = j.value("synaptic_events", uint64_t{0});
  c.mean_rate_hz = double_or_nan(j, "mean_rate_hz");
  c.threads_per_trial = j.value("threads_per_trial", uint32_t{0});
  c.peak_rss_bytes = j.value("peak_rss_bytes", int64_t{0});
  c.baseline_rss_bytes = j.value("baseline_rss_bytes", int64_t{0});
  c.device_bytes = j.contains("device_bytes") && !j["device_bytes"].is_null()
                       ? j["device_bytes"].get<int64_t>()
                       : -1;
  return c;
}

std::string scale_cells_csv(const std::vector<ScaleCell>& cells) {
  std::ostringstream out;
  for (std::size_t k = 0; k < columns().size(); ++k) out << (k ? "," : "") << columns()[k];
  out << "\n";
  for (const ScaleCell& cell : cells) {
    const nlohmann::json j = scale_cell_json(cell);
    for (std::size_t k = 0; k < columns().size(); ++k) {
      out << (k ? "," : "") << csv_field(j.at(columns()[k]));
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace spikefit::experiments
