#include "spikefit/experiments/study/point_summary.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace spikefit::experiments {

std::vector<PointSummary> summarise_points(const std::vector<StoredEvaluation>& evaluations) {
  std::vector<PointSummary> points;
  std::map<int64_t, std::size_t> index;
  std::vector<std::vector<double>> costs;
  for (const StoredEvaluation& e : evaluations) {
    auto [it, inserted] = index.emplace(e.point, points.size());
    if (inserted) {
      PointSummary p;
      p.point = e.point;
      p.x = e.x;
      p.feasible = true;
      points.push_back(p);
      costs.emplace_back();
    }
    PointSummary& p = points[it->second];
    ++p.evaluations;
    p.evaluation_ids.push_back(e.id);
    p.feasible = p.feasible && e.feasible;
    costs[it->second].push_back(e.cost);
  }
  for (std::size_t k = 0; k < points.size(); ++k) {
    PointSummary& p = points[k];
    const auto& c = costs[k];
    const double n = static_cast<double>(c.size());
    if (!p.feasible) {
      p.mean_cost = p.sd_cost = p.se_cost = std::nan("");
      continue;
    }
    double sum = 0;
    for (double v : c) sum += v;
    p.mean_cost = sum / n;
    double ss = 0;
    for (double v : c) ss += (v - p.mean_cost) * (v - p.mean_cost);
    p.sd_cost = c.size() > 1 ? std::sqrt(ss / (n - 1)) : 0.0;
    p.se_cost = c.size() > 1 ? p.sd_cost / std::sqrt(n) : std::nan("");
  }
  return points;
}

std::optional<PointSummary> find_incumbent(const std::vector<PointSummary>& points,
                                           int min_replicates) {
  const PointSummary* best = nullptr;
  const PointSummary* best_replicated = nullptr;
  for (const PointSummary& p : points) {
    if (!p.feasible) continue;
    if (!best || p.mean_cost < best->mean_cost) best = &p;
    if (p.evaluations >= min_replicates &&
        (!best_replicated || p.mean_cost < best_replicated->mean_cost)) {
      best_replicated = &p;
    }
  }
  if (best_replicated) return *best_replicated;
  if (best) return *best;
  return std::nullopt;
}

std::vector<PointSummary> choose_replicates(const std::vector<PointSummary>& points,
                                            const std::optional<PointSummary>& incumbent,
                                            int64_t slots, int min_replicates, int max_replicates,
                                            double se_tol) {
  std::vector<PointSummary> chosen;
  if (!incumbent || slots <= 0) return chosen;
  const double se = std::isfinite(incumbent->se_cost) ? incumbent->se_cost : 0.0;
  const double threshold = incumbent->mean_cost + 2 * se;
  std::vector<PointSummary> promising;
  for (const PointSummary& p : points) {
    if (!p.feasible || p.evaluations >= max_replicates) continue;
    const bool is_unconfirmed_incumbent =
        p.point == incumbent->point && p.evaluations < min_replicates;
    const double p_se = std::isfinite(p.se_cost) ? p.se_cost : 0.0;
    const bool still_noisy = p.evaluations < min_replicates || p_se > se_tol;
    if (is_unconfirmed_incumbent || (p.mean_cost < threshold && still_noisy)) {
      promising.push_back(p);
    }
  }
  std::stable_sort(
      promising.begin(), promising.end(), [&](const PointSummary& a, const PointSummary& b) {
        const bool a_first = a.point == incumbent->point && a.evaluations < min_replicates;
        const bool b_first = b.point == incumbent->point && b.evaluations < min_replicates;
        if (a_first != b_first) return a_first;
        return a.mean_cost < b.mean_cost;
      });
  for (const PointSummary& p : promising) {
    if (static_cast<int64_t>(chosen.size()) == slots) break;
    chosen.push_back(p);
  }
  return chosen;
}

}  // namespace spikefit::experiments
