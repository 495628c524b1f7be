#include "spikefit/experiments/cli/bench_bo_command.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "spikefit/base/config_error.hpp"
#include "spikefit/base/parse_number.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/benchmark/bo_benchmark.hpp"
#include "spikefit/experiments/benchmark/bo_summary.hpp"
#include "spikefit/experiments/cli/command_line.hpp"

namespace spikefit::experiments {

void add_bench_bo_command(CLI::App& app) {
  auto options = std::make_shared<BoBenchmarkOptions>();
  auto out = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("bench-bo", "One Bayesian-optimisation benchmark run");
  cmd->add_option("--function", options->function,
                  "branin, hartmann6, ackley, constrained_hartmann6, branin_currin, zdt1, dtlz2")
      ->required();
  cmd->add_option("--dims", options->dims, "Dimensions for ackley (10), zdt1 (6) and dtlz2 (6)");
  add_positive_option(*cmd, "--batch,--q", options->q, "Points per round");
  add_positive_option(*cmd, "--max-evals,--evals", options->evaluations, "Total evaluations");
  add_non_negative_option(*cmd, "--initial,--init", options->initial,
                          "Initial Sobol points (0: max(2 x batch, 2(d+1)))");
  add_seed_option(*cmd, options->seed, "Seed of the whole run");
  cmd->add_option(
         "--strategy", options->strategy,
         "ts, greedy, turbo, turbo-m, mixed, sobol (single objective); parego, ehvi, sobol "
         "(several objectives)")
      ->capture_default_str();
  cmd->add_option("--strategy-options", options->strategy_options,
                  "JSON object of strategy options, e.g. '{\"regions\": 3}'");
  add_positive_option(*cmd, "--fit-restarts", options->fit_restarts, "L-BFGS starts per GP fit");
  add_positive_option(*cmd, "--fit-iterations", options->fit_iterations,
                      "L-BFGS iterations per start");
  add_non_negative_option(*cmd, "--fit-subset", options->fit_subset,
                          "Fit hyperparameters on at most this many points (0: all)");
  add_non_negative_option(*cmd, "--fit-seconds", options->fit_seconds,
                          "Wall-time budget of each GP fit in seconds (0: none)");
  cmd->add_option("--out", *out, "Write the run's JSON to this file (default: stdout)");
  add_example(*cmd,
              "spikefit bench-bo --function hartmann6 --batch 16 --max-evals 128 --strategy ts \\\n"
              "      --seed 0 --out results/h6_ts_0.json");
  cmd->callback([options, out] {
    const nlohmann::json result = run_bo_benchmark(*options);
    if (out->empty()) {
      std::cout << result.dump(2) << "\n";
      return;
    }
    std::ofstream file(*out);
    if (!file) throw base::UsageError("--out", "cannot write " + *out);
    file << result.dump(2) << "\n";
  });
}

void add_bench_bo_summary_command(CLI::App& app) {
  auto files = std::make_shared<std::vector<std::string>>();
  auto checkpoints = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "bench-bo-summary", "Markdown table (median and quartiles of log10 gap) over bench-bo runs");
  cmd->add_option("files", *files, "bench-bo JSON files")->required()->check(CLI::ExistingFile);
  cmd->add_option("--checkpoints", *checkpoints, "Evaluation counts for the columns: 64,256,1024")
      ->required();
  add_example(*cmd, "spikefit bench-bo-summary results/h6_*.json --checkpoints 64,128");
  cmd->callback([files, checkpoints] {
    std::vector<nlohmann::json> runs;
    for (const auto& path : *files) {
      std::ifstream in(path);
      try {
        runs.push_back(nlohmann::json::parse(in));
      } catch (const nlohmann::json::exception& e) {
        throw base::ConfigError(path, std::string("not a bench-bo JSON file: ") + e.what());
      }
    }
    std::vector<int64_t> columns;
    std::stringstream list(*checkpoints);
    for (std::string item; std::getline(list, item, ',');) {
      const auto value = base::parse_integer(item);
      if (!value || *value < 1) {
        throw base::UsageError("--checkpoints", "'" + item + "' is not a positive count");
      }
      columns.push_back(*value);
    }
    std::cout << summarise_bo_runs(runs, columns);
  });
}

}  // namespace spikefit::experiments
