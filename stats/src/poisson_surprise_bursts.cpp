#include "spikefit/stats/poisson_surprise_bursts.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace spikefit::stats {

double poisson_tail_surprise(unsigned count, double mean) {
  if (count == 0) return 0.0;
  if (!(mean > 0)) return HUGE_VAL;
  // log P(X = k) = -mean + k ln(mean) - ln k!
  auto log_pmf = [mean](double k) { return -mean + k * std::log(mean) - std::lgamma(k + 1.0); };
  if (mean > count) {
    // the tail is not small: 1 - P(X < count)
    double below = 0.0;
    for (unsigned k = 0; k < count; ++k) below += std::exp(log_pmf(k));
    return -std::log1p(-below);
  }
  // sum the tail from k = count: terms fall at least geometrically, ratio mean / (k + 1) < 1
  const double first = log_pmf(count);
  double sum = 0.0, term = 1.0;
  for (unsigned k = count; term > 1e-17 * sum; ++k) {
    sum += term;
    term *= mean / (k + 1.0);
  }
  return -(first + std::log(sum));
}

std::vector<SurpriseBurst> surprise_bursts(const SpikeTrain& train,
                                           const SurpriseBurstOptions& options) {
  if (!(options.start_isi_fraction > 0) || !(options.stop_isi_factor > 0)) {
    throw std::invalid_argument(
        "surprise_bursts: start_isi_fraction and stop_isi_factor must be "
        "> 0, got " +
        std::to_string(options.start_isi_fraction) + ", " +
        std::to_string(options.stop_isi_factor));
  }
  std::vector<SurpriseBurst> bursts;
  const std::size_t n_spikes = train.size();
  if (n_spikes < 3) return bursts;
  const double mean_isi = (train.back() - train.front()) / static_cast<double>(n_spikes - 1);
  if (!(mean_isi > 0)) return bursts;
  const double start_isi = options.start_isi_fraction * mean_isi;
  const double stop_isi = options.stop_isi_factor * mean_isi;
  // surprise of `count` spikes from `first`
  auto surprise = [&](std::size_t first, std::size_t count) {
    return poisson_tail_surprise(static_cast<unsigned>(count - 1),
                                 (train[first + count - 1] - train[first]) / mean_isi);
  };

  std::size_t n = 0;
  while (n + 2 < n_spikes) {
    if (!(train[n + 1] - train[n] < start_isi && train[n + 2] - train[n + 1] < start_isi)) {
      ++n;
      continue;
    }
    std::size_t count = 3;
    double s = surprise(n, count);
    for (bool grown = true; grown;) {
      grown = false;
      std::size_t left = std::min<std::size_t>(options.lookahead, n_spikes - (n + count));
      for (std::size_t i = count + 1; left > 0; ++i, --left) {
        const double s_new = surprise(n, i);
        if (s_new > s) {
          s = s_new;
          count = i;
          grown = true;
          break;
        }
        if (train[n + i - 1] - train[n + i - 2] > stop_isi) break;
      }
    }
    while (count > 3) {
      const double s_new = surprise(n + 1, count - 1);
      if (!(s_new > s)) break;
      s = s_new;
      ++n;
      --count;
    }
    if (s >= options.min_surprise) bursts.push_back({{n, n + count - 1}, s});
    n += count;
  }
  return bursts;
}

BurstSummary surprise_burst_summary(const std::vector<SpikeTrain>& trains, double duration_ms,
                                    const SurpriseBurstOptions& options) {
  std::vector<std::vector<SpikeRun>> runs;
  for (const SpikeTrain& train : trains) {
    runs.emplace_back();
    for (const SurpriseBurst& burst : surprise_bursts(train, options)) {
      runs.back().push_back(burst.run);
    }
  }
  return summarise_bursts(trains, runs, duration_ms);
}

}  // namespace spikefit::stats
