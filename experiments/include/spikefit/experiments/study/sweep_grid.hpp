#pragma once

#include <string>
#include <vector>

#include "spikefit/experiments/config/parameter_space.hpp"

namespace spikefit::experiments {

// A free parameter as a sweep sees it: its range and the value it keeps off the grid.
struct SweepParameter {
  std::string name;
  double lower = 0.0, upper = 1.0;
  double base = 0.0;
};

// The parameters of a config's space, at `values` [D].
std::vector<SweepParameter> sweep_parameters(const ParameterSpace& space,
                                             const std::vector<double>& values);

// One axis of a parameter sweep: a free parameter and the values it takes.
struct GridAxis {
  std::string name;
  std::vector<double> values;
};

// "NAME=a:b:n" (n >= 1 values evenly spaced from a to b, both included) or "NAME=v1,v2,...".
// Errors (base::ConfigError) name the spec and what is wrong with it.
GridAxis parse_grid_axis(const std::string& spec);

// The axes checked against the parameters: one or two axes, distinct, each one of
// `parameters` with every value inside its range. Errors name the axis, list the parameters of an
// unknown name and give the bounds of a value out of range.
void check_grid(const std::vector<GridAxis>& axes, const std::vector<SweepParameter>& parameters);

// Grid cells in row-major order (the last axis varies fastest): [cells][axes] axis indices.
std::vector<std::vector<std::size_t>> grid_cells(const std::vector<GridAxis>& axes);

}  // namespace spikefit::experiments
