#include "spikefit/experiments/benchmark/scale_cell_runner.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

#include "device_memory_probe.hpp"
#include "spikefit/base/random.hpp"
#include "spikefit/experiments/evaluation/model.hpp"

namespace spikefit::experiments {

namespace {

// Resident bytes of this process now (/proc/self/statm), 0 when it cannot be read.
int64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t size = 0, resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * static_cast<int64_t>(sysconf(_SC_PAGESIZE));
}

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

std::string read_all(int fd) {
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

std::string signal_reason(int signal) {
  std::string reason = "killed by signal " + std::to_string(signal);
  if (const char* name = strsignal(signal)) reason += std::string(" (") + name + ")";
  if (signal == SIGKILL) reason += ": likely the out-of-memory killer";
  return reason;
}

}  // namespace

nlohmann::json scale_cell_network(const ModelConfig& config, double size_factor,
                                  const std::string& storage) {
  nlohmann::json network = config.bound_document();
  if (size_factor != 1.0) network["size_factor"] = size_factor;
  if (!storage.empty()) network["connectivity_storage"] = storage;
  return network;
}

ScaleCell measure_scale_cell(const ScaleSetup& setup, const ScaleCellSpec& spec) {
  ScaleCell cell;
  cell.spec = spec;
  const Model& model = setup.config.model();
  const nlohmann::json network = scale_cell_network(setup.config, spec.size_factor, setup.storage);
  model.validate(network, setup.config.source);
  const std::unique_ptr<TrialRunner> runner = model.open(setup.backend);
  cell.backend = runner->backend();
  cell.device = runner->device();
  std::vector<TrialRequest> requests;
  for (int64_t k = 0; k < spec.batch; ++k) {
    requests.push_back({network, base::trial_seed(setup.seed, static_cast<uint64_t>(k))});
  }
  TrialRunOptions options;
  options.threads = spec.threads;
  options.statistics = false;
  cell.baseline_rss_bytes = resident_bytes();
  DeviceMemoryProbe device(cell.backend == "cuda");
  const auto start = std::chrono::steady_clock::now();
  const std::vector<SimulatedTrial> trials = runner->run(requests, options);
  cell.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  cell.device_bytes = device.stop();

  double neuron_seconds = 0.0;
  for (const SimulatedTrial& trial : trials) {
    const engine::TrialRecording& rec = trial.recording;
    const uint64_t neurons = rec.population_offsets.empty() ? 0 : rec.population_offsets.back();
    cell.neurons = std::max(cell.neurons, neurons);
    cell.steps = std::max(cell.steps, rec.steps_simulated);
    cell.simulated_ms = std::max(cell.simulated_ms, rec.simulated_ms());
    cell.synapses = std::max(cell.synapses, rec.synapse_count);
    cell.threads_per_trial = std::max(cell.threads_per_trial, rec.threads);
    cell.setup_s += rec.setup_seconds / static_cast<double>(trials.size());
    cell.spikes += rec.total_spikes;
    cell.synaptic_events += rec.synaptic_events;
    neuron_seconds += static_cast<double>(neurons) * rec.simulated_ms() / 1000.0;
    if (rec.status != engine::TrialStatus::kOk && cell.ok()) {
      cell.status = engine::to_string(rec.status);
      cell.reason = rec.message;
    }
  }
  cell.mean_rate_hz = neuron_seconds > 0 ? static_cast<double>(cell.spikes) / neuron_seconds : 0.0;
  return cell;
}

ScaleCell run_scale_cell(const ScaleSetup& setup, const ScaleCellSpec& spec) {
  ScaleCell failed;
  failed.spec = spec;
  failed.status = "failed";
  int fds[2];
  if (pipe(fds) != 0) {
    failed.reason = std::string("cannot make a pipe: ") + std::strerror(errno);
    return failed;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = fork();
  if (pid < 0) {
    failed.reason = std::string("cannot fork: ") + std::strerror(errno);
    close(fds[0]);
    close(fds[1]);
    return failed;
  }
  if (pid == 0) {  // the child: measure, send, and leave without running the parent's exit code
    close(fds[0]);
    nlohmann::json message;
    try {
      message = scale_cell_json(measure_scale_cell(setup, spec));
    } catch (const std::exception& e) {
      ScaleCell error = failed;
      error.status = "error";
      error.reason = e.what();
      message = scale_cell_json(error);
    }
    write_all(fds[1], message.dump());
    close(fds[1]);
    std::fflush(stderr);
    _exit(0);
  }
  close(fds[1]);
  const std::string text = read_all(fds[0]);
  close(fds[0]);
  int status = 0;
  struct rusage usage {};
  while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  ScaleCell cell = failed;
  if (WIFSIGNALED(status)) {
    cell.status = "killed";
    cell.reason = signal_reason(WTERMSIG(status));
  } else {
    try {
      cell = scale_cell_from_json(nlohmann::json::parse(text));
    } catch (const std::exception&) {
      cell.reason = "the cell's process sent no measurements (exit status " +
                    std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")";
    }
  }
  cell.spec = spec;
  cell.peak_rss_bytes = static_cast<int64_t>(usage.ru_maxrss) * 1024;  // Linux: kilobytes
  return cell;
}

}  // namespace spikefit::experiments
