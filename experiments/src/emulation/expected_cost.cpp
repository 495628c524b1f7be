#include "spikefit/experiments/emulation/expected_cost.hpp"

#include <cmath>

#include "spikefit/base/usage_error.hpp"

namespace spikefit::experiments {

namespace {

int64_t column_of(const std::vector<std::string>& columns, const std::string& name) {
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c] == name) return static_cast<int64_t>(c);
  }
  return -1;
}

}  // namespace

ExpectedCost::ExpectedCost(const stats::Target& target, stats::CostMetric metric,
                           const std::vector<std::string>& columns, const std::string& flag)
    : metric_(metric) {
  for (const stats::TargetStatistic& t : target.statistics) {
    Term term;
    term.target = t.mean;
    term.var = t.var;
    term.weight = t.weight;
    for (std::size_t i = 0; i < t.mean.size(); ++i) {
      const std::string name = t.mean.size() == 1 ? t.name : t.name + "[" + std::to_string(i) + "]";
      const int64_t c = column_of(columns, name);
      if (c < 0) {
        std::string predicted;
        for (const std::string& p : columns) predicted += (predicted.empty() ? "" : ", ") + p;
        throw base::UsageError(flag, "the emulator does not predict '" + name +
                                         "', which target '" + target.name +
                                         "' scores (it predicts " + predicted +
                                         "; train it with --outputs " + t.name + ")");
      }
      term.columns.push_back(c);
    }
    total_weight_ += t.weight;
    terms_.push_back(std::move(term));
  }
}

at::Tensor ExpectedCost::operator()(const at::Tensor& mean, const at::Tensor& variance) const {
  at::Tensor cost = at::zeros({mean.size(0)}, mean.options());
  for (const Term& t : terms_) {
    const at::Tensor index = at::tensor(t.columns, at::kLong);
    const at::Tensor mu = mean.index_select(1, index);
    const at::Tensor var = variance.index_select(1, index).clamp_min(0.0);
    const at::Tensor diff = mu - at::tensor(t.target, mean.options()).unsqueeze(0);
    const at::Tensor squared = (diff.square() + var).sum(1);  // E||s - s*||^2
    at::Tensor error;
    if (metric_ == stats::CostMetric::kL2) {
      error = squared / t.var;
    } else if (t.columns.size() == 1) {
      const at::Tensor sd = var.sqrt().squeeze(1).clamp_min(1e-300);
      const at::Tensor m = diff.squeeze(1);
      const at::Tensor folded = sd * std::sqrt(2.0 / M_PI) * at::exp(-0.5 * (m / sd).square()) +
                                m * at::erf(m / (sd * std::sqrt(2.0)));
      error = folded / std::sqrt(t.var);
    } else {
      error = squared.sqrt() / std::sqrt(t.var);
    }
    cost = cost + t.weight * error;
  }
  return cost / total_weight_;
}

}  // namespace spikefit::experiments
