// spikefit.Study: a study file's evaluations as numpy arrays, its incumbent (no LibTorch needed).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>

#include "bindings.hpp"
#include "spikefit/experiments/study/point_summary.hpp"
#include "spikefit/experiments/study/study_storage.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace spikefit::python {

namespace {

using experiments::StoredEvaluation;

// Column arrays of the stored evaluations, in storing order: x [N x D], errors [N x E].
py::dict evaluation_arrays(const std::vector<StoredEvaluation>& evaluations, std::size_t dims,
                           std::size_t errors) {
  const auto n = static_cast<py::ssize_t>(evaluations.size());
  py::array_t<int64_t> id(n), round(n), slot(n), point(n);
  py::array_t<uint64_t> seed(n);
  py::array_t<double> x({evaluations.size(), dims}), error({evaluations.size(), errors});
  py::array_t<double> cost(n), wall(n);
  py::array_t<bool> feasible(n);
  py::list reason, source, stage;
  for (py::ssize_t k = 0; k < n; ++k) {
    const StoredEvaluation& e = evaluations[k];
    id.mutable_at(k) = e.id;
    round.mutable_at(k) = e.round;
    slot.mutable_at(k) = e.slot;
    point.mutable_at(k) = e.point;
    seed.mutable_at(k) = e.trial_seed;
    for (std::size_t d = 0; d < dims; ++d) x.mutable_at(k, d) = d < e.x.size() ? e.x[d] : NAN;
    for (std::size_t i = 0; i < errors; ++i) {
      error.mutable_at(k, i) = i < e.errors.size() ? e.errors[i] : NAN;
    }
    cost.mutable_at(k) = e.cost;
    wall.mutable_at(k) = e.wall_s;
    feasible.mutable_at(k) = e.feasible;
    reason.append(e.reason);
    source.append(acquisition::to_string(e.source));
    stage.append(experiments::to_string(e.stage));
  }
  return py::dict("id"_a = id, "round"_a = round, "slot"_a = slot, "point"_a = point,
                  "trial_seed"_a = seed, "x"_a = x, "cost"_a = cost, "errors"_a = error,
                  "feasible"_a = feasible, "wall_s"_a = wall, "reason"_a = reason,
                  "source"_a = source, "stage"_a = stage);
}

py::dict read_study(const std::string& path) {
  const experiments::StudyStorage storage = experiments::StudyStorage::open(path);
  const nlohmann::json study = storage.study();
  const std::vector<StoredEvaluation> evaluations = storage.evaluations();
  const std::size_t dims = study.contains("parameters") ? study["parameters"].size() : 0;
  const std::size_t errors = study.contains("error_names") ? study["error_names"].size() : 0;
  const int min_replicates =
      study.contains("options") ? study["options"].value("min-replicates", 2) : 2;
  py::dict out;
  out["study"] = to_python(study);
  out["evaluations"] = evaluation_arrays(evaluations, dims, errors);
  out["statistics"] = py::list();
  for (const StoredEvaluation& e : evaluations)
    out["statistics"].attr("append")(to_python(e.statistics));
  out["incumbent"] = point_dict(
      experiments::find_incumbent(experiments::summarise_points(evaluations), min_replicates));
  out["rounds"] = storage.rounds().size();
  return out;
}

}  // namespace

void add_study(py::module_& module) {
  module.def("_read_study", &read_study, py::arg("path"));
}

}  // namespace spikefit::python
