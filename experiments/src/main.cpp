#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "spikefit/engine/config_error.hpp"
#ifdef SPIKEFIT_HAVE_TORCH
#include "spikefit/experiments/bench_bo_command.hpp"
#endif
#include "spikefit/experiments/simulate_command.hpp"
#include "spikefit/experiments/stats_commands.hpp"
#include "spikefit/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"spikefit: fit spiking-network models to recorded population statistics"};
  app.set_version_flag("--version",
                       std::string("spikefit ") + spikefit::kVersion + " (CUDA backend: " +
                           (spikefit::kCudaCompiledIn ? "compiled in" : "not compiled in") + ")");
  app.require_subcommand(1);
  spikefit::experiments::add_simulate_command(app);
  spikefit::experiments::add_stats_command(app);
  spikefit::experiments::add_targets_command(app);
#ifdef SPIKEFIT_HAVE_TORCH
  spikefit::experiments::add_bench_bo_command(app);
  spikefit::experiments::add_bench_bo_summary_command(app);
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const spikefit::engine::ConfigError& e) {
    std::cerr << "spikefit: config error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "spikefit: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
