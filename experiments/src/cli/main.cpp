#include <CLI/CLI.hpp>

#include "spikefit/engine/backend.hpp"
#include "spikefit/experiments/cli/command_line.hpp"
#include "spikefit/experiments/cli/scale_command.hpp"
#include "spikefit/experiments/cli/simulate_command.hpp"
#ifdef SPIKEFIT_HAVE_TORCH
#include "spikefit/experiments/cli/bench_bo_command.hpp"
#include "spikefit/experiments/cli/dataset_command.hpp"
#include "spikefit/experiments/cli/fit_command.hpp"
#include "spikefit/experiments/cli/pareto_command.hpp"
#include "spikefit/experiments/cli/report_command.hpp"
#include "spikefit/experiments/cli/surrogate_commands.hpp"
#endif
#include "spikefit/experiments/cli/stats_commands.hpp"
#include "spikefit/experiments/cli/sweep_command.hpp"
#ifdef SPIKEFIT_HAVE_MPI
#include "spikefit/experiments/evaluation/mpi_session.hpp"
#include "spikefit/experiments/evaluation/mpi_worker.hpp"
#endif
#include "spikefit/version.hpp"

int main(int argc, char** argv) {
#ifdef SPIKEFIT_HAVE_MPI
  // Under mpirun or srun, rank 0 runs the command and the other ranks serve its evaluations.
  const spikefit::experiments::MpiSession mpi(argc, argv);
  if (mpi.rank() > 0) return spikefit::experiments::serve_evaluations();
#endif
  CLI::App app{"spikefit: fit spiking-network models to recorded population statistics"};
  app.set_version_flag("--version", [] {
    std::string line = std::string("spikefit ") + spikefit::kVersion + " (CUDA backend: ";
    if (!spikefit::kCudaCompiledIn) return line + "not compiled in)";
    const spikefit::engine::CudaDeviceStatus cuda = spikefit::engine::cuda_device_status();
    return line + "compiled in; " + (cuda.usable ? "device " + cuda.device : cuda.reason) + ")";
  });
  app.require_subcommand(1);
  spikefit::experiments::add_simulate_command(app);
  spikefit::experiments::add_stats_command(app);
  spikefit::experiments::add_targets_command(app);
  spikefit::experiments::add_sweep_command(app);
  spikefit::experiments::add_scale_command(app);
#ifdef SPIKEFIT_HAVE_TORCH
  spikefit::experiments::add_fit_command(app);
  spikefit::experiments::add_report_command(app);
  spikefit::experiments::add_pareto_command(app);
  spikefit::experiments::add_bench_bo_command(app);
  spikefit::experiments::add_bench_bo_summary_command(app);
  spikefit::experiments::add_dataset_command(app);
  spikefit::experiments::add_dataset_csv_command(app);
  spikefit::experiments::add_train_surrogate_command(app);
  spikefit::experiments::add_emulate_command(app);
#endif
  return spikefit::experiments::run_command_line(app, argc, argv);
}
