#include "spikefit/experiments/emulation/surrogate_training.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>

#include "spikefit/base/random.hpp"
#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/surrogate/transforms.hpp"

namespace spikefit::experiments {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

at::Tensor unit_rows(const DatasetTable& table, const std::vector<const DatasetTrial*>& trials) {
  std::vector<double> lower, upper, flat;
  std::vector<bool> log_scale;
  for (const DatasetParameter& p : table.parameters) {
    lower.push_back(p.lower);
    upper.push_back(p.upper);
    log_scale.push_back(p.log_scale);
  }
  for (const DatasetTrial* t : trials) flat.insert(flat.end(), t->x.begin(), t->x.end());
  const auto dims = static_cast<int64_t>(table.parameters.size());
  if (trials.empty()) return at::zeros({0, dims}, at::kDouble);
  return surrogate::UnitCube(lower, upper, log_scale)
      .to_unit(at::tensor(flat, at::kDouble).reshape({-1, dims}))
      .clamp(0.0, 1.0);
}

}  // namespace

TrainingData training_data(const DatasetTable& table, const std::vector<std::string>& columns,
                           int64_t* dropped) {
  TrainingData data;
  data.columns = columns;
  std::vector<const DatasetTrial*> rows, all;
  std::vector<double> y, feasible;
  int64_t left_out = 0;
  for (const DatasetTrial& t : table.trials) {
    all.push_back(&t);
    feasible.push_back(t.feasible ? 1.0 : 0.0);
    if (!t.feasible) continue;
    std::vector<double> values;
    for (const std::string& c : columns) values.push_back(output_value(t.statistics, c));
    if (!std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); })) {
      ++left_out;
      continue;
    }
    rows.push_back(&t);
    data.point.push_back(t.point);
    y.insert(y.end(), values.begin(), values.end());
  }
  data.x = unit_rows(table, rows);
  data.y = at::tensor(y, at::kDouble)
               .reshape({static_cast<int64_t>(rows.size()), static_cast<int64_t>(columns.size())});
  data.all_x = unit_rows(table, all);
  data.feasible = at::tensor(feasible, at::kDouble);
  if (dropped != nullptr) *dropped = left_out;
  return data;
}

std::vector<Split> evaluation_splits(const std::vector<int64_t>& point, double holdout, int folds,
                                     uint64_t seed) {
  std::vector<int64_t> points = point;
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  // Seeded order of the points: by a hash of (seed, point).
  std::stable_sort(points.begin(), points.end(), [seed](int64_t a, int64_t b) {
    return base::trial_seed(seed, static_cast<uint64_t>(a)) <
           base::trial_seed(seed, static_cast<uint64_t>(b));
  });
  std::map<int64_t, int64_t> rank;
  for (std::size_t k = 0; k < points.size(); ++k) rank[points[k]] = static_cast<int64_t>(k);
  const auto n = static_cast<int64_t>(points.size());
  std::vector<std::pair<int64_t, int64_t>> test_ranges;  // [begin, end) of ranks in the test set
  if (folds >= 2) {
    for (int f = 0; f < folds; ++f) test_ranges.push_back({n * f / folds, n * (f + 1) / folds});
  } else {
    const auto test = static_cast<int64_t>(std::llround(holdout * static_cast<double>(n)));
    test_ranges.push_back({n - test, n});
  }
  std::vector<int64_t> rows(point.size());
  std::iota(rows.begin(), rows.end(), 0);
  std::stable_sort(rows.begin(), rows.end(),
                   [&](int64_t a, int64_t b) { return rank[point[a]] < rank[point[b]]; });
  std::vector<Split> splits;
  for (const auto& [begin, end] : test_ranges) {
    Split s;
    for (int64_t r : rows) {
      const int64_t k = rank[point[r]];
      (k >= begin && k < end ? s.test : s.train).push_back(r);
    }
    splits.push_back(std::move(s));
  }
  return splits;
}

TrainingRun evaluate_emulator(const TrainingData& data, const std::vector<Split>& splits,
                              int64_t size, const emulator::EmulatorTrainOptions& options,
                              at::Tensor* test_y, at::Tensor* test_mean,
                              at::Tensor* test_variance) {
  TrainingRun run;
  std::vector<at::Tensor> ys, means, variances;
  for (const Split& s : splits) {
    const auto train_rows = size > 0 ? std::min<int64_t>(size, static_cast<int64_t>(s.train.size()))
                                     : static_cast<int64_t>(s.train.size());
    const at::Tensor train =
        at::tensor(std::vector<int64_t>(s.train.begin(), s.train.begin() + train_rows), at::kLong);
    const at::Tensor test = at::tensor(s.test, at::kLong);
    emulator::EmulatorTrainReport report;
    const auto start = std::chrono::steady_clock::now();
    const std::unique_ptr<emulator::Emulator> model = emulator::train_emulator(
        data.x.index_select(0, train), data.y.index_select(0, train), options, &report);
    run.train_s += seconds_since(start);
    run.epochs = std::max(run.epochs, report.epochs);
    const auto predicted = std::chrono::steady_clock::now();
    const emulator::EmulatorPrediction p = model->predict(data.x.index_select(0, test));
    run.predict_s += seconds_since(predicted);
    run.size = train_rows;
    run.test += static_cast<int64_t>(s.test.size());
    ys.push_back(data.y.index_select(0, test));
    means.push_back(p.mean);
    variances.push_back(p.variance);
  }
  const at::Tensor y = at::cat(ys), mean = at::cat(means), variance = at::cat(variances);
  const std::vector<emulator::OutputMetrics> metrics =
      emulator::prediction_metrics(y, {mean, variance});
  for (std::size_t c = 0; c < data.columns.size(); ++c) {
    run.outputs.push_back({data.columns[c], metrics[c]});
  }
  if (test_y != nullptr) *test_y = y;
  if (test_mean != nullptr) *test_mean = mean;
  if (test_variance != nullptr) *test_variance = variance;
  return run;
}

nlohmann::json training_run_json(const TrainingRun& run) {
  const auto number = [](double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
  };
  nlohmann::json outputs = nlohmann::json::object();
  for (const OutputScore& o : run.outputs) {
    outputs[o.column] = {{"r2", number(o.metrics.r2)},
                         {"rmse", number(o.metrics.rmse)},
                         {"nlpd", number(o.metrics.nlpd)},
                         {"coverage50", number(o.metrics.coverage50)},
                         {"coverage90", number(o.metrics.coverage90)},
                         {"n", o.metrics.n}};
  }
  return {{"training_rows", run.size},  {"test_rows", run.test}, {"train_s", run.train_s},
          {"predict_s", run.predict_s}, {"epochs", run.epochs},  {"outputs", outputs}};
}

std::string dataset_hash(const DatasetTable& table) {
  nlohmann::json rows = nlohmann::json::array();
  for (const DatasetTrial& t : table.trials) {
    nlohmann::json values = nlohmann::json::object();
    for (const auto& [name, v] : t.statistics.values) values[name] = v;
    rows.push_back({t.point, t.replicate, std::to_string(t.trial_seed), t.x, t.feasible, values});
  }
  return document_hash(rows);
}

}  // namespace spikefit::experiments
