#include "spikefit/experiments/cli/fit_dry_run.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "cli_runner.hpp"
#include "spikefit/base/text_files.hpp"

namespace spikefit::experiments {
namespace {

FitSessionPlan plan_of(int64_t max_evals, int64_t batch, int64_t initial, int threads) {
  FitSessionPlan plan;
  plan.fit.max_evaluations = max_evals;
  plan.fit.batch = batch;
  plan.fit.initial = initial;
  plan.fit.replicate_slots = 1;
  plan.round0_evaluations = initial;
  plan.threads = threads;
  plan.network.neurons = 1000;
  plan.network.dt_ms = 0.1;
  plan.network.duration_ms = 1000;  // 10000 steps
  plan.backend = "cpu";
  return plan;
}

TEST(FitDryRun, RoundsSpendTheBudgetInitialDesignFirst) {
  EXPECT_EQ(planned_round_sizes(plan_of(30, 8, 16, 2)), (std::vector<int64_t>{16, 8, 6}));
  EXPECT_EQ(planned_round_sizes(plan_of(10, 8, 16, 2)), (std::vector<int64_t>{10}));
  FitSessionPlan warm = plan_of(16, 8, 16, 2);
  warm.warm_start = true;
  warm.round0_evaluations = 0;
  EXPECT_EQ(planned_round_sizes(warm), (std::vector<int64_t>{0, 8, 8}));
}

TEST(FitDryRun, PredictionIsTheModelsTrialTimeTimesTheRoundsDepth) {
  ScaleCostModel model;
  model.defined = true;
  model.a_s = 0.5;
  model.b_s_per_neuron_step = 1e-7;  // 1 s per trial of 1e7 neuron-steps
  model.c_s_per_event = 1e-6;
  model.events_per_neuron_s = 100;  // 1e5 events per trial: 0.1 s
  model.events_per_neuron_s_min = 50;
  model.events_per_neuron_s_max = 200;
  // rounds 16, 8, 6 on 4 threads: depths 4, 2, 2 = 8 trial times of 1.6 s.
  const FitWallPrediction p = predict_fit_wall(plan_of(30, 8, 16, 4), model);
  EXPECT_NEAR(p.full_s, 8 * 1.6, 1e-9);
  EXPECT_EQ(p.screen_s, 0.0);
  EXPECT_NEAR(p.low_s, 8 * 1.55, 1e-9);
  EXPECT_NEAR(p.high_s, 8 * 1.7, 1e-9);
  // Screening: every new point (round 0's all, later rounds' all but the replicate slot) runs a
  // 100-ms screen (0.5 + 0.1 + 0.01 s) first.
  FitSessionPlan screened = plan_of(30, 8, 16, 4);
  screened.fit.screen = true;
  screened.screen_ms = 100;
  const FitWallPrediction s = predict_fit_wall(screened, model);
  EXPECT_NEAR(s.screen_s, (4 + 2 + 2) * 0.61, 1e-9);
  const std::string text = fit_dry_run_text(screened, model, "m.json");
  EXPECT_NE(text.find("predicted simulation wall time"), std::string::npos) << text;
  EXPECT_NE(text.find("round 0: 16 (Sobol design)"), std::string::npos) << text;
}

const std::string kSource = SPIKEFIT_SOURCE_DIR;

TEST(FitDryRunCli, PrintsThePlanAndPredictionWithoutCreatingTheStudy) {
  const std::string dir = ::testing::TempDir();
  const std::string study = dir + "spikefit_dry_run.sqlite", model = dir + "spikefit_dry_cost.json";
  std::remove(study.c_str());
  base::write_text(model, R"({"a_s": 0.2, "b_s_per_neuron_step": 3e-8, "c_s_per_event": 2e-8,
    "r_squared": 0.99, "max_relative_error": 0.05, "cells": 6, "rank": 3, "backend": "cpu",
    "fitted_on": "cells on 1 thread", "events_per_neuron_s": {"mean": 400, "min": 300, "max": 500}})");
  const std::string fit = "fit --config " + kSource +
                          "/experiments/configs/snops_short_demo.json --target " + kSource +
                          "/experiments/targets/snops_demo_targets.json --target-name "
                          "short_demo_sbn_simu --study " +
                          study + " --batch 4 --max-evals 20 --threads 2 --backend cpu";
  cli_test::CommandResult r = cli_test::run_spikefit(fit + " --dry-run --cost-model " + model);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("3125 neurons"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("20 evaluations (one trial each) in 4 rounds"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("predicted simulation wall time"), std::string::npos) << r.output;
  EXPECT_FALSE(std::ifstream(study).good());
  r = cli_test::run_spikefit(fit + " --dry-run");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("no --cost-model"), std::string::npos) << r.output;
  r = cli_test::run_spikefit(fit + " --cost-model " + model);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--cost-model"), std::string::npos) << r.output;
  EXPECT_FALSE(std::ifstream(study).good());
}

}  // namespace
}  // namespace spikefit::experiments
