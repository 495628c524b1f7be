// The `spikefit._spikefit` extension module: the C++ library behind the `spikefit` package
// (spikefit/__init__.py adds the Python-facing classes, docstrings and stubs).
#include <pybind11/pybind11.h>

#include <string>

#include "bindings.hpp"
#include "spikefit/base/config_error.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/version.hpp"

namespace py = pybind11;

namespace {

// pybind11 before 2.12 (Debian bookworm has 2.10) reads numpy 1's dtype layout: under numpy 2
// every array it makes has zero strides (each trial's seeds, counts and rates read as the last
// one's). Refuse to load there instead of returning wrong arrays.
void require_a_numpy_this_pybind11_reads() {
#if PYBIND11_VERSION_MAJOR == 2 && PYBIND11_VERSION_MINOR < 12
  const std::string numpy = py::str(py::module_::import("numpy").attr("__version__"));
  if (std::stoi(numpy) < 2) return;
  const std::string pybind11 = PYBIND11_TOSTRING(PYBIND11_VERSION_MAJOR) "." PYBIND11_TOSTRING(
      PYBIND11_VERSION_MINOR) "." PYBIND11_TOSTRING(PYBIND11_VERSION_PATCH);
  throw py::import_error("spikefit was built with pybind11 " + pybind11 +
                         ", which does not support numpy 2 (this environment has numpy " + numpy +
                         "): install numpy<2 here (pip install 'numpy<2'), or build spikefit "
                         "with pybind11 >= 2.12");
#endif
}

}  // namespace

PYBIND11_MODULE(_spikefit, module) {
  require_a_numpy_this_pybind11_reads();
  module.doc() = "spikefit's C++ library (use the spikefit package)";
  module.attr("__version__") = spikefit::kVersion;
  // Input errors keep the command line's messages; both are ValueErrors.
  py::register_exception<spikefit::base::ConfigError>(module, "ConfigError", PyExc_ValueError);
  py::register_exception<spikefit::base::UsageError>(module, "UsageError", PyExc_ValueError);
  spikefit::python::add_simulate(module);
  spikefit::python::add_statistics(module);
  spikefit::python::add_study(module);
  spikefit::python::add_recorded(module);
}
