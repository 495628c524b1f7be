#include "spikefit/acquisition/pareto.hpp"

#include <algorithm>
#include <stdexcept>

namespace spikefit::acquisition {

bool dominates(const std::vector<double>& a, const std::vector<double>& b) {
  bool better = false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k] > b[k]) return false;
    if (a[k] < b[k]) better = true;
  }
  return better;
}

std::vector<int> pareto_ranks(const Points& points) {
  const std::size_t n = points.size();
  std::vector<int> rank(n, -1);
  std::vector<int> dominated_by(n, 0);                      // how many points dominate i
  std::vector<std::vector<std::size_t>> dominates_list(n);  // points i dominates
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      if (dominates(points[i], points[j])) {
        dominates_list[i].push_back(j);
      } else if (dominates(points[j], points[i])) {
        ++dominated_by[i];
      }
    }
  }
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < n; ++i) {
    if (dominated_by[i] == 0) {
      front.push_back(i);
      rank[i] = 0;
    }
  }
  for (int r = 1; !front.empty(); ++r) {
    std::vector<std::size_t> next;
    for (std::size_t i : front) {
      for (std::size_t j : dominates_list[i]) {
        if (--dominated_by[j] == 0) {
          next.push_back(j);
          rank[j] = r;
        }
      }
    }
    front = std::move(next);
  }
  return rank;
}

std::vector<std::size_t> pareto_front(const Points& points) {
  const std::vector<int> rank = pareto_ranks(points);
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < rank.size(); ++i) {
    if (rank[i] == 0) front.push_back(i);
  }
  return front;
}

namespace {

// Area dominated by 2D points within the reference box: sweep in the first objective.
double area_2d(std::vector<std::pair<double, double>> pts, double ref_x, double ref_y) {
  std::sort(pts.begin(), pts.end());
  double area = 0.0;
  double lowest_y = ref_y;
  for (const auto& [x, y] : pts) {
    if (x >= ref_x || y >= lowest_y) continue;
    // the strip from x to the reference, between y and the lowest y seen so far
    area += (ref_x - x) * (lowest_y - y);
    lowest_y = y;
  }
  return area;
}

}  // namespace

double hypervolume(const Points& points, const std::vector<double>& reference) {
  const std::size_t k = reference.size();
  Points inside;
  for (const auto& p : points) {
    if (p.size() != k) throw std::invalid_argument("hypervolume: point and reference sizes differ");
    bool below = true;
    for (std::size_t d = 0; d < k; ++d) below &= p[d] < reference[d];
    if (below) inside.push_back(p);
  }
  if (inside.empty()) return 0.0;
  if (k == 1) {
    double best = reference[0];
    for (const auto& p : inside) best = std::min(best, p[0]);
    return reference[0] - best;
  }
  if (k == 2) {
    std::vector<std::pair<double, double>> pts;
    for (const auto& p : inside) pts.emplace_back(p[0], p[1]);
    return area_2d(pts, reference[0], reference[1]);
  }
  if (k != 3) throw std::invalid_argument("hypervolume: 1 to 3 objectives");
  // slices along the third objective: between consecutive z levels the dominated region is the
  // 2D area of the points with z at or below the slice's lower level
  std::sort(inside.begin(), inside.end(), [](const auto& a, const auto& b) { return a[2] < b[2]; });
  double volume = 0.0;
  std::vector<std::pair<double, double>> active;
  for (std::size_t i = 0; i < inside.size(); ++i) {
    active.emplace_back(inside[i][0], inside[i][1]);
    const double next_z = i + 1 < inside.size() ? inside[i + 1][2] : reference[2];
    if (next_z > inside[i][2]) {
      volume += area_2d(active, reference[0], reference[1]) * (next_z - inside[i][2]);
    }
  }
  return volume;
}

}  // namespace spikefit::acquisition
