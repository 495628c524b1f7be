#include "spikefit/surrogate/multi_output_gp.hpp"

#include <stdexcept>

namespace spikefit::surrogate {

IndependentMultiOutputGp::IndependentMultiOutputGp(std::vector<ExactGp> outputs)
    : outputs_(std::move(outputs)) {
  if (outputs_.empty()) {
    throw std::invalid_argument("IndependentMultiOutputGp: at least one output is needed");
  }
  for (const ExactGp& gp : outputs_) {
    if (gp.dims() != outputs_.front().dims()) {
      throw std::invalid_argument("IndependentMultiOutputGp: outputs differ in input dimension");
    }
  }
}

IndependentMultiOutputGp IndependentMultiOutputGp::make(KernelKind kind, const at::Tensor& x,
                                                        const at::Tensor& y,
                                                        const at::Tensor& yvar) {
  if (x.dim() != 2 || y.dim() != 2 || y.size(0) != x.size(0)) {
    throw std::invalid_argument("IndependentMultiOutputGp: x must be [n x d] and y [n x k]");
  }
  if (yvar.defined() && !yvar.sizes().equals(y.sizes())) {
    throw std::invalid_argument("IndependentMultiOutputGp: yvar must be [n x k] like y");
  }
  std::vector<ExactGp> outputs;
  for (int64_t j = 0; j < y.size(1); ++j) {
    const at::Tensor column = y.select(1, j).contiguous();
    GpHyperparameters h =
        GpHyperparameters::make(x.size(1), 0.5, 1.0, 0.01, column.mean().item<double>());
    if (yvar.defined()) {
      outputs.emplace_back(kind, x, column, yvar.select(1, j).contiguous(), h);
    } else {
      outputs.emplace_back(kind, x, column, h);
    }
  }
  return IndependentMultiOutputGp(std::move(outputs));
}

std::vector<double> IndependentMultiOutputGp::fit(const GpFitOptions& options) {
  std::vector<double> reached;
  for (std::size_t j = 0; j < outputs_.size(); ++j) {
    GpFitOptions per_output = options;
    per_output.seed = options.seed + j;
    reached.push_back(outputs_[j].fit(per_output));
  }
  return reached;
}

MultiOutputPosterior IndependentMultiOutputGp::posterior(const at::Tensor& x) const {
  std::vector<at::Tensor> means, variances;
  for (const ExactGp& gp : outputs_) {
    GpPosterior p = gp.posterior(x);
    means.push_back(p.mean);
    variances.push_back(p.variance);
  }
  return {at::stack(means, 1), at::stack(variances, 1)};
}

IndependentMultiOutputGp IndependentMultiOutputGp::extended(const at::Tensor& new_x,
                                                            const at::Tensor& new_y) const {
  if (new_y.dim() != 2 || new_y.size(1) != outputs()) {
    throw std::invalid_argument("IndependentMultiOutputGp::extended: new_y must be [m x k]");
  }
  std::vector<ExactGp> extended_outputs;
  for (std::size_t j = 0; j < outputs_.size(); ++j) {
    extended_outputs.push_back(
        outputs_[j].extended(new_x, new_y.select(1, static_cast<int64_t>(j)).contiguous()));
  }
  return IndependentMultiOutputGp(std::move(extended_outputs));
}

}  // namespace spikefit::surrogate
