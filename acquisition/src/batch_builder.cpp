#include "batch_builder.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "spikefit/acquisition/candidates.hpp"

namespace spikefit::acquisition {

BatchBuilder::BatchBuilder(const ModelSet& models, const ProposeRequest& request,
                           double min_distance)
    : dims_(models.observed_x.size(1)),
      wanted_(request.q),
      distinct_(dims_, min_distance > 0 ? min_distance : DistinctSet::default_min_distance(dims_)) {
  distinct_.insert(models.observed_x);
  pending_ = request.pending.defined() && request.pending.numel() > 0
                 ? request.pending.to(at::kDouble).contiguous()
                 : at::empty({0, dims_}, at::kDouble);
  distinct_.insert(pending_);
}

bool BatchBuilder::try_add(const at::Tensor& row, ProposalSource source) {
  if (remaining() <= 0) return false;
  const at::Tensor r = row.to(at::kDouble).contiguous();
  const double* p = r.data_ptr<double>();
  if (!distinct_.insert_if_distinct(p)) return false;
  rows_.insert(rows_.end(), p, p + dims_);
  sources_.push_back(source);
  return true;
}

void BatchBuilder::fill(int64_t target, ProposalSource source, uint64_t seed,
                        const at::Tensor& lower, const at::Tensor& upper) {
  target = std::min(target, wanted_);
  for (uint64_t attempt = 0; size() < target && attempt < 8; ++attempt) {
    const int64_t needed = target - size();
    const at::Tensor points =
        space_filling(4 * needed + 16, dims_, derive_seed(seed, attempt), lower, upper);
    for (int64_t i = 0; i < points.size(0) && size() < target; ++i) try_add(points[i], source);
  }
  if (size() < target) {
    throw std::runtime_error("batch strategy: could not find " + std::to_string(target) +
                             " points at least " + std::to_string(distinct_.min_distance()) +
                             " apart (min_distance too large for the space left)");
  }
}

at::Tensor BatchBuilder::chosen() const {
  return at::tensor(rows_, at::kDouble).reshape({size(), dims_});
}

at::Tensor BatchBuilder::pending_and_chosen() const {
  return at::cat({pending_, chosen()});
}

Proposal BatchBuilder::finish() const {
  if (size() != wanted_) {
    throw std::logic_error("batch strategy: built " + std::to_string(size()) + " of " +
                           std::to_string(wanted_) + " points");
  }
  Proposal p;
  p.x = chosen();
  p.source = sources_;
  return p;
}

void check_proposal_inputs(const ModelSet& models, const ProposeRequest& request, int64_t dims) {
  const at::Tensor& x = models.observed_x;
  const std::string d = std::to_string(dims);
  if (!x.defined() || x.dim() != 2 || x.size(1) != dims) {
    throw std::invalid_argument("propose: observed_x must be [n x " + d + "]");
  }
  if (!models.observed_y.defined() || models.observed_y.dim() != 1 ||
      models.observed_y.size(0) != x.size(0)) {
    throw std::invalid_argument("propose: observed_y must be [n] with n = rows of observed_x (" +
                                std::to_string(x.size(0)) + ")");
  }
  if (x.numel() > 0 && (x.min().item<double>() < 0.0 || x.max().item<double>() > 1.0)) {
    throw std::invalid_argument("propose: observed_x must lie in the unit cube");
  }
  if (request.q < 1) throw std::invalid_argument("propose: q must be >= 1");
  const at::Tensor& p = request.pending;
  if (p.defined() && p.numel() > 0 && (p.dim() != 2 || p.size(1) != dims)) {
    throw std::invalid_argument("propose: pending must be [p x " + d + "]");
  }
  if (models.objective != nullptr && models.objective->dims() != dims) {
    throw std::invalid_argument("propose: the objective GP has " +
                                std::to_string(models.objective->dims()) + " inputs, not " + d);
  }
}

at::Tensor judged_objective(const ModelSet& models) {
  const at::Tensor y = models.observed_y.to(at::kDouble);
  if (models.objective == nullptr || y.size(0) == 0) return y;
  at::NoGradGuard no_grad;
  const at::Tensor mean =
      models.objective->posterior(models.observed_x.to(at::kDouble)).mean.to(at::kDouble);
  return at::where(y.isfinite(), mean, y);
}

int64_t lowest_index(const at::Tensor& values, int64_t from, int64_t to) {
  const at::Tensor y = values.to(at::kDouble).contiguous();
  const double* v = y.data_ptr<double>();
  const int64_t end = to < 0 ? y.size(0) : std::min(to, y.size(0));
  int64_t best = -1;
  for (int64_t i = std::max<int64_t>(0, from); i < end; ++i) {
    if (std::isfinite(v[i]) && (best < 0 || v[i] < v[best])) best = i;
  }
  return best;
}

int64_t incumbent_index(const ModelSet& models, int64_t from, int64_t to) {
  return lowest_index(judged_objective(models), from, to);
}

}  // namespace spikefit::acquisition
