// The `spikefit._spikefit` extension module: the C++ library behind the `spikefit` package
// (spikefit/__init__.py adds the Python-facing classes, docstrings and stubs).
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "spikefit/base/config_error.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/version.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_spikefit, module) {
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
