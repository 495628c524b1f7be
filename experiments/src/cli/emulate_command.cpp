#include <cmath>
#include <cstdio>
#include <memory>

#include "spikefit/base/parse_number.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/cli/command_line.hpp"
#include "spikefit/experiments/cli/surrogate_commands.hpp"
#include "spikefit/experiments/emulation/emulator_file.hpp"
#include "spikefit/experiments/emulation/expected_cost.hpp"
#include "spikefit/experiments/emulation/process_clock.hpp"

namespace spikefit::experiments {

namespace {

struct EmulateOptions {
  std::string model;
  std::vector<std::string> sets;
  std::string target_file, target_name, metric = "l2";
  bool json = false;
};

// The point [1 x D] given by --set NAME=VALUE for every parameter of the emulator.
at::Tensor point_of(const EmulatorFile& emulator, const std::vector<std::string>& sets) {
  std::vector<double> x(emulator.parameters.size(), std::nan(""));
  for (const std::string& s : sets) {
    const auto eq = s.find('=');
    const std::string name = s.substr(0, eq);
    std::size_t d = 0;
    while (d < x.size() && emulator.parameters[d].name != name) ++d;
    if (eq == std::string::npos || d == x.size()) {
      throw base::UsageError("--set " + s, "give NAME=VALUE for a parameter of the emulator");
    }
    const std::optional<double> value = base::parse_finite(s.substr(eq + 1));
    const DatasetParameter& p = emulator.parameters[d];
    if (!value || *value < p.lower || *value > p.upper) {
      throw base::UsageError("--set " + s, "needs a number in the trained range [" +
                                               std::to_string(p.lower) + ", " +
                                               std::to_string(p.upper) + "]");
    }
    x[d] = *value;
  }
  for (std::size_t d = 0; d < x.size(); ++d) {
    if (std::isnan(x[d])) {
      throw base::UsageError("--set", "give a value for " + emulator.parameters[d].name +
                                          " (the emulator's parameters are all needed)");
    }
  }
  return at::tensor(x, at::kDouble).reshape({1, -1});
}

void run_emulate(const EmulateOptions& o) {
  const EmulatorFile emulator = load_emulator_file(o.model);
  const at::Tensor x = point_of(emulator, o.sets);
  const emulator::EmulatorPrediction p = emulator.predict(x);
  const double feasible = emulator.feasible_probability(x)[0].item<double>();
  const double first_prediction = seconds_since_process_start();
  nlohmann::json out = {{"emulator", o.model}, {"feasible_probability", feasible}};
  nlohmann::json statistics = nlohmann::json::object();
  for (std::size_t c = 0; c < emulator.outputs.size(); ++c) {
    const double mean = p.mean[0][static_cast<int64_t>(c)].item<double>();
    const double sd = std::sqrt(p.variance[0][static_cast<int64_t>(c)].item<double>());
    statistics[emulator.outputs[c]] = {
        {"mean", mean}, {"sd", sd}, {"interval90", {mean - 1.6448536 * sd, mean + 1.6448536 * sd}}};
  }
  out["statistics"] = statistics;
  if (!o.target_file.empty()) {
    const stats::Target target = stats::load_target(o.target_file, o.target_name);
    const ExpectedCost cost(target, parse_metric(o.metric), emulator.outputs, "--target");
    out["expected_cost"] = cost(p.mean, p.variance)[0].item<double>();
  }
  out["process_start_to_prediction_s"] = first_prediction;
  if (o.json) {
    std::printf("%s\n", out.dump(2).c_str());
    return;
  }
  std::printf("%-22s %12s %12s   %s\n", "statistic", "mean", "sd", "90% interval");
  for (const auto& [name, s] : statistics.items()) {
    std::printf("%-22s %12.5g %12.4g   [%.5g, %.5g]\n", name.c_str(), s["mean"].get<double>(),
                s["sd"].get<double>(), s["interval90"][0].get<double>(),
                s["interval90"][1].get<double>());
  }
  std::printf("P(feasible) %.3f\n", feasible);
  if (out.contains("expected_cost")) {
    std::printf("expected cost (%s) %.4g\n", o.target_name.c_str(),
                out["expected_cost"].get<double>());
  }
  std::fprintf(stderr, "first prediction %.3f s after the process started\n", first_prediction);
}

}  // namespace

void add_emulate_command(CLI::App& app) {
  auto o = std::make_shared<EmulateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "emulate", "Predicted statistics (mean, sd, 90% interval) of a trained emulator at a point");
  cmd->add_option("--model", o->model, "Emulator file (spikefit train-surrogate)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--set", o->sets, "NAME=VALUE for every parameter of the emulator")->required();
  add_target_options(*cmd, o->target_file, o->target_name, "adds the expected cost");
  add_metric_option(*cmd, o->metric);
  cmd->add_flag("--json", o->json, "Print JSON");
  add_example(*cmd,
              "spikefit emulate --model results/short_demo.emulator \\\n"
              "      --set taudsynI=8 --set mean_sigmaRRIs=0.1");
  cmd->callback([o]() { run_emulate(*o); });
}

}  // namespace spikefit::experiments
