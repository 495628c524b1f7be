#pragma once

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "spikefit/emulator/emulator.hpp"
#include "spikefit/emulator/prediction_metrics.hpp"
#include "spikefit/experiments/emulation/dataset_table.hpp"

// `spikefit train-surrogate`: a dataset's trials as training data, held-out evaluation (one split
// or k folds, split by design point so that no point's replicates are on both sides), learning
// curves over training-set sizes.
namespace spikefit::experiments {

struct TrainingData {
  std::vector<std::string> columns;  // [m] output names
  at::Tensor x;                      // [n x D] feasible trials with every output finite, unit cube
  at::Tensor y;                      // [n x m]
  std::vector<int64_t> point;        // [n] design point of each row
  at::Tensor all_x;                  // [N x D] every trial (feasibility classifier), unit cube
  at::Tensor feasible;               // [N] 1 / 0
};

// Rows with a NaN in any output are left out (and counted in `dropped`).
TrainingData training_data(const DatasetTable& table, const std::vector<std::string>& columns,
                           int64_t* dropped = nullptr);

// Train/test row indices of each evaluation: `folds` >= 2 gives k folds, else one split with
// `holdout` of the design points in the test set. Seeded shuffle of the points.
struct Split {
  std::vector<int64_t> train, test;  // row indices, train in the seeded order of its points
};
std::vector<Split> evaluation_splits(const std::vector<int64_t>& point, double holdout, int folds,
                                     uint64_t seed);

struct OutputScore {
  std::string column;
  emulator::OutputMetrics metrics;
};

struct TrainingRun {
  int64_t size = 0;  // training rows
  int64_t test = 0;  // test rows
  double train_s = 0.0, predict_s = 0.0;
  int epochs = 0;
  std::vector<OutputScore> outputs;
};

// Trains on the first `size` rows of each split's train set (size <= 0: all), predicts its test
// set; the runs of all splits pooled into one (metrics over the pooled test predictions).
TrainingRun evaluate_emulator(const TrainingData& data, const std::vector<Split>& splits,
                              int64_t size, const emulator::EmulatorTrainOptions& options,
                              at::Tensor* test_y = nullptr, at::Tensor* test_mean = nullptr,
                              at::Tensor* test_variance = nullptr);

nlohmann::json training_run_json(const TrainingRun& run);

// A hash of what the dataset holds (seeds, parameters, verdicts, statistics), stored in the
// emulator so that its provenance is checkable.
std::string dataset_hash(const DatasetTable& table);

}  // namespace spikefit::experiments
