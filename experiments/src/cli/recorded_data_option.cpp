#include "recorded_data_option.hpp"

#include <optional>
#include <utility>

#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/config/spike_data.hpp"
#ifdef SPIKEFIT_HAVE_NWB
#include "spikefit/experiments/config/nwb_units.hpp"
#endif
#ifdef SPIKEFIT_HAVE_MATIO
#include "spikefit/experiments/config/mat_spike_data.hpp"
#endif

namespace spikefit::experiments {

#if !defined(SPIKEFIT_HAVE_NWB) || !defined(SPIKEFIT_HAVE_MATIO)
namespace {

// The failure of a reader this build lacks.
[[noreturn]] void unavailable(const std::string& flag, const std::string& library,
                              const std::string& package) {
  throw base::UsageError(flag, "this spikefit was built without " + library + " (install " +
                                   package + ", e.g. scripts/install-deps.sh, and reconfigure)");
}

}  // namespace
#endif

void RecordedDataOption::add_to(CLI::App& command) {
  command.add_option("--counts", counts, "Counts CSV: rows = neurons, columns = bins")
      ->check(CLI::ExistingFile);
  command.add_option("--spikes", spikes, "Spike CSV: rows 'neuron,time_ms'")
      ->check(CLI::ExistingFile);
  command.add_option("--nwb", nwb, "NWB file: the cells of its Units table")
      ->check(CLI::ExistingFile);
  command.add_option("--units", units, "NWB: unit ids to read (comma-separated; default all)")
      ->delimiter(',');
  command
      .add_option("--electrode-group", groups,
                  "NWB: read the units of these electrode groups (comma-separated names)")
      ->delimiter(',');
  command
      .add_option("--interval", interval_s,
                  "NWB: window START,STOP in seconds (default: where every unit was observed)")
      ->delimiter(',')
      ->expected(2);
  command.add_option("--mat", mat, "MATLAB file (v5, v7, v7.3) holding the data in --var")
      ->check(CLI::ExistingFile);
  command.add_option(
      "--var", variable,
      "MATLAB variable: counts [neurons x bins] or a cell array of spike times (ms)");
  command.add_option("--bin-ms", bin_ms, "Count bin (SNOPS: 200 ms)")->check(CLI::PositiveNumber);
  command.add_option("--t-start-ms", t_start_ms, "Spike times: start of the binned window");
  command.add_option("--t-stop-ms", t_stop_ms, "Spike times: end of the binned window");
}

bool RecordedDataOption::given() const {
  return !file().empty();
}

std::string RecordedDataOption::file() const {
  for (const std::string* f : {&counts, &spikes, &nwb, &mat}) {
    if (!f->empty()) return *f;
  }
  return "";
}

engine::TrialRecording RecordedDataOption::read() const {
  if (int(!counts.empty()) + int(!spikes.empty()) + int(!nwb.empty()) + int(!mat.empty()) != 1) {
    throw base::UsageError("--counts/--spikes/--nwb/--mat", "give exactly one of them");
  }
  if (nwb.empty() && (!units.empty() || !groups.empty() || !interval_s.empty())) {
    throw base::UsageError("--units/--electrode-group/--interval", "apply to --nwb only");
  }
  if (mat.empty() != variable.empty()) throw base::UsageError("--mat/--var", "give both");
  if (!counts.empty()) return read_count_csv(counts, bin_ms);
  const std::optional<std::pair<double, double>> window_ms =
      t_stop_ms < 0 ? std::nullopt : std::optional(std::pair(t_start_ms, t_stop_ms));
  if (!spikes.empty()) {
    if (!window_ms) throw base::UsageError("--t-stop-ms", "is required with --spikes");
    return read_spike_csv(spikes, bin_ms, t_start_ms, t_stop_ms);
  }
  if (!nwb.empty()) {
#ifdef SPIKEFIT_HAVE_NWB
    const std::vector<NwbUnit> cells = read_nwb_units(nwb, {units, groups});
    const std::optional<std::pair<double, double>> interval =
        interval_s.empty() ? std::nullopt : std::optional(std::pair(interval_s[0], interval_s[1]));
    return nwb_recording(cells, bin_ms, nwb_window(cells, interval));
#else
    unavailable("--nwb", "HDF5", "libhdf5-dev");
#endif
  }
#ifdef SPIKEFIT_HAVE_MATIO
  return read_mat_recording(mat, variable, bin_ms, window_ms);
#else
  unavailable("--mat", "libmatio", "libmatio-dev");
#endif
}

}  // namespace spikefit::experiments
