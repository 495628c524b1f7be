// spikefit.read_nwb / spikefit.read_mat: recorded spike counts from NWB and MATLAB files, read
// as `spikefit stats --nwb / --mat` reads them, as numpy arrays [neurons, bins].
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>
#include <utility>

#include "bindings.hpp"
#include "spikefit/base/usage_error.hpp"
#ifdef SPIKEFIT_HAVE_NWB
#include "spikefit/experiments/config/nwb_units.hpp"
#endif
#ifdef SPIKEFIT_HAVE_MATIO
#include "spikefit/experiments/config/mat_spike_data.hpp"
#endif

namespace py = pybind11;

namespace spikefit::python {

namespace {

using Window = std::optional<std::pair<double, double>>;

// counts uint16 [neurons, bins] of a recording (stored [bins x neurons]).
py::array_t<uint16_t> count_matrix(const engine::TrialRecording& rec) {
  py::array_t<uint16_t> counts({rec.count_neurons, rec.count_bins});
  auto c = counts.mutable_unchecked<2>();
  for (uint32_t b = 0; b < rec.count_bins; ++b) {
    for (uint32_t j = 0; j < rec.count_neurons; ++j)
      c(j, b) = rec.counts[uint64_t{b} * rec.count_neurons + j];
  }
  return counts;
}

py::array_t<uint16_t> read_nwb(const std::string& path, std::vector<int64_t> units,
                               std::vector<std::string> groups, const Window& interval_s,
                               double bin_ms) {
#ifdef SPIKEFIT_HAVE_NWB
  const std::vector<experiments::NwbUnit> cells =
      experiments::read_nwb_units(path, {std::move(units), std::move(groups)});
  return count_matrix(
      experiments::nwb_recording(cells, bin_ms, experiments::nwb_window(cells, interval_s)));
#else
  throw base::UsageError("read_nwb", "this spikefit was built without HDF5 (libhdf5-dev)");
#endif
}

py::array_t<uint16_t> read_mat(const std::string& path, const std::string& variable, double bin_ms,
                               const Window& window_ms) {
#ifdef SPIKEFIT_HAVE_MATIO
  return count_matrix(experiments::read_mat_recording(path, variable, bin_ms, window_ms));
#else
  throw base::UsageError("read_mat", "this spikefit was built without libmatio (libmatio-dev)");
#endif
}

}  // namespace

void add_recorded(py::module_& module) {
  module.def("read_nwb", &read_nwb, py::arg("path"), py::arg("units") = std::vector<int64_t>{},
             py::arg("groups") = std::vector<std::string>{}, py::arg("interval_s") = py::none(),
             py::arg("bin_ms") = 200.0,
             "Spike counts uint16 [neurons, bins] of an NWB file's Units table: units by id, "
             "electrode groups by name (empty: all), binned over interval_s = (start, stop) in "
             "seconds (default: where every selected unit was observed)");
  module.def("read_mat", &read_mat, py::arg("path"), py::arg("variable"), py::arg("bin_ms") = 200.0,
             py::arg("window_ms") = py::none(),
             "Spike counts uint16 [neurons, bins] of a MATLAB file's variable: a count matrix "
             "[neurons x bins], or a cell array of spike times (ms) binned over window_ms = "
             "(start, stop)");
}

}  // namespace spikefit::python
