#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

namespace spikefit::acquisition {

// Points in [0, 1]^d that every new point must stay at least min_distance (Euclidean, unit cube)
// away from: the observed, the pending and the already chosen points of a batch.
class DistinctSet {
 public:
  DistinctSet(int64_t dims, double min_distance);
  // 1e-6 sqrt(d): coincident up to rounding, the default.
  static double default_min_distance(int64_t dims);

  void insert(const at::Tensor& rows);          // [k x d], unconditionally
  bool is_distinct(const double* point) const;  // point [d]
  // Inserts the point if it is distinct; returns whether it was.
  bool insert_if_distinct(const double* point);
  int64_t size() const { return static_cast<int64_t>(points_.size()) / dims_; }
  int64_t dims() const { return dims_; }
  double min_distance() const { return min_distance_; }

 private:
  int64_t dims_;
  double min_distance_;
  std::vector<double> points_;  // [size x d] row-major
};

}  // namespace spikefit::acquisition
