#pragma once

#include <pybind11/pybind11.h>

#include <nlohmann/json.hpp>

#include <optional>

#include "spikefit/experiments/study/point_summary.hpp"

// The pieces of the `spikefit._spikefit` extension module, each registered by its own file, and
// what the `_spikefit_fit` module shares with them.
namespace spikefit::python {

void add_simulate(pybind11::module_& module);    // simulate_binding.cpp
void add_statistics(pybind11::module_& module);  // statistics_binding.cpp
void add_study(pybind11::module_& module);       // study_binding.cpp
void add_recorded(pybind11::module_& module);    // recorded_binding.cpp

// A study point ({point, x, evaluations, mean_cost, sd_cost, se_cost}) or None; NaN as None.
pybind11::object point_dict(const std::optional<experiments::PointSummary>& point);
pybind11::object number_or_none(double v);

// A JSON document as Python objects (dict, list, float, ...), through the json module.
pybind11::object to_python(const nlohmann::json& document);

}  // namespace spikefit::python
