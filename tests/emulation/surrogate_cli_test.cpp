#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "spikefit/experiments/emulation/dataset_table.hpp"
#include "spikefit/experiments/study/study_storage.hpp"
#include "spikefit/stats/cost.hpp"
#include "tiny_fit.hpp"

// The surrogate-training workflow end to end on the tiny CBN: `dataset` (resume, extension, the
// refusals), `dataset-csv`, `train-surrogate`, `emulate`, `fit --emulator`, `fit --warm-start`.
namespace spikefit::experiments::tiny_fit {
namespace {

class SurrogateCli : public TinyFit {
 protected:
  static std::string dataset_args(const std::string& out) {
    return "dataset --config " + config_path() + " " + kStatistics +
           " --seed 3 --threads 2 --out " + out;
  }
};

int lines_of(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) ++n;
  return n;
}

TEST_F(SurrogateCli, DatasetResumesExtendsAndRefusesAnotherDesign) {
  const std::string dataset = fresh("dataset_extend.sqlite");
  CommandResult r = run_spikefit(dataset_args(dataset) + " --points 3 --replicates 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("dataset: 6 trials (6 new)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("trials 6/6"), std::string::npos) << r.output;

  r = run_spikefit(dataset_args(dataset) + " --points 5 --replicates 2");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("already exists"), std::string::npos) << r.output;

  r = run_spikefit(dataset_args(dataset) + " --points 5 --replicates 2 --resume");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("dataset: 10 trials (4 new)"), std::string::npos) << r.output;

  r = run_spikefit(dataset_args(dataset) + " --points 5 --replicates 3 --resume");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("--replicates (2 stored, 3 given)"), std::string::npos) << r.output;

  const std::string csv = fresh("dataset_extend.csv");
  r = run_spikefit("dataset-csv --dataset " + dataset + " --out " + csv);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(lines_of(csv), 11);
  std::ifstream in(csv);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header.rfind("point,replicate,trial_seed,feasible,reason,wall_s,", 0), 0u) << header;
  EXPECT_NE(header.find(",rate,"), std::string::npos) << header;
  EXPECT_NE(header.find("eigenspectrum[0]"), std::string::npos) << header;

  const std::string lhs = fresh("dataset_lhs.sqlite");
  r = run_spikefit(dataset_args(lhs) + " --points 2 --design lhs");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_spikefit(dataset_args(lhs) + " --points 4 --design lhs --resume");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("--points (2 stored, 4 given)"), std::string::npos) << r.output;
  EXPECT_EQ(run_spikefit(dataset_args(fresh("bad.sqlite")) + " --points 2 --design grid").exit_code,
            2);
}

TEST_F(SurrogateCli, TrainEmulateAndAnAmortisedFit) {
  const std::string dataset = fresh("dataset_train.sqlite");
  CommandResult r = run_spikefit(dataset_args(dataset) + " --points 8 --replicates 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string model = fresh("tiny.emulator");
  r = run_spikefit("train-surrogate --dataset " + dataset +
                   " --model mlp --outputs rate,fano,rsc_fisher_z --folds 2 --sizes 4 --epochs 30 "
                   "--threads 1 --out " +
                   model);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json evaluation = cli_test::read_json_file(model + "_report/evaluation.json");
  EXPECT_EQ(evaluation["model"], "mlp");
  EXPECT_EQ(evaluation["outputs"], nlohmann::json({"rate", "fano", "rsc_fisher_z"}));
  EXPECT_EQ(evaluation["evaluation"]["test_rows"], evaluation["rows"]);  // 2 folds: every row once
  EXPECT_EQ(evaluation["learning_curve"].size(), 2u);
  for (const char* output : {"rate", "fano", "rsc_fisher_z"}) {
    const nlohmann::json& m = evaluation["evaluation"]["outputs"][output];
    EXPECT_TRUE(m["rmse"].is_number()) << output;
    EXPECT_GE(m["coverage90"].get<double>(), 0.0);
  }
  EXPECT_GT(evaluation["first_call"]["process_start_to_first_training_step_s"].get<double>(), 0.0);
  EXPECT_TRUE(non_empty_file(model + "_report/index.html"));

  r = run_spikefit("emulate --model " + model + " --set taudsynI=8 --set JrEX=60 --json --target " +
                   target_path() + " --target-name tiny");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json predicted = nlohmann::json::parse(r.output.substr(r.output.find('{')));
  EXPECT_GT(predicted["statistics"]["rate"]["sd"].get<double>(), 0.0);
  EXPECT_GT(predicted["expected_cost"].get<double>(), 0.0);
  EXPECT_GT(predicted["feasible_probability"].get<double>(), 0.0);
  r = run_spikefit("emulate --model " + model + " --set taudsynI=8");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("give a value for JrEX"), std::string::npos) << r.output;

  const std::string study = fresh("amortised.sqlite");
  r = run_spikefit(fit_args(study) + " --emulator " + model +
                   " --emulator-candidates 2 --emulator-replicates 2 --batch 2 --max-evals 6");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("emulator: 2 candidates"), std::string::npos) << r.output;
  const StudyStorage stored = StudyStorage::open(study);
  EXPECT_EQ(stored.rounds().front().strategy, "emulator_candidates");
  std::vector<std::string> sources;
  for (const StoredEvaluation& e : stored.evaluations()) {
    if (e.round == 0) sources.push_back(acquisition::to_string(e.source));
  }
  EXPECT_EQ(sources, (std::vector<std::string>{"emulator", "replicate", "emulator", "replicate"}));

  // An emulator of other statistics than the target scores is refused, naming the flag.
  const std::string rate_only = fresh("rate_only.emulator");
  ASSERT_EQ(run_spikefit("train-surrogate --dataset " + dataset +
                         " --model mlp --outputs rate --epochs 5 --threads 1 --out " + rate_only)
                .exit_code,
            0);
  r = run_spikefit(fit_args(fresh("refused.sqlite")) + " --emulator " + rate_only +
                   " --max-evals 4");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--emulator: the emulator does not predict 'fano'"), std::string::npos)
      << r.output;
}

TEST_F(SurrogateCli, AFitWarmStartsFromADatasetScoredAgainstItsTarget) {
  const std::string dataset = fresh("dataset_warm.sqlite");
  CommandResult r = run_spikefit(dataset_args(dataset) + " --points 6");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string study = fresh("warm.sqlite");
  const std::string fit = fit_args(study) + " --warm-start " + dataset + " --batch 2";
  r = run_spikefit(fit + " --max-evals 4");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("warm start: 6 dataset trials stored as round 0"), std::string::npos)
      << r.output;

  const std::vector<StoredEvaluation> trials = StudyStorage::open(dataset).evaluations();
  const StudyStorage stored = StudyStorage::open(study);
  const std::vector<StoredRound> rounds = stored.rounds();
  ASSERT_GE(rounds.size(), 2u);
  EXPECT_EQ(rounds[0].strategy, "dataset_warm_start");
  EXPECT_NE(rounds[1].strategy, "sobol_initial_design");  // BO from the first proposed round
  int64_t new_points = 0;  // after the dataset's 0-5; a smaller id is a dataset point repeated
  for (std::size_t k = 1; k < rounds.size(); ++k) {
    for (const ProposalSlot& slot : rounds[k].slots) {
      if (slot.point >= 6) {
        ++new_points;
      } else {
        EXPECT_EQ(slot.x, trials[static_cast<std::size_t>(slot.point)].x) << slot.point;
      }
    }
  }
  EXPECT_GT(new_points, 0);
  const stats::Target target = stats::load_target(target_path(), "tiny");
  const std::vector<StoredEvaluation> evaluations = stored.evaluations();
  ASSERT_EQ(evaluations.size(), 10u);  // the dataset's 6, and the budget of 4 simulations
  int feasible = 0;
  for (std::size_t k = 0; k < evaluations.size(); ++k) {
    const StoredEvaluation& e = evaluations[k];
    if (k >= trials.size()) {
      EXPECT_NE(e.source, acquisition::ProposalSource::kDataset);
      continue;
    }
    SCOPED_TRACE("dataset trial " + std::to_string(k));
    EXPECT_EQ(e.round, 0);
    EXPECT_EQ(e.source, acquisition::ProposalSource::kDataset);
    EXPECT_EQ(e.x, trials[k].x);
    EXPECT_EQ(e.trial_seed, trials[k].trial_seed);
    EXPECT_EQ(e.statistics, trials[k].statistics);
    const stats::CostResult c =
        stats::evaluate_cost(stored_statistics(trials[k].statistics), target);
    EXPECT_EQ(e.feasible, c.feasible);
    if (c.feasible) {
      EXPECT_DOUBLE_EQ(e.cost, c.cost);
      ++feasible;
    }
  }
  EXPECT_GT(feasible, 0);

  // Resumed with a larger budget, the study keeps its one warm start and simulates 2 more.
  r = run_spikefit(fit + " --resume --max-evals 6");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("warm start:"), std::string::npos) << r.output;
  EXPECT_EQ(StudyStorage::open(study).evaluations().size(), 12u);

  // A dataset of other simulations (here: shorter runs) is refused, naming what differs.
  const std::string other = fresh("dataset_short.sqlite");
  ASSERT_EQ(run_spikefit(dataset_args(other) + " --points 2 --duration-ms 1000").exit_code, 0);
  r = run_spikefit(fit_args(fresh("refused_warm.sqlite")) + " --warm-start " + other +
                   " --max-evals 2");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--warm-start"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("effective config"), std::string::npos) << r.output;
  r = run_spikefit(fit_args(fresh("refused_study.sqlite")) + " --warm-start " + study +
                   " --max-evals 2");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("not a dataset"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace spikefit::experiments::tiny_fit
