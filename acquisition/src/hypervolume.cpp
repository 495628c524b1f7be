#include "spikefit/acquisition/hypervolume.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

namespace spikefit::acquisition {

namespace {

// The points strictly below the reference in every objective.
Points inside_reference(const Points& points, const std::vector<double>& reference) {
  const std::size_t k = reference.size();
  Points inside;
  for (const auto& p : points) {
    if (p.size() != k) throw std::invalid_argument("hypervolume: point and reference sizes differ");
    bool below = true;
    for (std::size_t d = 0; d < k; ++d) below &= p[d] < reference[d];
    if (below) inside.push_back(p);
  }
  return inside;
}

// Area dominated by 2D points within the reference box: sweep in the first objective.
double area_2d(Points pts, double ref_x, double ref_y) {
  std::sort(pts.begin(), pts.end());
  double area = 0.0;
  double lowest_y = ref_y;
  for (const auto& p : pts) {
    if (p[1] >= lowest_y) continue;
    // the strip from x to the reference, between y and the lowest y seen so far
    area += (ref_x - p[0]) * (lowest_y - p[1]);
    lowest_y = p[1];
  }
  return area;
}

// Exact hypervolume of points all strictly below the reference, k = reference.size() >= 1.
double sliced_hypervolume(Points pts, const std::vector<double>& reference) {
  const std::size_t k = reference.size();
  if (pts.empty()) return 0.0;
  if (k == 1) {
    double best = reference[0];
    for (const auto& p : pts) best = std::min(best, p[0]);
    return reference[0] - best;
  }
  if (k == 2) return area_2d(std::move(pts), reference[0], reference[1]);
  // Between consecutive levels of the last objective the dominated region is the (k-1)-D
  // region of the points at or below the slice's lower level.
  std::sort(pts.begin(), pts.end(),
            [k](const auto& a, const auto& b) { return a[k - 1] < b[k - 1]; });
  const std::vector<double> lower_reference(reference.begin(), reference.end() - 1);
  double volume = 0.0;
  Points active;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    active.emplace_back(pts[i].begin(), pts[i].end() - 1);
    const double next = i + 1 < pts.size() ? pts[i + 1][k - 1] : reference[k - 1];
    if (next <= pts[i][k - 1]) continue;
    Points front;  // only the non-dominated projections shape the slice
    for (std::size_t j : pareto_front(active)) front.push_back(active[j]);
    active = front;
    volume += sliced_hypervolume(front, lower_reference) * (next - pts[i][k - 1]);
  }
  return volume;
}

}  // namespace

double hypervolume(const Points& points, const std::vector<double>& reference) {
  if (reference.empty() || reference.size() > kExactHypervolumeObjectives) {
    throw std::invalid_argument("hypervolume: exact for 1 to 4 objectives, got " +
                                std::to_string(reference.size()) +
                                " (use estimate_hypervolume for more)");
  }
  return sliced_hypervolume(inside_reference(points, reference), reference);
}

HypervolumeEstimate monte_carlo_hypervolume(const Points& points,
                                            const std::vector<double>& reference, int64_t samples,
                                            uint64_t seed) {
  if (samples < 1) throw std::invalid_argument("hypervolume: Monte Carlo needs samples >= 1");
  const Points inside = inside_reference(points, reference);
  HypervolumeEstimate estimate;
  estimate.exact = false;
  if (inside.empty()) return estimate;
  const std::size_t k = reference.size();
  std::vector<double> ideal = inside.front();
  for (const auto& p : inside) {
    for (std::size_t d = 0; d < k; ++d) ideal[d] = std::min(ideal[d], p[d]);
  }
  double box = 1.0;
  for (std::size_t d = 0; d < k; ++d) box *= reference[d] - ideal[d];
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> z(k);
  int64_t dominated = 0;
  for (int64_t s = 0; s < samples; ++s) {
    for (std::size_t d = 0; d < k; ++d) z[d] = ideal[d] + unit(rng) * (reference[d] - ideal[d]);
    for (const auto& p : inside) {
      bool below = true;
      for (std::size_t d = 0; d < k && below; ++d) below = p[d] <= z[d];
      if (below) {
        ++dominated;
        break;
      }
    }
  }
  const double fraction = static_cast<double>(dominated) / static_cast<double>(samples);
  estimate.value = box * fraction;
  estimate.standard_error =
      box * std::sqrt(fraction * (1.0 - fraction) / static_cast<double>(samples));
  return estimate;
}

HypervolumeEstimate estimate_hypervolume(const Points& points, const std::vector<double>& reference,
                                         int64_t samples, uint64_t seed) {
  if (reference.size() <= kExactHypervolumeObjectives) {
    return {hypervolume(points, reference), 0.0, true};
  }
  return monte_carlo_hypervolume(points, reference, samples, seed);
}

}  // namespace spikefit::acquisition
