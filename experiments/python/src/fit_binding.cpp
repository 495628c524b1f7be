// The `spikefit._spikefit_fit` extension module: spikefit.fit, the `fit` command's session (the
// same loop, options and seeds, so the same study). A module of its own because it needs LibTorch
// (the surrogate): the rest of the package loads without it, beside another torch (sbi's).
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <Python.h>

#include <cmath>
#include <optional>

#include "bindings.hpp"
#include "spikefit/experiments/cli/fit_session.hpp"
#include "spikefit/experiments/study/posterior_incumbent.hpp"
#include "spikefit/experiments/study/study_front.hpp"

namespace py = pybind11;

namespace spikefit::python {

namespace {

using experiments::FitSessionOptions;

py::dict progress_dict(const experiments::FitProgress& p) {
  py::dict out;
  out["round"] = p.round;
  out["evaluations"] = p.evaluations;
  out["max_evaluations"] = p.max_evaluations;
  out["incumbent"] = point_dict(p.incumbent);
  out["elapsed_s"] = p.elapsed_s;
  out["evaluations_per_s"] = p.evaluations_per_s;
  return out;
}

// Runs the session with the GIL released. The callback runs after each round (an exception it
// raises stops the fit there); Ctrl-C is checked before each round and between chunks of
// evaluations, and stops the fit after the evaluations under way, then raises KeyboardInterrupt.
py::dict fit(const FitSessionOptions& options, const std::function<void(py::dict)>& progress) {
  experiments::FitSessionHooks hooks;
  bool interrupted = false;  // a signal's exception is pending: no Python call until it is raised
  hooks.on_round = [&progress, &interrupted](const experiments::FitProgress& p) {
    py::gil_scoped_acquire acquire;
    if (progress && !interrupted) progress(progress_dict(p));
  };
  hooks.stop_requested = [&interrupted]() {
    py::gil_scoped_acquire acquire;
    if (!interrupted && PyErr_CheckSignals() != 0) interrupted = true;
    return interrupted;
  };
  experiments::FitSessionResult session;
  {
    py::gil_scoped_release release;
    session = experiments::run_fit_session(options, hooks);
  }
  if (interrupted) throw py::error_already_set();
  py::dict out;
  out["rounds"] = session.result.rounds;
  out["evaluations"] = session.result.evaluations;
  out["stop_reason"] = session.result.stop_reason;
  out["incumbent"] = point_dict(session.result.incumbent);
  out["parameters"] = session.problem.names;
  if (!session.objectives.empty()) {
    py::list objectives;
    for (const experiments::Objective& o : session.objectives) objectives.append(o.name);
    out["objectives"] = objectives;
    out["front_size"] = session.front.size;
    out["hypervolume"] = session.front.hypervolume.value;
  }
  return out;
}

// The front of a multi-objective study by replicate means: [{point dict, "objectives": [k]}].
py::list front(const std::string& path) {
  const std::vector<experiments::ObjectivePoint> points = experiments::nondominated(
      experiments::objective_points(experiments::StudyStorage::open(path).evaluations()));
  py::list out;
  for (const experiments::ObjectivePoint& p : points) {
    py::dict entry = point_dict(p.summary);
    entry["objectives"] = p.objectives;
    out.append(entry);
  }
  return out;
}

// SNOPS's incumbent of a single-objective study (the lowest posterior mean of its model): the
// point dict with the model's name, its cost estimate and expected cost of a fresh run; None
// without a feasible point.
py::object model_incumbent(const std::string& path) {
  const std::optional<experiments::PosteriorIncumbent> best =
      experiments::study_posterior_incumbent(experiments::StudyStorage::open(path));
  if (!best) return py::none();
  py::dict out = point_dict(best->point);
  out["model"] = best->model;
  out["posterior_cost"] = std::exp(best->log_cost_mean);
  out["posterior_log_cost_sd"] = best->log_cost_sd;
  out["expected_cost"] = best->expected_cost;
  return out;
}

}  // namespace

}  // namespace spikefit::python

PYBIND11_MODULE(_spikefit_fit, module) {
  namespace python = spikefit::python;
  using spikefit::experiments::FitSessionOptions;
  module.doc() = "spikefit.fit's C++ session (use spikefit.fit)";
  // Registers the input errors' exception types (ConfigError, UsageError) shared with this module.
  py::module_::import("spikefit._spikefit");
  py::class_<FitSessionOptions> options(module, "_FitOptions");
  options.def(py::init<>())
      .def_readwrite("config", &FitSessionOptions::config)
      .def_readwrite("sets", &FitSessionOptions::sets)
      .def_readwrite("target_file", &FitSessionOptions::target_file)
      .def_readwrite("target_name", &FitSessionOptions::target_name)
      .def_readwrite("study", &FitSessionOptions::study)
      .def_readwrite("resume", &FitSessionOptions::resume)
      .def_readwrite("batch", &FitSessionOptions::batch)
      .def_readwrite("initial", &FitSessionOptions::initial)
      .def_readwrite("max_evaluations", &FitSessionOptions::max_evaluations)
      .def_readwrite("max_minutes", &FitSessionOptions::max_minutes)
      .def_readwrite("backend", &FitSessionOptions::backend)
      .def_readwrite("seed", &FitSessionOptions::seed)
      .def_readwrite("strategy", &FitSessionOptions::strategy)
      .def_readwrite("model", &FitSessionOptions::model)
      .def_readwrite("screen_ms", &FitSessionOptions::screen_ms)
      .def_readwrite("duration_ms", &FitSessionOptions::duration_ms)
      .def_readwrite("threads", &FitSessionOptions::threads)
      .def_readwrite("replicates", &FitSessionOptions::replicates)
      .def_readwrite("min_replicates", &FitSessionOptions::min_replicates)
      .def_readwrite("max_replicates", &FitSessionOptions::max_replicates)
      .def_readwrite("replicate_se_tol", &FitSessionOptions::replicate_se_tol)
      .def_readwrite("stop_cost", &FitSessionOptions::stop_cost)
      .def_readwrite("chunk", &FitSessionOptions::chunk)
      .def_readwrite("overlap", &FitSessionOptions::overlap)
      .def_readwrite("metric", &FitSessionOptions::metric)
      .def_readwrite("objectives", &FitSessionOptions::objectives)
      .def_readwrite("ref_point", &FitSessionOptions::ref_point)
      .def_readwrite("strategy_given", &FitSessionOptions::strategy_given);
  // The statistics choice, flattened (dimension method and the neuron draws).
  options
      .def_property(
          "dimension", [](const FitSessionOptions& o) { return o.statistics_choice.dimension; },
          [](FitSessionOptions& o, std::string v) { o.statistics_choice.dimension = std::move(v); })
      .def_property(
          "neurons",
          [](const FitSessionOptions& o) { return o.statistics_choice.base.selection.neurons; },
          [](FitSessionOptions& o, uint32_t v) { o.statistics_choice.base.selection.neurons = v; })
      .def_property(
          "draws",
          [](const FitSessionOptions& o) { return o.statistics_choice.base.selection.draws; },
          [](FitSessionOptions& o, uint32_t v) { o.statistics_choice.base.selection.draws = v; });
  module.def("_fit", &python::fit, py::arg("options"), py::arg("progress"));
  module.def("_front", &python::front, py::arg("path"));
  module.def("_model_incumbent", &python::model_incumbent, py::arg("path"));
}
