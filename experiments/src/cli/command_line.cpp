#include "spikefit/experiments/cli/command_line.hpp"

#include <exception>
#include <iostream>

#include "spikefit/base/config_error.hpp"
#include "spikefit/base/usage_error.hpp"

namespace spikefit::experiments {

int run_command_line(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "spikefit: usage error: " << e.what() << "\n"
              << "Run with --help for the flags and an example.\n";
    return kExitUsage;
  } catch (const base::UsageError& e) {
    std::cerr << "spikefit: usage error: " << e.what() << "\n";
    return kExitUsage;
  } catch (const base::ConfigError& e) {
    std::cerr << "spikefit: config error: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "spikefit: error: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitSuccess;
}

void add_example(CLI::App& command, const std::string& example) {
  command.footer("\nExample:\n  " + example);
}

CLI::Option* add_config_option(CLI::App& command, std::string& config) {
  return command.add_option("--config", config, "Model config (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
}

CLI::Option* add_set_option(CLI::App& command, std::vector<std::string>& sets) {
  return command.add_option(
      "--set", sets,
      "Override NAME=VALUE (repeatable): a free parameter (range-checked) or a network field by "
      "dotted path");
}

CLI::Option* add_seed_option(CLI::App& command, uint64_t& seed, const std::string& what) {
  return command.add_option("--seed", seed, what)->capture_default_str();
}

CLI::Option* add_threads_option(CLI::App& command, int& threads) {
  return add_non_negative_option(command, "--threads", threads,
                                 "CPU threads (0: all hardware threads)");
}

CLI::Option* add_duration_option(CLI::App& command, double& duration_ms) {
  return command
      .add_option("--duration-ms", duration_ms, "Simulated time in ms (default: the config's)")
      ->check(CLI::PositiveNumber);
}

void add_target_options(CLI::App& command, std::string& file, std::string& name,
                        const std::string& what) {
  CLI::Option* file_option =
      command.add_option("--target", file, "Target file: " + what)->check(CLI::ExistingFile);
  CLI::Option* name_option =
      command.add_option("--target-name", name, "Name of the target in the target file");
  file_option->needs(name_option);
  name_option->needs(file_option);
}

CLI::Option* add_metric_option(CLI::App& command, std::string& metric) {
  return command.add_option("--metric", metric, "Cost metric: l2 (SNOPS) or l1")
      ->capture_default_str()
      ->check(CLI::IsMember({"l2", "l1"}));
}

stats::CostMetric parse_metric(const std::string& metric) {
  if (metric == "l2") return stats::CostMetric::kL2;
  if (metric == "l1") return stats::CostMetric::kL1;
  throw base::UsageError("--metric", "must be l2 or l1, got '" + metric + "'");
}

}  // namespace spikefit::experiments
