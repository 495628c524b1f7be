// spikefit.Statistics, spikefit.statistics(counts) and spikefit.Target: the statistics of count
// matrices (as `spikefit stats --counts`) and their cost against a target file's target.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <filesystem>

#include "bindings.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/cli/command_line.hpp"
#include "spikefit/experiments/config/spike_data.hpp"
#include "spikefit/experiments/report/statistics_report.hpp"
#include "spikefit/stats/cost.hpp"
#include "spikefit/stats/target.hpp"
#include "spikefit/stats/trial_statistics.hpp"

namespace py = pybind11;

namespace spikefit::python {

namespace {

// One value as Python sees it: a float for a scalar statistic, a list for a vector one.
py::object value_object(const std::vector<double>& value) {
  if (value.size() == 1) return py::float_(value[0]);
  return py::cast(value);
}

std::vector<double> value_vector(const py::handle& value) {
  if (py::isinstance<py::float_>(value) || py::isinstance<py::int_>(value)) {
    return {value.cast<double>()};
  }
  return value.cast<std::vector<double>>();
}

// counts [neurons x bins] of one recording (rows = neurons, as the counts CSV).
stats::Statistics counts_statistics(
    const py::array_t<double, py::array::c_style | py::array::forcecast>& counts, double bin_ms,
    uint64_t seed, const experiments::StatisticsChoice& choice) {
  if (counts.ndim() != 2) {
    throw base::UsageError("counts", "must be a [neurons x bins] matrix, got " +
                                         std::to_string(counts.ndim()) + " dimensions");
  }
  const auto c = counts.unchecked<2>();
  std::vector<std::vector<double>> rows(static_cast<std::size_t>(c.shape(0)));
  for (py::ssize_t j = 0; j < c.shape(0); ++j) {
    for (py::ssize_t b = 0; b < c.shape(1); ++b) {
      if (!experiments::is_spike_count(c(j, b))) {
        throw base::UsageError("counts", "[" + std::to_string(j) + ", " + std::to_string(b) +
                                             "] is not a spike count (integer 0..65535)");
      }
      rows[j].push_back(c(j, b));
    }
  }
  const engine::TrialRecording rec = experiments::recording_from_counts(rows, bin_ms);
  py::gil_scoped_release release;
  return stats::compute_statistics(rec, experiments::fit_to_recorded_cells(choice.options(), rec),
                                   seed);
}

py::dict cost_dict(const stats::CostResult& cost, const stats::Target& target) {
  py::dict errors;
  for (std::size_t i = 0; i < cost.errors.size() && i < target.statistics.size(); ++i) {
    errors[py::str(target.statistics[i].name)] = cost.errors[i];
  }
  py::dict out;
  out["feasible"] = cost.feasible;
  out["cost"] = cost.feasible ? py::object(py::float_(cost.cost)) : py::object(py::none());
  out["errors"] = errors;
  out["reason"] = cost.reason;
  return out;
}

}  // namespace

void add_statistics(py::module_& module) {
  py::class_<stats::Statistics>(module, "Statistics",
                                "Named statistics of one trial or recording (name -> value)")
      .def(py::init([](const py::dict& values, bool feasible, std::string reason) {
             stats::Statistics s;
             s.feasible = feasible;
             s.reason = std::move(reason);
             for (const auto& [name, value] : values) {
               s.set(name.cast<std::string>(), value_vector(value));
             }
             return s;
           }),
           py::arg("values"), py::arg("feasible") = true, py::arg("reason") = "")
      .def_readonly("feasible", &stats::Statistics::feasible)
      .def_readonly("reason", &stats::Statistics::reason)
      .def("__getitem__",
           [](const stats::Statistics& s, const std::string& name) {
             const std::vector<double>* v = s.find(name);
             if (!v) throw py::key_error(name);
             return value_object(*v);
           })
      .def("__contains__", &stats::Statistics::has)
      .def("__len__", [](const stats::Statistics& s) { return s.values.size(); })
      .def("keys",
           [](const stats::Statistics& s) {
             std::vector<std::string> names;
             for (const auto& [name, value] : s.values) names.push_back(name);
             return names;
           })
      .def("to_dict", [](const stats::Statistics& s) {
        py::dict out;
        for (const auto& [name, value] : s.values) out[py::str(name)] = value_object(value);
        return out;
      });

  module.def(
      "_statistics",
      [](const py::array_t<double, py::array::c_style | py::array::forcecast>& counts,
         double bin_ms, uint64_t seed, std::string dimension, uint32_t neurons, uint32_t draws) {
        experiments::StatisticsChoice choice;
        choice.dimension = std::move(dimension);
        choice.base.selection.neurons = neurons;
        choice.base.selection.draws = draws;
        return counts_statistics(counts, bin_ms, seed, choice);
      },
      py::arg("counts"), py::arg("bin_ms"), py::arg("seed"), py::arg("dimension"),
      py::arg("neurons"), py::arg("draws"));

  py::class_<stats::Target>(module, "Target", "A target of a target file: means and normalisers")
      .def_static(
          "load",
          [](const std::filesystem::path& file, const std::string& name) {
            return stats::load_target(file.string(), name);
          },
          py::arg("file"), py::arg("name"),
          "The target called `name` in a target file (the error lists the names)")
      .def_readonly("name", &stats::Target::name)
      .def_readonly("n_neuron", &stats::Target::n_neuron)
      .def_property_readonly("statistics",
                             [](const stats::Target& t) {
                               std::vector<std::string> names;
                               for (const auto& s : t.statistics) names.push_back(s.name);
                               return names;
                             })
      .def("to_dict", [](const stats::Target& t) { return to_python(stats::target_to_json(t)); })
      .def(
          "cost",
          [](const stats::Target& t, const stats::Statistics& s, const std::string& metric) {
            return cost_dict(stats::evaluate_cost(s, t, experiments::parse_metric(metric)), t);
          },
          py::arg("statistics"), py::arg("metric") = "l2",
          "{feasible, cost (None when infeasible), errors {statistic: error}, reason}");
}

}  // namespace spikefit::python
