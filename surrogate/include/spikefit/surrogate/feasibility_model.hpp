#pragma once

#include <ATen/ATen.h>

#include <memory>

#include "spikefit/surrogate/exact_gp.hpp"

namespace spikefit::surrogate {

// A model of P(feasible | x) on unit-cube inputs: "the simulation was valid" (no runaway or
// silent network, statistics computable).
class FeasibilityModel {
 public:
  virtual ~FeasibilityModel() = default;
  // log P(feasible) at x [m x d] -> [m], differentiable in x.
  virtual at::Tensor log_probability(const at::Tensor& x) const = 0;
};

// SNOPS's feasibility model: GP regression on 0/1 labels, P(feasible) = Phi((mu - 0.5) / sigma)
// with sigma the predictive standard deviation of an observation (noise included).
class LabelGpFeasibility final : public FeasibilityModel {
 public:
  // x [n x d] unit cube, feasible [n] (bool or 0/1); the GP is fitted (MAP) on construction.
  LabelGpFeasibility(const at::Tensor& x, const at::Tensor& feasible,
                     GpFitOptions fit = GpFitOptions{});
  at::Tensor log_probability(const at::Tensor& x) const override;
  const ExactGp& gp() const { return *gp_; }

 private:
  std::unique_ptr<ExactGp> gp_;
};

}  // namespace spikefit::surrogate
