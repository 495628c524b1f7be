#include "spikefit/stats/count_variability.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace spikefit::stats {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t whole_windows(double start_ms, double end_ms, double window_ms) {
  if (!(window_ms > 0)) {
    throw std::invalid_argument("spike-count window must be > 0 ms, got " +
                                std::to_string(window_ms));
  }
  if (!(end_ms > start_ms)) return 0;
  return static_cast<std::size_t>(std::floor((end_ms - start_ms) / window_ms + 1e-9));
}

double mean_of(const std::vector<double>& x) {
  double sum = 0.0;
  for (double v : x) sum += v;
  return sum / static_cast<double>(x.size());
}
}  // namespace

std::vector<std::vector<double>> windowed_counts(const std::vector<SpikeTrain>& trains,
                                                 double start_ms, double end_ms, double window_ms) {
  const std::size_t windows = whole_windows(start_ms, end_ms, window_ms);
  std::vector<std::vector<double>> counts(trains.size(), std::vector<double>(windows, 0.0));
  for (std::size_t c = 0; c < trains.size(); ++c) {
    for (double t : trains[c]) {
      if (t < start_ms) continue;
      const double w = std::floor((t - start_ms) / window_ms);
      if (w < static_cast<double>(windows)) counts[c][static_cast<std::size_t>(w)] += 1.0;
    }
  }
  return counts;
}

double mean_fano_factor(const std::vector<SpikeTrain>& trains, double start_ms, double end_ms,
                        double window_ms) {
  const auto counts = windowed_counts(trains, start_ms, end_ms, window_ms);
  double sum = 0.0;
  int cells = 0;
  for (const std::vector<double>& cell : counts) {
    if (cell.size() < 2) return kNaN;
    const double mean = mean_of(cell);
    if (mean <= 0) continue;
    double var = 0.0;
    for (double v : cell) var += (v - mean) * (v - mean);
    var /= static_cast<double>(cell.size());
    sum += var / mean;
    ++cells;
  }
  return cells > 0 ? sum / cells : kNaN;
}

double mean_spike_count_correlation(const std::vector<SpikeTrain>& trains, double start_ms,
                                    double end_ms, double window_ms) {
  const auto counts = windowed_counts(trains, start_ms, end_ms, window_ms);
  // centred counts scaled to unit norm, of the cells with nonzero variance [kept x windows]
  std::vector<std::vector<double>> unit;
  for (const std::vector<double>& cell : counts) {
    if (cell.size() < 2) return kNaN;
    const double mean = mean_of(cell);
    std::vector<double> centred(cell.size());
    double norm = 0.0;
    for (std::size_t w = 0; w < cell.size(); ++w) {
      centred[w] = cell[w] - mean;
      norm += centred[w] * centred[w];
    }
    if (norm <= 0) continue;
    norm = std::sqrt(norm);
    for (double& v : centred) v /= norm;
    unit.push_back(std::move(centred));
  }
  if (unit.size() < 2) return kNaN;
  double sum = 0.0;
  std::size_t pairs = 0;
  for (std::size_t i = 0; i < unit.size(); ++i) {
    for (std::size_t j = i + 1; j < unit.size(); ++j) {
      double r = 0.0;
      for (std::size_t w = 0; w < unit[i].size(); ++w) r += unit[i][w] * unit[j][w];
      sum += r;
      ++pairs;
    }
  }
  return sum / static_cast<double>(pairs);
}

}  // namespace spikefit::stats
