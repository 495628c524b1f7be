#include "spikefit/surrogate/transforms.hpp"

#include <cmath>
#include <stdexcept>

namespace spikefit::surrogate {

UnitCube::UnitCube(std::vector<double> lower, std::vector<double> upper,
                   std::vector<bool> log_scale)
    : log_scale_(std::move(log_scale)) {
  const std::size_t d = log_scale_.size();
  if (lower.size() != d || upper.size() != d) {
    throw std::invalid_argument("UnitCube: bounds and log flags must have one entry per dimension");
  }
  std::vector<double> mask(d);
  for (std::size_t k = 0; k < d; ++k) {
    if (!(lower[k] < upper[k])) throw std::invalid_argument("UnitCube: lower must be below upper");
    if (log_scale_[k] && lower[k] <= 0) {
      throw std::invalid_argument("UnitCube: a log-scaled dimension needs positive bounds");
    }
    mask[k] = log_scale_[k] ? 1.0 : 0.0;
  }
  const auto options = at::TensorOptions().dtype(at::kDouble);
  log_mask_ = at::tensor(mask, options);
  const at::Tensor lo = warp(at::tensor(lower, options).unsqueeze(0)).squeeze(0);
  const at::Tensor hi = warp(at::tensor(upper, options).unsqueeze(0)).squeeze(0);
  low_ = lo;
  span_ = hi - lo;
}

at::Tensor UnitCube::warp(const at::Tensor& x) const {
  // log only where flagged; elsewhere the value itself (where() keeps log away from x <= 0)
  const at::Tensor safe = at::where(log_mask_ > 0, x, at::ones_like(x));
  return at::where(log_mask_ > 0, safe.log(), x);
}

at::Tensor UnitCube::to_unit(const at::Tensor& x) const {
  return (warp(x) - low_) / span_;
}

at::Tensor UnitCube::from_unit(const at::Tensor& u) const {
  const at::Tensor w = u * span_ + low_;
  return at::where(log_mask_ > 0, w.exp(), w);
}

Standardize Standardize::fit(const at::Tensor& y) {
  Standardize s;
  s.mean = y.mean().item<double>();
  const double sd = y.numel() > 1 ? y.std().item<double>() : 0.0;
  s.scale = sd > 0 && std::isfinite(sd) ? sd : 1.0;
  return s;
}

}  // namespace spikefit::surrogate
