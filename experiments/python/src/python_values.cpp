// Values both extension modules hand to Python.
#include <pybind11/numpy.h>

#include <cmath>

#include "bindings.hpp"

namespace py = pybind11;

namespace spikefit::python {

py::object to_python(const nlohmann::json& document) {
  // Left alive at exit: the interpreter is gone before static destructors run.
  static const py::object* loads = new py::object(py::module_::import("json").attr("loads"));
  return (*loads)(document.dump());
}

py::object number_or_none(double v) {
  return std::isfinite(v) ? py::object(py::float_(v)) : py::object(py::none());
}

py::object point_dict(const std::optional<experiments::PointSummary>& p) {
  if (!p) return py::none();
  py::dict out;
  out["point"] = p->point;
  out["x"] = py::array_t<double>(static_cast<py::ssize_t>(p->x.size()), p->x.data());
  out["evaluations"] = p->evaluations;
  out["mean_cost"] = number_or_none(p->mean_cost);
  out["sd_cost"] = number_or_none(p->sd_cost);
  out["se_cost"] = number_or_none(p->se_cost);
  return out;
}

}  // namespace spikefit::python
