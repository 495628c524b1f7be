#include "spikefit/experiments/benchmark/scale_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <tuple>

#include "spikefit/base/text_files.hpp"

namespace spikefit::experiments {

namespace {

// A cell with its repeats reduced.
struct Point {
  double size_factor = 1.0;
  int64_t batch = 1;
  int threads = 1;
  uint64_t neurons = 0;
  double simulated_ms = 0.0;
  double wall_s = 0.0;        // median over repeats
  double memory_bytes = 0.0;  // largest rss above baseline over repeats
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::vector<Point> reduce_repeats(const std::vector<ScaleCell>& cells) {
  std::map<std::tuple<double, int64_t, int>, std::vector<const ScaleCell*>> groups;
  for (const ScaleCell& c : cells) {
    if (c.ok() && c.wall_s > 0.0) {
      groups[{c.spec.size_factor, c.spec.batch, c.spec.threads}].push_back(&c);
    }
  }
  std::vector<Point> points;
  for (const auto& [key, group] : groups) {
    Point p;
    std::tie(p.size_factor, p.batch, p.threads) = key;
    std::vector<double> walls;
    for (const ScaleCell* c : group) {
      walls.push_back(c->wall_s);
      p.neurons = std::max(p.neurons, c->neurons);
      p.simulated_ms = std::max(p.simulated_ms, c->simulated_ms);
      p.memory_bytes = std::max(p.memory_bytes, static_cast<double>(c->rss_above_baseline_bytes()));
    }
    p.wall_s = median(walls);
    points.push_back(p);
  }
  return points;
}

std::string num(double v, int digits = 4) {
  return base::number_text(v, digits);
}

std::string threads_text(int threads) {
  return std::to_string(threads) + (threads == 1 ? " thread" : " threads");
}

nlohmann::json fit_json(const PowerLawFit& f) {
  if (!f.defined) return {{"defined", false}, {"points", f.points}};
  return {{"defined", true},
          {"exponent", f.exponent},
          {"prefactor", f.prefactor},
          {"r_squared", f.r_squared},
          {"points", f.points}};
}

std::string fit_text(const PowerLawFit& f) {
  if (!f.defined) return "undefined (fewer than two sizes)";
  return "exponent " + num(f.exponent, 3) + " (R² " + num(f.r_squared, 3) + ", " +
         std::to_string(f.points) + " cells)";
}

}  // namespace

ScaleAnalysis analyse_scale_cells(const std::vector<ScaleCell>& cells) {
  const std::vector<Point> points = reduce_repeats(cells);
  ScaleAnalysis out;

  std::map<std::pair<int64_t, int>, std::vector<Point>> by_batch_threads;
  for (const Point& p : points) by_batch_threads[{p.batch, p.threads}].push_back(p);
  for (auto& [key, series] : by_batch_threads) {
    std::sort(series.begin(), series.end(),
              [](const Point& a, const Point& b) { return a.neurons < b.neurons; });
    SizeSeries s;
    s.batch = key.first;
    s.threads = key.second;
    for (const Point& p : series) {
      s.neurons.push_back(static_cast<double>(p.neurons));
      s.wall_per_simulated_s.push_back(p.simulated_ms > 0 ? p.wall_s / (p.simulated_ms / 1000.0)
                                                          : NAN);
      s.memory_bytes.push_back(p.memory_bytes);
    }
    s.wall_fit = fit_power_law(s.neurons, s.wall_per_simulated_s);
    s.memory_fit = fit_power_law(s.neurons, s.memory_bytes);
    out.sizes.push_back(s);
  }

  std::map<std::pair<double, int64_t>, std::vector<Point>> by_size_batch;
  for (const Point& p : points) by_size_batch[{p.size_factor, p.batch}].push_back(p);
  for (auto& [key, group] : by_size_batch) {
    if (group.size() < 2) continue;
    std::sort(group.begin(), group.end(),
              [](const Point& a, const Point& b) { return a.threads < b.threads; });
    StrongScaling s;
    s.size_factor = key.first;
    s.batch = key.second;
    s.neurons = group.front().neurons;
    for (const Point& p : group) {
      const double speedup = group.front().wall_s / p.wall_s;
      s.threads.push_back(p.threads);
      s.wall_s.push_back(p.wall_s);
      s.speedup.push_back(speedup);
      s.efficiency.push_back(speedup * group.front().threads / p.threads);
    }
    out.strong.push_back(s);
  }

  // Work per thread, grouped with a 2% tolerance (size factors give neurons ∝ s², rounded).
  std::vector<Point> sorted = points;
  const auto work = [](const Point& p) {
    return static_cast<double>(p.neurons) * static_cast<double>(p.batch) / p.threads;
  };
  std::sort(sorted.begin(), sorted.end(), [&](const Point& a, const Point& b) {
    return work(a) < work(b) || (work(a) == work(b) && a.threads < b.threads);
  });
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i + 1;
    while (j < sorted.size() && work(sorted[j]) <= work(sorted[i]) * 1.02) ++j;
    std::vector<Point> group(sorted.begin() + static_cast<std::ptrdiff_t>(i),
                             sorted.begin() + static_cast<std::ptrdiff_t>(j));
    i = j;
    // One point per thread count: the one with the most trials' work (the largest network).
    std::map<int, Point> per_threads;
    for (const Point& p : group) {
      auto it = per_threads.find(p.threads);
      if (it == per_threads.end() || p.neurons > it->second.neurons) per_threads[p.threads] = p;
    }
    if (per_threads.size() < 2) continue;
    WeakScaling w;
    w.neuron_trials_per_thread = work(per_threads.begin()->second);
    const double base_wall = per_threads.begin()->second.wall_s;
    for (const auto& [threads, p] : per_threads) {
      w.threads.push_back(threads);
      w.size_factor.push_back(p.size_factor);
      w.batch.push_back(p.batch);
      w.wall_s.push_back(p.wall_s);
      w.efficiency.push_back(base_wall / p.wall_s);
    }
    out.weak.push_back(w);
  }
  return out;
}

nlohmann::json scale_analysis_json(const ScaleAnalysis& a) {
  nlohmann::json exponents = nlohmann::json::array();
  for (const SizeSeries& s : a.sizes) {
    exponents.push_back({{"batch", s.batch},
                         {"threads", s.threads},
                         {"neurons", s.neurons},
                         {"wall_per_simulated_s", s.wall_per_simulated_s},
                         {"memory_bytes", s.memory_bytes},
                         {"wall_per_simulated_s_vs_neurons", fit_json(s.wall_fit)},
                         {"memory_vs_neurons", fit_json(s.memory_fit)}});
  }
  nlohmann::json strong = nlohmann::json::array();
  for (const StrongScaling& s : a.strong) {
    strong.push_back({{"size_factor", s.size_factor},
                      {"batch", s.batch},
                      {"neurons", s.neurons},
                      {"threads", s.threads},
                      {"wall_s", s.wall_s},
                      {"speedup", s.speedup},
                      {"efficiency", s.efficiency}});
  }
  nlohmann::json weak = nlohmann::json::array();
  for (const WeakScaling& w : a.weak) {
    weak.push_back({{"neuron_trials_per_thread", w.neuron_trials_per_thread},
                    {"threads", w.threads},
                    {"size_factor", w.size_factor},
                    {"batch", w.batch},
                    {"wall_s", w.wall_s},
                    {"efficiency", w.efficiency}});
  }
  return {{"exponents", exponents}, {"strong_scaling", strong}, {"weak_scaling", weak}};
}

std::string scale_analysis_text(const ScaleAnalysis& a) {
  std::ostringstream out;
  for (const SizeSeries& s : a.sizes) {
    out << "batch " << s.batch << ", " << threads_text(s.threads) << ", " << s.neurons.size()
        << (s.neurons.size() == 1 ? " size" : " sizes") << ": wall per simulated second vs neurons "
        << fit_text(s.wall_fit) << "; memory vs neurons " << fit_text(s.memory_fit) << "\n";
  }
  for (const StrongScaling& s : a.strong) {
    out << "strong scaling, size factor " << num(s.size_factor) << " (" << s.neurons
        << " neurons), batch " << s.batch << ":";
    for (std::size_t k = 0; k < s.threads.size(); ++k) {
      out << " " << threads_text(s.threads[k]) << " " << num(s.wall_s[k], 3) << " s (speed-up "
          << num(s.speedup[k], 3) << ", efficiency " << num(100 * s.efficiency[k], 3) << "%)"
          << (k + 1 < s.threads.size() ? ";" : "");
    }
    out << "\n";
  }
  for (const WeakScaling& w : a.weak) {
    out << "weak scaling, " << num(w.neuron_trials_per_thread) << " neuron-trials per thread:";
    for (std::size_t k = 0; k < w.threads.size(); ++k) {
      out << " " << threads_text(w.threads[k]) << " (size " << num(w.size_factor[k]) << ", batch "
          << w.batch[k] << ") " << num(w.wall_s[k], 3) << " s (efficiency "
          << num(100 * w.efficiency[k], 3) << "%)" << (k + 1 < w.threads.size() ? ";" : "");
    }
    out << "\n";
  }
  if (a.strong.empty()) out << "strong scaling: no size with two thread counts\n";
  if (a.weak.empty()) out << "weak scaling: no two thread counts with equal work per thread\n";
  return out.str();
}

}  // namespace spikefit::experiments
