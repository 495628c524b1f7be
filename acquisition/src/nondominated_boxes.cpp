#include "spikefit/acquisition/nondominated_boxes.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace spikefit::acquisition {

NondominatedBoxes::NondominatedBoxes(const Points& front, const std::vector<double>& reference)
    : objectives_(reference.size()) {
  if (objectives_ == 0) throw std::invalid_argument("NondominatedBoxes: empty reference point");
  Points inside;
  for (const auto& p : front) {
    if (p.size() != objectives_) {
      throw std::invalid_argument("NondominatedBoxes: point and reference sizes differ");
    }
    bool below = true;
    for (std::size_t d = 0; d < objectives_; ++d) below &= p[d] < reference[d];
    if (below) inside.push_back(p);
  }
  Points front_only;  // dominated points would only split slabs
  for (std::size_t i : pareto_front(inside)) front_only.push_back(inside[i]);
  std::vector<double> lower(objectives_), upper(objectives_);
  add_slabs(front_only, 0, lower, upper, reference);
}

// Adds the boxes of the region not dominated by `points` in objectives [dim, k), with the
// objectives before `dim` fixed to [lower, upper) by the enclosing slabs.
void NondominatedBoxes::add_slabs(const Points& points, std::size_t dim, std::vector<double>& lower,
                                  std::vector<double>& upper,
                                  const std::vector<double>& reference) {
  constexpr double kUnbounded = -std::numeric_limits<double>::infinity();
  if (dim + 1 == objectives_) {  // last objective: free below the lowest point
    lower[dim] = kUnbounded;
    upper[dim] = reference[dim];
    for (const auto& p : points) upper[dim] = std::min(upper[dim], p[dim]);
    lower_.insert(lower_.end(), lower.begin(), lower.end());
    upper_.insert(upper_.end(), upper.begin(), upper.end());
    return;
  }
  Points sorted = points;
  std::sort(sorted.begin(), sorted.end(),
            [dim](const auto& a, const auto& b) { return a[dim] < b[dim]; });
  Points active;  // points at or below the slab's lower level, non-dominated in [dim + 1, k)
  double slab_lower = kUnbounded;
  for (std::size_t i = 0; i <= sorted.size(); ++i) {
    const double slab_upper = i < sorted.size() ? sorted[i][dim] : reference[dim];
    if (slab_upper > slab_lower) {
      lower[dim] = slab_lower;
      upper[dim] = slab_upper;
      add_slabs(active, dim + 1, lower, upper, reference);
      slab_lower = slab_upper;
    }
    if (i == sorted.size()) break;
    active.push_back(sorted[i]);
    Points tail;  // the objectives the recursion reads, to judge dominance on them only
    for (const auto& p : active)
      tail.emplace_back(p.begin() + static_cast<std::ptrdiff_t>(dim + 1), p.end());
    Points kept;
    for (std::size_t j : pareto_front(tail)) kept.push_back(active[j]);
    active = std::move(kept);
  }
}

double NondominatedBoxes::improvement(const double* y) const {
  const std::size_t k = objectives_;
  double total = 0.0;
  for (std::size_t b = 0; b < size(); ++b) {
    const double* lo = &lower_[b * k];
    const double* up = &upper_[b * k];
    double volume = 1.0;
    for (std::size_t d = 0; d < k && volume > 0.0; ++d) {
      const double side = up[d] - std::max(lo[d], y[d]);
      volume = side > 0.0 ? volume * side : 0.0;
    }
    total += volume;
  }
  return total;
}

}  // namespace spikefit::acquisition
