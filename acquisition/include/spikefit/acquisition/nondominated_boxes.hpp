#pragma once

#include <cstddef>
#include <vector>

#include "spikefit/acquisition/pareto.hpp"

namespace spikefit::acquisition {

// The region below a reference point that no point of a front weakly dominates, as disjoint
// axis-aligned boxes (all objectives minimised): what a new point y can add to the hypervolume.
// Built by slabs along the first objective (between consecutive levels of it, the region is the
// same region of the lower-dimensional front of the points at or below the slab), so there are
// f + 1 boxes for a 2-D front of f points, O(f^2) for 3-D and O(f^3) for 4-D in the worst case.
// Lower corners may be -infinity (the region is unbounded below).
class NondominatedBoxes {
 public:
  // `front` [f][k] (dominated points allowed; points not strictly below the reference ignored).
  NondominatedBoxes(const Points& front, const std::vector<double>& reference);

  // HV(front + y) - HV(front) within the reference box: the volume of [y, reference] inside the
  // boxes, sum over boxes of prod_d max(0, upper_d - max(lower_d, y_d)). `y` points at k values.
  double improvement(const double* y) const;
  std::size_t size() const { return upper_.size() / objectives_; }
  std::size_t objectives() const { return objectives_; }

 private:
  void add_slabs(const Points& points, std::size_t dim, std::vector<double>& lower,
                 std::vector<double>& upper, const std::vector<double>& reference);
  std::size_t objectives_;
  std::vector<double> lower_, upper_;  // [boxes x k], row-major
};

}  // namespace spikefit::acquisition
