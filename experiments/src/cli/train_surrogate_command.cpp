#include <cmath>
#include <cstdio>
#include <memory>

#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/cli/command_line.hpp"
#include "spikefit/experiments/cli/surrogate_commands.hpp"
#include "spikefit/experiments/emulation/dataset_table.hpp"
#include "spikefit/experiments/emulation/emulator_file.hpp"
#include "spikefit/experiments/emulation/process_clock.hpp"
#include "spikefit/experiments/emulation/surrogate_training.hpp"
#include "spikefit/experiments/report/emulator_report.hpp"
#include "spikefit/experiments/study/study_storage.hpp"

namespace spikefit::experiments {

namespace {

struct TrainSurrogateOptions {
  std::string dataset;
  std::string model = "ensemble";
  std::vector<std::string> outputs;
  double holdout = 0.2;
  int folds = 0;
  std::vector<int64_t> sizes;
  uint64_t seed = 1;
  emulator::EmulatorTrainOptions train;
  std::string out;
  std::string report;
};

void print_run(const char* what, const TrainingRun& run) {
  std::fprintf(stderr, "%s: %lld training rows, %lld held out, trained in %.2f s%s\n", what,
               static_cast<long long>(run.size), static_cast<long long>(run.test), run.train_s,
               run.epochs > 0 ? (" (" + std::to_string(run.epochs) + " epochs)").c_str() : "");
  for (const OutputScore& o : run.outputs) {
    std::fprintf(stderr,
                 "  %-20s R2 %7.4f  RMSE %10.4g  NLPD %8.3f  coverage 50%% %.2f  90%% %.2f\n",
                 o.column.c_str(), o.metrics.r2, o.metrics.rmse, o.metrics.nlpd,
                 o.metrics.coverage50, o.metrics.coverage90);
  }
}

void run_train_surrogate(TrainSurrogateOptions o) {
  o.train.kind = emulator::parse_emulator_kind(o.model);
  o.train.seed = o.seed;
  // Minibatch training is many small matrix products, where a second intra-op thread costs more
  // than it gives (measured 25x slower on 2 cores: bench/results/emulator_training_2026-12-06.md).
  const bool minibatch = o.train.kind == emulator::EmulatorKind::kMlp ||
                         o.train.kind == emulator::EmulatorKind::kEnsemble;
  if (o.train.threads == 0 && minibatch) o.train.threads = 1;
  if (o.folds == 1) throw base::UsageError("--folds", "give 2 or more folds, or --holdout");
  if (o.folds < 2 && !(o.holdout > 0.0 && o.holdout < 1.0)) {
    throw base::UsageError("--holdout", "must be in (0, 1)");
  }
  const DatasetTable table = read_dataset(StudyStorage::open(o.dataset));
  const std::vector<std::string> columns =
      expand_output_names(table, o.outputs.empty() ? available_outputs(table) : o.outputs);
  int64_t dropped = 0;
  const TrainingData data = training_data(table, columns, &dropped);
  const int64_t rows = data.x.size(0);
  if (rows < 10) {
    throw std::runtime_error(o.dataset + ": " + std::to_string(rows) +
                             " feasible trials with every output finite; an emulator needs at "
                             "least 10");
  }
  std::fprintf(stderr,
               "train-surrogate %s on %s: %lld trials (%lld feasible rows, %lld with a "
               "missing output left out), %zu outputs\n",
               o.model.c_str(), o.dataset.c_str(), static_cast<long long>(table.trials.size()),
               static_cast<long long>(rows), static_cast<long long>(dropped), columns.size());
  const std::vector<Split> splits = evaluation_splits(data.point, o.holdout, o.folds, o.seed);
  const std::string split = o.folds >= 2
                                ? std::to_string(o.folds) + " folds by design point"
                                : "holdout " + std::to_string(o.holdout) + " of the design points";

  const double before_first_step = seconds_since_process_start();
  HeldOutPredictions held_out{columns, {}, {}, {}};
  const TrainingRun evaluation =
      evaluate_emulator(data, splits, 0, o.train, &held_out.y, &held_out.mean, &held_out.variance);
  const double first_prediction = seconds_since_process_start();
  print_run("held-out evaluation", evaluation);
  std::vector<TrainingRun> curve;
  for (int64_t size : o.sizes) {
    if (size >= evaluation.size) continue;
    curve.push_back(evaluate_emulator(data, splits, size, o.train));
    print_run(("learning curve, " + std::to_string(size) + " rows").c_str(), curve.back());
  }
  curve.push_back(evaluation);

  emulator::EmulatorTrainReport final_report;
  const std::unique_ptr<emulator::Emulator> model =
      emulator::train_emulator(data.x, data.y, o.train, &final_report);
  const emulator::FeasibilityClassifier feasibility =
      emulator::train_feasibility_classifier(data.all_x, data.feasible, o.seed);

  nlohmann::json curve_json = nlohmann::json::array();
  for (const TrainingRun& r : curve) curve_json.push_back(training_run_json(r));
  const std::string hash = dataset_hash(table);
  nlohmann::json evaluation_json = {{"model", o.model},
                                    {"model_file", o.out},
                                    {"dataset", o.dataset},
                                    {"dataset_hash", hash},
                                    {"dataset_description", table.description},
                                    {"outputs", columns},
                                    {"rows", rows},
                                    {"rows_left_out", dropped},
                                    {"trials", table.trials.size()},
                                    {"feasible_share", data.feasible.mean().item<double>()},
                                    {"split", split},
                                    {"seed", std::to_string(o.seed)},
                                    {"evaluation", training_run_json(evaluation)},
                                    {"learning_curve", curve_json},
                                    {"final_model",
                                     {{"training_rows", rows},
                                      {"train_s", final_report.seconds},
                                      {"epochs", final_report.epochs}}},
                                    {"first_call",
                                     {{"process_start_to_first_training_step_s",
                                       before_first_step + final_report.first_step_seconds},
                                      {"process_start_to_first_prediction_s", first_prediction}}},
                                    {"options",
                                     {{"max_epochs", o.train.max_epochs},
                                      {"patience", o.train.patience},
                                      {"batch_size", o.train.batch_size},
                                      {"learning_rate", o.train.learning_rate},
                                      {"hidden_layers", o.train.hidden_layers},
                                      {"hidden_width", o.train.hidden_width},
                                      {"ensemble_members", o.train.ensemble_members},
                                      {"inducing_points", o.train.inducing_points},
                                      {"threads", o.train.threads}}}};
  save_emulator_file(o.out, *model, &feasibility, table.parameters, columns, evaluation_json);
  const std::string report_dir = o.report.empty() ? o.out + "_report" : o.report;
  const std::string page = write_emulator_report(report_dir, evaluation_json, held_out, curve);
  std::printf("emulator: %s (%s, %zu outputs, %lld training rows); report: %s\n", o.out.c_str(),
              o.model.c_str(), columns.size(), static_cast<long long>(rows), page.c_str());
}

}  // namespace

void add_train_surrogate_command(CLI::App& app) {
  auto o = std::make_shared<TrainSurrogateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "train-surrogate",
      "Train an emulator of a dataset's statistics, evaluate it on held-out points, save it");
  cmd->add_option("--dataset", o->dataset, "Dataset file (spikefit dataset)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--model", o->model, "gp | sparse-gp | mlp | ensemble")->capture_default_str();
  cmd->add_option("--outputs", o->outputs,
                  "Statistics to predict (comma-separated; a vector one as a whole or NAME[i]); "
                  "default: every statistic of the dataset")
      ->delimiter(',');
  cmd->add_option("--holdout", o->holdout, "Share of the design points held out")
      ->capture_default_str();
  add_non_negative_option(*cmd, "--folds", o->folds,
                          "k-fold cross-validation instead (0: holdout)");
  cmd->add_option("--sizes", o->sizes,
                  "Learning curve: training-set sizes (comma-separated), each evaluated as above")
      ->delimiter(',');
  add_seed_option(*cmd, o->seed, "Seed of the split and of the training");
  add_positive_option(*cmd, "--epochs", o->train.max_epochs, "Most epochs (mlp, ensemble)");
  add_non_negative_option(*cmd, "--patience", o->train.patience,
                          "Epochs without validation improvement before stopping (mlp, ensemble)");
  add_positive_option(*cmd, "--batch-size", o->train.batch_size, "Minibatch rows (mlp, ensemble)");
  add_positive_option(*cmd, "--members", o->train.ensemble_members, "Ensemble members");
  add_positive_option(*cmd, "--inducing", o->train.inducing_points, "Inducing points (sparse-gp)");
  add_non_negative_option(*cmd, "--threads", o->train.threads,
                          "LibTorch threads while training (0: 1 for mlp and ensemble, LibTorch's "
                          "default for the GPs)");
  cmd->add_option("--out", o->out, "Emulator file to write")->required();
  cmd->add_option("--report", o->report, "Report folder (default: <out>_report)");
  add_example(*cmd,
              "spikefit train-surrogate --dataset results/short_demo_dataset.sqlite \\\n"
              "      --model ensemble --outputs rate,fano,rsc_fisher_z,pct_shared,d_shared,"
              "eigenspectrum \\\n"
              "      --sizes 250,500,1000 --out results/short_demo.emulator");
  cmd->callback([o]() { run_train_surrogate(*o); });
}

}  // namespace spikefit::experiments
