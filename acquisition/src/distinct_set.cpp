#include "spikefit/acquisition/distinct_set.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace spikefit::acquisition {

DistinctSet::DistinctSet(int64_t dims, double min_distance)
    : dims_(dims), min_distance_(min_distance) {
  if (dims < 1) throw std::invalid_argument("DistinctSet: dims must be >= 1");
  if (!(min_distance >= 0.0)) {
    throw std::invalid_argument("DistinctSet: min_distance must be >= 0, got " +
                                std::to_string(min_distance));
  }
}

double DistinctSet::default_min_distance(int64_t dims) {
  return 1e-6 * std::sqrt(static_cast<double>(dims));
}

void DistinctSet::insert(const at::Tensor& rows) {
  if (!rows.defined() || rows.numel() == 0) return;
  if (rows.dim() != 2 || rows.size(1) != dims_) {
    throw std::invalid_argument("DistinctSet: rows must be [k x " + std::to_string(dims_) + "]");
  }
  const at::Tensor r = rows.to(at::kDouble).contiguous();
  const double* data = r.data_ptr<double>();
  points_.insert(points_.end(), data, data + r.numel());
}

bool DistinctSet::is_distinct(const double* point) const {
  const double limit = min_distance_ * min_distance_;
  const std::size_t d = static_cast<std::size_t>(dims_);
  for (std::size_t start = 0; start < points_.size(); start += d) {
    double squared = 0.0;
    for (std::size_t j = 0; j < d && squared < limit; ++j) {
      const double diff = points_[start + j] - point[j];
      squared += diff * diff;
    }
    if (squared < limit) return false;
  }
  return true;
}

bool DistinctSet::insert_if_distinct(const double* point) {
  if (!is_distinct(point)) return false;
  points_.insert(points_.end(), point, point + dims_);
  return true;
}

}  // namespace spikefit::acquisition
