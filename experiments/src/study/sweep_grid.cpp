#include "spikefit/experiments/study/sweep_grid.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "spikefit/base/config_error.hpp"
#include "spikefit/base/json_reader.hpp"
#include "spikefit/base/parse_number.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/base/usage_error.hpp"

namespace spikefit::experiments {

using base::ConfigError;

namespace {

double parse_number(const std::string& text, const std::string& where) {
  if (const auto v = base::parse_finite(text)) return *v;
  throw base::ConfigError(where, "'" + text + "' is not a finite number");
}

}  // namespace

GridAxis parse_grid_axis(const std::string& spec) {
  const std::string where = "--grid " + spec;
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
    throw base::ConfigError(where, "expected NAME=a:b:n or NAME=v1,v2,...");
  }
  GridAxis axis;
  axis.name = spec.substr(0, eq);
  const std::string values = spec.substr(eq + 1);
  if (values.find(':') != std::string::npos) {
    const std::vector<std::string> parts = base::split(values, ':');
    if (parts.size() != 3) throw base::ConfigError(where, "a range is a:b:n (first:last:count)");
    const double a = parse_number(parts[0], where);
    const double b = parse_number(parts[1], where);
    const double n = parse_number(parts[2], where);
    if (n < 1 || n != std::floor(n) || n > 10000) {
      throw base::ConfigError(where,
                              "the count n must be a whole number in 1..10000, got " + parts[2]);
    }
    if (n == 1 && a != b) {
      throw base::ConfigError(where,
                              "a single value needs a == b (or write NAME=" + parts[0] + ")");
    }
    const int count = static_cast<int>(n);
    for (int k = 0; k < count; ++k) {
      axis.values.push_back(count == 1 ? a : a + (b - a) * k / (count - 1));
    }
  } else {
    for (const std::string& v : base::split(values, ',')) {
      axis.values.push_back(parse_number(v, where));
    }
  }
  std::set<double> distinct(axis.values.begin(), axis.values.end());
  if (distinct.size() != axis.values.size()) {
    throw base::ConfigError(where, "values must be distinct");
  }
  return axis;
}

std::vector<SweepParameter> sweep_parameters(const ParameterSpace& space,
                                             const std::vector<double>& values) {
  std::vector<SweepParameter> out;
  for (std::size_t d = 0; d < space.size(); ++d) {
    out.push_back({space[d].name, space[d].lower, space[d].upper, values.at(d)});
  }
  return out;
}

void check_grid(const std::vector<GridAxis>& axes, const std::vector<SweepParameter>& parameters) {
  if (axes.empty() || axes.size() > 2) {
    throw base::UsageError("--grid",
                           "give one or two grid axes, got " + std::to_string(axes.size()));
  }
  if (axes.size() == 2 && axes[0].name == axes[1].name) {
    throw base::UsageError("--grid " + axes[1].name, "the two axes must be different parameters");
  }
  for (const GridAxis& axis : axes) {
    const auto it = std::find_if(parameters.begin(), parameters.end(),
                                 [&axis](const SweepParameter& p) { return p.name == axis.name; });
    if (it == parameters.end()) {
      std::string names;
      for (const auto& p : parameters) names += (names.empty() ? "" : ", ") + p.name;
      throw base::UsageError("--grid " + axis.name,
                             "is not a free parameter of the config (it has: " +
                                 (names.empty() ? std::string("none") : names) + ")");
    }
    for (double v : axis.values) {
      if (v < it->lower || v > it->upper) {
        throw base::UsageError("--grid " + axis.name, "value " + base::number_text(v, 10) +
                                                          " is outside the parameter's range [" +
                                                          base::number_text(it->lower, 10) + ", " +
                                                          base::number_text(it->upper, 10) + "]");
      }
    }
  }
}

std::vector<std::vector<std::size_t>> grid_cells(const std::vector<GridAxis>& axes) {
  std::vector<std::vector<std::size_t>> cells{{}};
  for (const GridAxis& axis : axes) {
    std::vector<std::vector<std::size_t>> next;
    for (const auto& cell : cells) {
      for (std::size_t i = 0; i < axis.values.size(); ++i) {
        next.push_back(cell);
        next.back().push_back(i);
      }
    }
    cells = std::move(next);
  }
  return cells;
}

}  // namespace spikefit::experiments
