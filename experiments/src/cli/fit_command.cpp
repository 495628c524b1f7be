#include "spikefit/experiments/cli/fit_command.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>

#include "spikefit/base/duration_text.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/experiments/cli/backend_option.hpp"
#include "spikefit/experiments/cli/command_line.hpp"
#include "spikefit/experiments/cli/fit_dry_run.hpp"
#include "spikefit/experiments/cli/fit_progress.hpp"
#include "spikefit/experiments/cli/fit_session.hpp"
#include "spikefit/experiments/cli/stop_signals.hpp"
#include "spikefit/experiments/report/statistics_report.hpp"
#include "spikefit/experiments/study/posterior_incumbent.hpp"

namespace spikefit::experiments {

namespace {

void print_incumbent(const FitProblem& problem, const FitResult& result) {
  if (!result.incumbent) {
    std::printf("no feasible evaluation yet\n");
    return;
  }
  const PointSummary& p = *result.incumbent;
  std::printf("incumbent (point %lld, %d evaluations): cost %.4g", static_cast<long long>(p.point),
              p.evaluations, p.mean_cost);
  if (std::isfinite(p.se_cost)) std::printf(" ± %.2g (SE), sd %.2g", p.se_cost, p.sd_cost);
  std::printf("\n");
  for (std::size_t d = 0; d < problem.names.size(); ++d) {
    std::printf("  %-20s %.6g\n", problem.names[d].c_str(), p.x[d]);
  }
}

// SNOPS's answer beside the replicate incumbent: the model's best observed point and its expected
// cost of a fresh run, which pools the neighbouring evaluations instead of trusting 2-3 lucky
// draws.
void print_posterior_incumbent(const FitProblem& problem, const std::string& study) {
  const std::optional<PosteriorIncumbent> best =
      study_posterior_incumbent(StudyStorage::open(study));
  if (!best) return;
  const PointSummary& p = best->point;
  std::printf(
      "model's incumbent (lowest posterior mean of the %s model; point %lld): expected "
      "cost of a fresh run %.4g; replicates %.4g over %d\n",
      best->model.c_str(), static_cast<long long>(p.point), best->expected_cost, p.mean_cost,
      p.evaluations);
  for (std::size_t d = 0; d < problem.names.size(); ++d) {
    std::printf("  %-20s %.6g\n", problem.names[d].c_str(), p.x[d]);
  }
}

void print_front(const FitSessionResult& session, const std::string& study) {
  const FrontStatus& front = session.front;
  std::printf("Pareto front: %zu points, hypervolume %.6g", front.size, front.hypervolume.value);
  if (!front.hypervolume.exact) std::printf(" ± %.2g (MC)", front.hypervolume.standard_error);
  std::printf(" (objectives:");
  for (const Objective& o : session.objectives) std::printf(" [%s]", o.name.c_str());
  std::printf("; spikefit pareto --study %s)\n", study.c_str());
}

void run_fit_command(const FitSessionOptions& o) {
  FitSessionHooks hooks;
  const bool tty = isatty(STDERR_FILENO) != 0;
  if (tty) {
    hooks.on_trial_done = [](std::size_t done, std::size_t total) {
      std::fprintf(stderr, "\r  simulated %zu/%zu", done, total);
    };
  }
  hooks.on_start = [](const FitSessionStart& s) {
    std::fprintf(
        stderr,
        "fit %s to %s: %zu parameters, batch %lld, budget %lld evaluations%s%s on %s (%s)\n",
        s.config_name.c_str(), s.target_name.c_str(), s.parameters,
        static_cast<long long>(s.fit.batch), static_cast<long long>(s.fit.max_evaluations),
        s.fit.max_minutes > 0 ? (" / " + base::duration_text(s.fit.max_minutes * 60)).c_str() : "",
        s.fit.screen ? (", screening " + base::number_text(s.screen_ms) + " ms").c_str() : "",
        s.backend.c_str(), s.device.c_str());
  };
  hooks.on_round = [tty](const FitProgress& p) {
    std::fprintf(stderr, "%s%s\n", tty ? "\r\033[K" : "", progress_line(p).c_str());
  };
  DistributedBatch all;  // the batches of an MPI job summed (busy and wall over all of them)
  hooks.on_distributed_batch = [tty, &all](const DistributedBatch& b) {
    std::fprintf(stderr,
                 "%s  %zu evaluations on %d MPI ranks in %.2f s: ranks idle %.1f%% of the "
                 "batch, %.1f%% with the %.2f s before it\n",
                 tty ? "\r\033[K" : "", b.rows, b.ranks, b.wall_s, 100 * b.idle_fraction(),
                 100 * b.idle_fraction_with_wait(), b.before_s);
    all.ranks = b.ranks;
    all.rows += b.rows;
    all.wall_s += b.wall_s;
    all.busy_s += b.busy_s;
    all.before_s += b.before_s;
  };
  hooks.on_emulator_candidates = [](const std::vector<EmulatorCandidate>& candidates,
                                    double seconds) {
    std::fprintf(stderr, "emulator: %zu candidates in %.2f s (expected cost, P(feasible)):",
                 candidates.size(), seconds);
    for (const EmulatorCandidate& c : candidates) {
      std::fprintf(stderr, " %.3g/%.2f", c.expected_cost, c.feasibility);
    }
    std::fprintf(stderr, "\n");
  };
  hooks.on_warm_start = [](std::size_t trials, std::size_t feasible) {
    std::fprintf(stderr, "warm start: %zu dataset trials stored as round 0 (%zu feasible)\n",
                 trials, feasible);
  };
  const StopSignals stop_signals;
  hooks.stop_requested = stop_requested;
  const FitSessionResult session = run_fit_session(o, hooks);
  const FitResult& result = session.result;
  std::printf("stopped: %s after %lld evaluations in %lld rounds\n", result.stop_reason.c_str(),
              static_cast<long long>(result.evaluations), static_cast<long long>(result.rounds));
  if (all.rows > 0) {
    std::printf(
        "MPI: %d ranks evaluated %zu rows; ranks idle %.1f%% of the batches' %.1f s, %.1f%% with "
        "the %.1f s between batches\n",
        all.ranks, all.rows, 100 * all.idle_fraction(), all.wall_s,
        100 * all.idle_fraction_with_wait(), all.before_s);
  }
  if (!session.objectives.empty()) print_front(session, o.study);
  print_incumbent(session.problem, result);
  if (session.objectives.empty()) print_posterior_incumbent(session.problem, o.study);
  std::printf("study: %s (spikefit report --study %s)\n", o.study.c_str(), o.study.c_str());
}

// --dry-run: the plan (and with a cost model the predicted simulation time), nothing run.
struct DryRunOptions {
  bool dry_run = false;
  std::string cost_model;
};

void run_dry_run(const FitSessionOptions& o, const DryRunOptions& d) {
  const FitSessionPlan plan = plan_fit_session(o);
  std::optional<ScaleCostModel> model;
  if (!d.cost_model.empty()) model = load_cost_model(d.cost_model);
  std::printf("%s", fit_dry_run_text(plan, model, d.cost_model).c_str());
}

}  // namespace

void add_fit_command(CLI::App& app) {
  auto o = std::make_shared<FitSessionOptions>();
  auto d = std::make_shared<DryRunOptions>();
  CLI::App* cmd = app.add_subcommand(
      "fit", "Fit a config's free parameters to a target (SNOPS-style batched BO, resumable)");
  add_config_option(*cmd, o->config);
  add_set_option(*cmd, o->sets);
  cmd->add_option("--target", o->target_file, "Target file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--target-name", o->target_name, "Name of the target in the file")->required();
  cmd->add_option(
         "--study", o->study,
         "Study file (SQLite) that every evaluation is written to; spikefit report reads it")
      ->required();
  cmd->add_flag("--resume", o->resume, "Continue an existing study");
  add_positive_option(*cmd, "--batch", o->batch, "Evaluations per round");
  add_non_negative_option(*cmd, "--initial", o->initial,
                          "Sobol points of the initial design (0: 2 x batch)");
  add_positive_option(*cmd, "--max-evals", o->max_evaluations, "Evaluation budget, all sessions");
  add_non_negative_option(*cmd, "--max-minutes", o->max_minutes,
                          "Wall-time budget, all sessions (0: none)");
  add_backend_option(*cmd, o->backend);
  add_seed_option(*cmd, o->seed, "Study seed: every proposal and trial seed derives from it");
  cmd->add_option("--strategy", o->strategy,
                  "Batch strategy: mixed, ts, greedy, turbo, turbo-m or sobol; with --objectives "
                  "ehvi (default up to 4 objectives), parego (default above) or sobol")
      ->capture_default_str();
  cmd->add_option("--model", o->model,
                  "What the strategies propose from: cost (SNOPS: a GP on the log cost) or "
                  "composite (one GP per targeted statistic, their posterior pushed through the "
                  "cost formula)")
      ->capture_default_str();
  cmd->add_option("--objectives", o->objectives,
                  "Pareto fit: target statistics grouped into objectives, each the SNOPS "
                  "normalised error of its group ('rate,fano;rsc_fisher_z;pct_shared', or 'each' "
                  "for one objective per statistic)");
  cmd->add_option("--ref-point", o->ref_point,
                  "Hypervolume reference point of a Pareto fit, one value per objective "
                  "(default: every statistic 10 normaliser SDs from its target: 100 under l2, 10 "
                  "under l1)");
  cmd->add_option("--screen-ms", o->screen_ms,
                  "Screening run of this length rejects infeasible points first (0: off; default "
                  "10000 for full runs longer than 20 s, else off)")
      ->check(CLI::NonNegativeNumber);
  add_duration_option(*cmd, o->duration_ms);
  add_threads_option(*cmd, o->threads);
  cmd->add_option("--replicates", o->replicates,
                  "Replicate slots per round for promising points (default max(1, batch/8))");
  cmd->add_option("--min-replicates", o->min_replicates, "Evaluations an incumbent is judged on")
      ->capture_default_str();
  cmd->add_option("--max-replicates", o->max_replicates, "Most evaluations of a point")
      ->capture_default_str();
  add_non_negative_option(*cmd, "--replicate-se-tol", o->replicate_se_tol,
                          "Repeat a point past --min-replicates only while its cost SE is above "
                          "this (SNOPS std_tol; 0: up to --max-replicates)");
  add_non_negative_option(
      *cmd, "--stop-cost", o->stop_cost,
      "Stop when the incumbent's replicate mean is at or below this (0: never)");
  add_non_negative_option(*cmd, "--chunk", o->chunk,
                          "Evaluations per simulated batch (0: the round)");
  cmd->add_flag("--overlap", o->overlap,
                "Propose each round while the one before it is evaluated (from the rounds before "
                "that, its new points pending): evaluators do not wait for the models, at one "
                "round of lag. Same study for any ranks, chunks and resume points");
  add_metric_option(*cmd, o->metric);
  cmd->add_option("--emulator", o->emulator,
                  "Amortised fit: start from the points this emulator (spikefit train-surrogate) "
                  "predicts best for the target, simulated to verify them, then go on with BO")
      ->check(CLI::ExistingFile);
  add_positive_option(*cmd, "--emulator-candidates", o->emulator_candidates,
                      "Emulator candidates simulated in round 0");
  add_positive_option(*cmd, "--emulator-replicates", o->emulator_replicates,
                      "Simulations of each emulator candidate");
  cmd->add_option("--warm-start", o->warm_start,
                  "Start from a dataset (spikefit dataset) of the same config: its trials, scored "
                  "against the target, are round 0 (not counted in --max-evals)")
      ->check(CLI::ExistingFile);
  CLI::Option* dry_run = cmd->add_flag(
      "--dry-run", d->dry_run,
      "Print the plan (rounds, trials, network) and exit without simulating or creating the study");
  cmd->add_option("--cost-model", d->cost_model,
                  "With --dry-run: predict the simulation time from this cost_model.json of "
                  "spikefit scale")
      ->check(CLI::ExistingFile)
      ->needs(dry_run);
  add_example(
      *cmd,
      "spikefit fit --config experiments/configs/snops_short_demo.json \\\n"
      "      --target experiments/targets/snops_demo_targets.json \\\n"
      "      --target-name short_demo_sbn_simu --study results/demo.sqlite --max-evals 96\n"
      "  spikefit fit --config experiments/configs/snops_short_demo.json \\\n"
      "      --target experiments/targets/snops_demo_targets.json \\\n"
      "      --target-name short_demo_sbn_simu --study results/pareto.sqlite --max-evals 96 \\\n"
      "      --objectives 'rate,fano;rsc_fisher_z;pct_shared,d_shared,eigenspectrum'");
  add_statistics_options(*cmd, o->statistics_choice);
  cmd->callback([o, d, cmd]() {
    o->given_flags = given_statistics_flags(*cmd);
    o->strategy_given = cmd->count("--strategy") > 0;
    if (d->dry_run) {
      run_dry_run(*o, *d);
      return;
    }
    run_fit_command(*o);
  });
}

}  // namespace spikefit::experiments
