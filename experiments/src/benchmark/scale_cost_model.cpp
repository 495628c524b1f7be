#include "spikefit/experiments/benchmark/scale_cost_model.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>

#include "spikefit/base/json_reader.hpp"

namespace spikefit::experiments {

ScaleCostModel fit_cost_model(const std::vector<CostSample>& samples) {
  ScaleCostModel model;
  model.cells = samples.size();
  if (samples.empty()) return model;
  const auto n = static_cast<Eigen::Index>(samples.size());
  Eigen::MatrixXd x(n, 3);
  Eigen::VectorXd y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const CostSample& s = samples[static_cast<std::size_t>(i)];
    x(i, 0) = 1.0;
    x(i, 1) = s.neuron_steps;
    x(i, 2) = s.events;
    y(i) = s.seconds;
  }
  // Unit-scaled columns: N·steps ~ 1e10 and events ~ 1e9 next to the constant 1.
  Eigen::Vector3d scale;
  for (int c = 0; c < 3; ++c) {
    scale(c) = x.col(c).cwiseAbs().maxCoeff();
    if (!(scale(c) > 0.0)) scale(c) = 1.0;
    x.col(c) /= scale(c);
  }
  Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(x);
  cod.setThreshold(1e-10);
  const Eigen::Vector3d beta = cod.solve(y).cwiseQuotient(scale);
  model.defined = true;
  model.rank = static_cast<int>(cod.rank());
  model.a_s = beta(0);
  model.b_s_per_neuron_step = beta(1);
  model.c_s_per_event = beta(2);
  if (model.rank < 3) {
    // The cells do not separate the terms: the least-norm split extrapolates badly (a negative
    // event cost, say), so the model falls back to t = b·N·steps through the origin.
    double xy = 0.0, xx = 0.0;
    for (const CostSample& s : samples) {
      xy += s.neuron_steps * s.seconds;
      xx += s.neuron_steps * s.neuron_steps;
    }
    if (xx > 0.0) {
      model.a_s = 0.0;
      model.b_s_per_neuron_step = xy / xx;
      model.c_s_per_event = 0.0;
    }
  }
  const double mean = y.mean();
  double residual = 0.0, total = 0.0;
  model.max_relative_error = 0.0;
  for (const CostSample& s : samples) {
    const double predicted = model.predict_s(s.neuron_steps, s.events);
    residual += (predicted - s.seconds) * (predicted - s.seconds);
    total += (s.seconds - mean) * (s.seconds - mean);
    if (s.seconds > 0.0) {
      model.max_relative_error =
          std::max(model.max_relative_error, std::abs(predicted - s.seconds) / s.seconds);
    }
  }
  model.r_squared = total > 0.0 ? 1.0 - residual / total : (residual == 0.0 ? 1.0 : 0.0);
  return model;
}

ScaleCostModel fit_scale_cost_model(const std::vector<ScaleCell>& cells) {
  const bool one_thread = std::any_of(
      cells.begin(), cells.end(), [](const ScaleCell& c) { return c.ok() && c.spec.threads == 1; });
  std::vector<CostSample> samples;
  std::vector<double> densities;
  std::string backend;
  for (const ScaleCell& c : cells) {
    if (!c.ok() || c.spec.batch < 1 || c.wall_s <= 0.0) continue;
    if (one_thread && c.spec.threads != 1) continue;
    const auto batch = static_cast<double>(c.spec.batch);
    CostSample s;
    s.neuron_steps = static_cast<double>(c.neurons) * static_cast<double>(c.steps);
    s.events = static_cast<double>(c.synaptic_events) / batch;
    s.seconds = c.wall_s * (one_thread ? 1.0 : static_cast<double>(c.spec.threads)) / batch;
    samples.push_back(s);
    if (c.neurons > 0 && c.simulated_ms > 0.0) {
      densities.push_back(s.events / (static_cast<double>(c.neurons) * c.simulated_ms / 1000.0));
    }
    if (backend.empty()) backend = c.backend;
  }
  ScaleCostModel model = fit_cost_model(samples);
  model.backend = backend;
  model.fitted_on = one_thread ? "cells on 1 thread: wall_s / batch per trial"
                               : "all cells (none on 1 thread): wall_s * threads / batch per trial";
  if (!densities.empty()) {
    double sum = 0.0;
    for (double d : densities) sum += d;
    model.events_per_neuron_s = sum / static_cast<double>(densities.size());
    model.events_per_neuron_s_min = *std::min_element(densities.begin(), densities.end());
    model.events_per_neuron_s_max = *std::max_element(densities.begin(), densities.end());
  }
  return model;
}

nlohmann::json cost_model_json(const ScaleCostModel& m) {
  return {{"model", "t = a + b*N*steps + c*events: wall seconds of one trial on one thread"},
          {"defined", m.defined},
          {"a_s", m.a_s},
          {"b_s_per_neuron_step", m.b_s_per_neuron_step},
          {"c_s_per_event", m.c_s_per_event},
          {"r_squared", m.r_squared},
          {"max_relative_error", m.max_relative_error},
          {"cells", m.cells},
          {"rank", m.rank},
          {"fitted_on", m.fitted_on},
          {"backend", m.backend},
          {"events_per_neuron_s",
           {{"mean", m.events_per_neuron_s},
            {"min", m.events_per_neuron_s_min},
            {"max", m.events_per_neuron_s_max}}}};
}

ScaleCostModel cost_model_from_json(const nlohmann::json& json, const std::string& source) {
  base::JsonObjectReader r(json, source);
  ScaleCostModel m;
  r.string("model", "");
  m.defined = r.boolean("defined", true);
  m.a_s = r.number("a_s");
  m.b_s_per_neuron_step = r.number("b_s_per_neuron_step");
  m.c_s_per_event = r.number("c_s_per_event");
  m.r_squared = r.number("r_squared", 0.0);
  m.max_relative_error = r.number("max_relative_error", 0.0);
  m.cells = r.count("cells", 0, 0);
  m.rank = static_cast<int>(r.count("rank", 0, 3));
  m.fitted_on = r.string("fitted_on", "");
  m.backend = r.string("backend", "");
  if (r.has("events_per_neuron_s")) {
    base::JsonObjectReader e(r.required("events_per_neuron_s"), r.path_of("events_per_neuron_s"));
    m.events_per_neuron_s = e.number("mean");
    m.events_per_neuron_s_min = e.number("min", m.events_per_neuron_s);
    m.events_per_neuron_s_max = e.number("max", m.events_per_neuron_s);
    e.finish();
  }
  r.finish();
  return m;
}

ScaleCostModel load_cost_model(const std::string& path) {
  return base::parse_json_file(path, "cost model", [&](const nlohmann::json& json) {
    return cost_model_from_json(json, "");
  });
}

}  // namespace spikefit::experiments
