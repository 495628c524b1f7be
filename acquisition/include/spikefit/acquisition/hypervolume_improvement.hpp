#pragma once

#include <cstddef>
#include <vector>

namespace spikefit::acquisition {

// A two-objective Pareto front (minimised), kept non-dominated and sorted by the first
// objective (so the second decreases), for fast hypervolume improvements.
class Front2d {
 public:
  Front2d() = default;
  // Inserts y (dropping the points it dominates); a dominated or duplicate y changes nothing.
  void insert(double y1, double y2);
  // HV(front + y) - HV(front) within the box below `reference`, in O(front size).
  double improvement(double y1, double y2, double r1, double r2) const;
  std::size_t size() const { return first_.size(); }

 private:
  std::vector<double> first_, second_;  // [size], first_ increasing, second_ decreasing
};

}  // namespace spikefit::acquisition
