#include "spikefit/surrogate/parameter_importance.hpp"

#include <stdexcept>
#include <vector>

namespace spikefit::surrogate {

namespace {

// Points 1..count of the unscrambled Sobol sequence in dims dimensions [count x dims], from
// LibTorch's Sobol engine (Joe-Kuo direction numbers, as torch.quasirandom.SobolEngine).
at::Tensor sobol_points(int64_t count, int64_t dims) {
  constexpr int64_t kMaxBit = 30;
  at::Tensor state = at::zeros({dims, kMaxBit}, at::kLong);
  at::_sobol_engine_initialize_state_(state, dims);
  const at::Tensor quasi = at::zeros({dims}, at::kLong);
  return std::get<0>(at::_sobol_engine_draw(quasi, count, state, dims, 0, at::kDouble));
}

}  // namespace

SobolIndices sobol_indices(const std::function<at::Tensor(const at::Tensor&)>& f, int64_t dims,
                           int64_t samples) {
  if (dims <= 0 || samples < 2) {
    throw std::invalid_argument("sobol_indices: need dims >= 1 and samples >= 2");
  }
  at::NoGradGuard no_grad;
  const at::Tensor points = sobol_points(samples, 2 * dims);
  const at::Tensor a = points.slice(1, 0, dims).contiguous();  // [N x d]
  const at::Tensor b = points.slice(1, dims, 2 * dims).contiguous();
  const at::Tensor fa = f(a).reshape({-1});  // [N]
  const at::Tensor fb = f(b).reshape({-1});
  if (fa.size(0) != samples || fb.size(0) != samples) {
    throw std::invalid_argument("sobol_indices: f must return one value per row");
  }
  SobolIndices out;
  out.variance = at::cat({fa, fb}).var(/*unbiased=*/false).item<double>();
  if (!(out.variance > 0.0)) {
    throw std::invalid_argument("sobol_indices: the function is constant on the sample");
  }
  std::vector<double> first(static_cast<std::size_t>(dims)), total(first.size());
  for (int64_t i = 0; i < dims; ++i) {
    at::Tensor ab = a.clone();
    ab.select(1, i).copy_(b.select(1, i));
    const at::Tensor fab = f(ab).reshape({-1});
    first[static_cast<std::size_t>(i)] = (fb * (fab - fa)).mean().item<double>() / out.variance;
    total[static_cast<std::size_t>(i)] =
        (fa - fab).pow(2).mean().item<double>() / (2.0 * out.variance);
  }
  const auto options = at::TensorOptions().dtype(at::kDouble);
  out.first_order = at::tensor(first, options);
  out.total = at::tensor(total, options);
  return out;
}

ParameterImportance parameter_importance(const ExactGp& gp, int64_t samples) {
  at::NoGradGuard no_grad;
  ParameterImportance out;
  const at::Tensor inverse = gp.hyperparameters().lengthscales().reciprocal();
  out.inverse_lengthscale = inverse / inverse.sum();
  out.sobol =
      sobol_indices([&](const at::Tensor& x) { return gp.posterior(x).mean; }, gp.dims(), samples);
  return out;
}

}  // namespace spikefit::surrogate
