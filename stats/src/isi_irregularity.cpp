#include "spikefit/stats/isi_irregularity.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace spikefit::stats {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Mean over consecutive pairs of term(I_i, I_{i+1}); NaN for fewer than two intervals.
template <typename Term>
double pair_mean(const std::vector<double>& isi, Term term) {
  if (isi.size() < 2) return kNaN;
  double sum = 0.0;
  for (std::size_t i = 0; i + 1 < isi.size(); ++i) sum += term(isi[i], isi[i + 1]);
  return sum / static_cast<double>(isi.size() - 1);
}
}  // namespace

double isi_cv(const std::vector<double>& isi) {
  if (isi.empty()) return kNaN;
  double mean = 0.0;
  for (double x : isi) mean += x;
  mean /= static_cast<double>(isi.size());
  double var = 0.0;
  for (double x : isi) var += (x - mean) * (x - mean);
  var /= static_cast<double>(isi.size());
  return std::sqrt(var) / mean;
}

double isi_cv2(const std::vector<double>& isi) {
  return 2.0 * pair_mean(isi, [](double a, double b) { return std::abs(b - a) / (a + b); });
}

double isi_lv(const std::vector<double>& isi) {
  return 3.0 * pair_mean(isi, [](double a, double b) {
           const double r = (a - b) / (a + b);
           return r * r;
         });
}

double isi_lvr(const std::vector<double>& isi, double refractory_ms) {
  return 3.0 * pair_mean(isi, [refractory_ms](double a, double b) {
           const double sum = a + b;
           return (1.0 - 4.0 * a * b / (sum * sum)) * (1.0 + 4.0 * refractory_ms / sum);
         });
}

IrregularitySummary mean_irregularity(const std::vector<SpikeTrain>& trains, unsigned min_intervals,
                                      double refractory_ms) {
  if (min_intervals < 2) {
    throw std::invalid_argument("mean_irregularity: min_intervals must be at least 2, got " +
                                std::to_string(min_intervals));
  }
  IrregularitySummary summary;
  for (const SpikeTrain& train : trains) {
    const std::vector<double> isi = inter_spike_intervals(train);
    if (isi.size() < min_intervals) continue;
    summary.cv += isi_cv(isi);
    summary.cv2 += isi_cv2(isi);
    summary.lv += isi_lv(isi);
    summary.lvr += isi_lvr(isi, refractory_ms);
    ++summary.cells;
  }
  if (summary.cells == 0) return {kNaN, kNaN, kNaN, kNaN, 0};
  const double n = summary.cells;
  summary.cv /= n;
  summary.cv2 /= n;
  summary.lv /= n;
  summary.lvr /= n;
  return summary;
}

}  // namespace spikefit::stats
