#include "spikefit/experiments/study/study_front.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace spikefit::experiments {

std::vector<ObjectivePoint> objective_points(const std::vector<StoredEvaluation>& evaluations) {
  std::map<int64_t, std::vector<const StoredEvaluation*>> by_point;
  for (const StoredEvaluation& e : evaluations) by_point[e.point].push_back(&e);
  std::vector<ObjectivePoint> out;
  for (const PointSummary& p : summarise_points(evaluations)) {
    if (!p.feasible) continue;
    const auto& rows = by_point.at(p.point);
    const std::size_t k = rows.front()->objectives.size();
    if (k == 0) continue;
    std::vector<double> mean(k, 0.0);
    bool finite = true;
    for (const StoredEvaluation* e : rows) {
      for (std::size_t j = 0; j < k; ++j) {
        const double v = j < e->objectives.size() ? e->objectives[j] : std::nan("");
        finite = finite && std::isfinite(v);
        mean[j] += v / static_cast<double>(rows.size());
      }
    }
    if (finite) out.push_back({p, mean});
  }
  return out;
}

std::vector<ObjectivePoint> nondominated(const std::vector<ObjectivePoint>& points) {
  acquisition::Points values;
  for (const ObjectivePoint& p : points) values.push_back(p.objectives);
  std::vector<ObjectivePoint> out;
  for (std::size_t i : acquisition::pareto_front(values)) out.push_back(points[i]);
  return out;
}

FrontStatus front_status(const std::vector<StoredEvaluation>& evaluations,
                         const std::vector<double>& reference) {
  const std::vector<ObjectivePoint> front = nondominated(objective_points(evaluations));
  acquisition::Points values;
  for (const ObjectivePoint& p : front) values.push_back(p.objectives);
  return {front.size(), acquisition::estimate_hypervolume(values, reference)};
}

std::vector<HypervolumeStep> hypervolume_trace(const std::vector<StoredEvaluation>& evaluations,
                                               const std::vector<double>& reference) {
  std::vector<HypervolumeStep> trace;
  std::vector<StoredEvaluation> prefix;
  for (std::size_t i = 0; i < evaluations.size(); ++i) {
    prefix.push_back(evaluations[i]);
    const bool round_ends =
        i + 1 == evaluations.size() || evaluations[i + 1].round != evaluations[i].round;
    if (!round_ends) continue;
    trace.push_back({static_cast<int64_t>(prefix.size()), evaluations[i].elapsed_s,
                     front_status(prefix, reference).hypervolume.value});
  }
  return trace;
}

std::vector<PointSummary> choose_front_replicates(const std::vector<ObjectivePoint>& front,
                                                  int64_t slots, int max_replicates) {
  std::vector<PointSummary> candidates;
  for (const ObjectivePoint& p : front) {
    if (p.summary.evaluations < max_replicates) candidates.push_back(p.summary);
  }
  std::stable_sort(
      candidates.begin(), candidates.end(),
      [](const PointSummary& a, const PointSummary& b) { return a.evaluations < b.evaluations; });
  if (static_cast<int64_t>(candidates.size()) > slots) {
    candidates.resize(static_cast<std::size_t>(std::max<int64_t>(0, slots)));
  }
  return candidates;
}

}  // namespace spikefit::experiments
