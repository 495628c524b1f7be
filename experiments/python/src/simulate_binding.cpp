// spikefit.simulate: trials of a config on a backend, as `spikefit simulate` runs them (same
// seeds: trial k of seed S is the CLI's trial k), returned as numpy arrays.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <Python.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "bindings.hpp"
#include "spikefit/base/random.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
#include "spikefit/experiments/report/statistics_report.hpp"
#include "spikefit/stats/spike_train_statistics.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace spikefit::python {

namespace {

using experiments::SimulatedTrial;

// Trials per run between checks for Ctrl-C on the CPU (the GPU runs the batch at once).
constexpr std::size_t kCpuChunk = 64;

struct SimulateRequest {
  std::string config;
  std::vector<std::string> sets;
  uint64_t trials = 1, seed = 1, first_trial = 0;
  double duration_ms = -1.0;
  std::string backend = "auto";
  int threads = 0;
  bool statistics = false;
  experiments::StatisticsChoice choice;
};

// Runs the requests in chunks with the GIL released; raises KeyboardInterrupt (or whatever a
// signal handler raised) between chunks. wall_s: the time inside the runner.
std::vector<SimulatedTrial> run_trials(experiments::TrialRunner& runner,
                                       const std::vector<experiments::TrialRequest>& requests,
                                       const experiments::TrialRunOptions& options,
                                       double& wall_s) {
  const std::size_t chunk = runner.backend() == "cpu" ? kCpuChunk : requests.size();
  std::vector<SimulatedTrial> out;
  for (std::size_t begin = 0; begin < requests.size(); begin += chunk) {
    const std::vector<experiments::TrialRequest> part(
        requests.begin() + begin, requests.begin() + std::min(requests.size(), begin + chunk));
    {
      py::gil_scoped_release release;
      const auto start = std::chrono::steady_clock::now();
      for (SimulatedTrial& t : runner.run(part, options)) out.push_back(std::move(t));
      wall_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
  }
  return out;
}

// counts [trials x neurons x bins] (zeros where a trial recorded fewer), rates [trials x pops].
py::dict arrays(const std::vector<SimulatedTrial>& trials, std::size_t populations) {
  std::size_t neurons = 0, bins = 0;
  for (const SimulatedTrial& t : trials) {
    neurons = std::max<std::size_t>(neurons, t.recording.count_neurons);
    bins = std::max<std::size_t>(bins, t.recording.count_bins);
  }
  py::array_t<uint16_t> counts({trials.size(), neurons, bins});
  py::array_t<double> rates({trials.size(), populations});
  py::array_t<uint64_t> seeds(static_cast<py::ssize_t>(trials.size()));
  auto c = counts.mutable_unchecked<3>();
  auto r = rates.mutable_unchecked<2>();
  auto s = seeds.mutable_unchecked<1>();
  std::fill(counts.mutable_data(), counts.mutable_data() + counts.size(), uint16_t{0});
  py::list status, reasons;
  for (std::size_t k = 0; k < trials.size(); ++k) {
    const engine::TrialRecording& rec = trials[k].recording;
    for (std::size_t b = 0; b < rec.count_bins; ++b) {
      for (std::size_t j = 0; j < rec.count_neurons; ++j) {
        c(k, j, b) = rec.counts[b * rec.count_neurons + j];
      }
    }
    const std::vector<double> hz = stats::population_rates_hz(rec);
    for (std::size_t p = 0; p < populations; ++p) r(k, p) = p < hz.size() ? hz[p] : 0.0;
    s(k) = rec.seed;
    status.append(engine::to_string(rec.status));
    reasons.append(rec.message);
  }
  return py::dict("counts"_a = counts, "rates_hz"_a = rates, "seeds"_a = seeds, "status"_a = status,
                  "reasons"_a = reasons);
}

py::dict simulate(SimulateRequest o) {
  experiments::ModelConfig config = experiments::load_model_config(o.config);
  const experiments::Model& model = config.model();
  if (o.duration_ms >= 0) {
    o.sets.insert(o.sets.begin(),
                  experiments::duration_field(config) + "=" + base::number_text(o.duration_ms));
  }
  experiments::apply_overrides(config, o.sets);
  const nlohmann::json network = config.bound_document();
  const experiments::NetworkOutline outline = model.outline(network);
  std::vector<experiments::TrialRequest> requests;
  for (uint64_t k = 0; k < o.trials; ++k) {
    requests.push_back({network, base::trial_seed(o.seed, o.first_trial + k)});
  }
  const std::unique_ptr<experiments::TrialRunner> runner = model.open(o.backend);
  experiments::TrialRunOptions options;
  options.threads = o.threads;
  options.statistics = o.statistics;
  options.statistics_options = o.choice.options();
  double wall_s = 0.0;
  const std::vector<SimulatedTrial> trials = run_trials(*runner, requests, options, wall_s);
  py::dict out = arrays(trials, outline.populations.size());
  py::list summaries, statistics;
  for (const SimulatedTrial& t : trials) {
    summaries.append(to_python(t.summary));
    if (o.statistics) statistics.append(t.statistics);
  }
  out["summaries"] = summaries;
  out["statistics"] = o.statistics ? py::object(statistics) : py::none();
  out["populations"] = outline.populations;
  out["bin_ms"] = trials.empty() ? 0.0 : trials[0].recording.count_bin_ms;
  out["duration_ms"] = outline.duration_ms;
  out["backend"] = runner->backend();
  out["device"] = runner->device();
  out["wall_s"] = wall_s;
  return out;
}

}  // namespace

void add_simulate(py::module_& module) {
  module.def(
      "_simulate",
      [](std::string config, std::vector<std::string> sets, uint64_t trials, uint64_t seed,
         uint64_t first_trial, double duration_ms, std::string backend, int threads,
         bool statistics, std::string dimension, uint32_t neurons, uint32_t draws) {
        SimulateRequest o{std::move(config), std::move(sets),    trials,  seed,       first_trial,
                          duration_ms,       std::move(backend), threads, statistics, {}};
        o.choice.dimension = std::move(dimension);
        o.choice.base.selection.neurons = neurons;
        o.choice.base.selection.draws = draws;
        return simulate(std::move(o));
      },
      py::arg("config"), py::arg("sets"), py::arg("trials"), py::arg("seed"),
      py::arg("first_trial"), py::arg("duration_ms"), py::arg("backend"), py::arg("threads"),
      py::arg("statistics"), py::arg("dimension"), py::arg("neurons"), py::arg("draws"));
}

}  // namespace spikefit::python
