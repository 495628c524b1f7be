#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "spikefit/stats/cost.hpp"

namespace spikefit::experiments {

// The conventions every subcommand follows:
// - exit status 0 on success, 1 on a run-time failure, 2 on a usage or input error (a flag the
//   parser rejects, base::UsageError, base::ConfigError for configs, targets and data files);
// - the same idea has the same flag everywhere (--config, --set, --seed, --threads,
//   --duration-ms, --target/--target-name, --metric, --batch, --initial, --max-evals, --out);
// - --help shows every default as the code has it, and ends with an example.
enum ExitStatus : int { kExitSuccess = 0, kExitFailure = 1, kExitUsage = 2 };

// Parses and runs `app` (the subcommands run in their callbacks) and returns the exit status;
// errors are printed to stderr as "spikefit: <kind>: <message>".
int run_command_line(CLI::App& app, int argc, char** argv);

// Appends "Example:" and the lines of `example` to the command's --help.
void add_example(CLI::App& command, const std::string& example);

// A number flag with its default shown in --help, checked > 0 (positive) or >= 0 (non-negative:
// the help says what 0 means).
template <typename T>
CLI::Option* add_positive_option(CLI::App& command, const std::string& flags, T& value,
                                 const std::string& help) {
  return command.add_option(flags, value, help)->capture_default_str()->check(CLI::PositiveNumber);
}
template <typename T>
CLI::Option* add_non_negative_option(CLI::App& command, const std::string& flags, T& value,
                                     const std::string& help) {
  return command.add_option(flags, value, help)
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
}

// The shared flags, one definition each.
CLI::Option* add_config_option(CLI::App& command, std::string& config);
CLI::Option* add_set_option(CLI::App& command, std::vector<std::string>& sets);
CLI::Option* add_seed_option(CLI::App& command, uint64_t& seed, const std::string& what);
CLI::Option* add_threads_option(CLI::App& command, int& threads);
CLI::Option* add_duration_option(CLI::App& command, double& duration_ms);
// --target FILE --target-name NAME (each requires the other).
void add_target_options(CLI::App& command, std::string& file, std::string& name,
                        const std::string& what);
CLI::Option* add_metric_option(CLI::App& command, std::string& metric);

// "l2" | "l1" -> the cost metric; anything else is a base::UsageError naming --metric.
stats::CostMetric parse_metric(const std::string& metric);

}  // namespace spikefit::experiments
