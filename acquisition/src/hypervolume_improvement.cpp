#include "spikefit/acquisition/hypervolume_improvement.hpp"

#include <algorithm>
#include <iterator>

namespace spikefit::acquisition {

void Front2d::insert(double y1, double y2) {
  // The first point with first >= y1; the one before it has first < y1 and second > its own
  // successors.
  const auto it = std::lower_bound(first_.begin(), first_.end(), y1);
  const auto pos = static_cast<std::size_t>(std::distance(first_.begin(), it));
  if (pos > 0 && second_[pos - 1] <= y2) return;  // dominated by a point left of it
  if (pos < first_.size() && first_[pos] == y1 && second_[pos] <= y2) return;
  // Points from pos on with second >= y2 are dominated by y (their first is >= y1).
  std::size_t end = pos;
  while (end < first_.size() && second_[end] >= y2) ++end;
  const auto p = static_cast<std::ptrdiff_t>(pos), e = static_cast<std::ptrdiff_t>(end);
  first_.erase(first_.begin() + p, first_.begin() + e);
  second_.erase(second_.begin() + p, second_.begin() + e);
  first_.insert(first_.begin() + p, y1);
  second_.insert(second_.begin() + p, y2);
}

double Front2d::improvement(double y1, double y2, double r1, double r2) const {
  if (!(y1 < r1 && y2 < r2)) return 0.0;
  // Area of [y1, r1] x [y2, r2] not dominated by the front: sweep the front points clipped to
  // the box, in increasing first objective; between breakpoints the front covers the box above
  // the lowest clipped second objective seen so far.
  double area = 0.0;
  double x = y1, level = r2;  // the box is free below `level` between x and the next point
  for (std::size_t i = 0; i < first_.size(); ++i) {
    const double p1 = std::max(first_[i], y1), p2 = std::max(second_[i], y2);
    if (p1 >= r1) break;
    if (p2 >= level) continue;
    area += (p1 - x) * (level - y2);
    x = p1;
    level = p2;
  }
  area += (r1 - x) * (level - y2);
  return area;
}

}  // namespace spikefit::acquisition
