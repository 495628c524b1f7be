#pragma once

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "spikefit/experiments/study/cost_formula.hpp"
#include "spikefit/experiments/study/study_storage.hpp"
#include "spikefit/surrogate/composite_model.hpp"
#include "spikefit/surrogate/exact_gp.hpp"
#include "spikefit/surrogate/transforms.hpp"

namespace spikefit::experiments {

// How one targeted statistic enters the statistics-level model: a scalar statistic s_j as its
// value, a vector statistic (the eigenspectrum) through its cost term as log d_j; either
// standardised for its GP, whose learned observation noise (the replicate spread) is kept in the
// modelled quantity's units.
struct CompositeTerm {
  std::string statistic;
  bool log_error = false;  // true: log d_j; false: the value s_j
  surrogate::Standardize standardize;
  double noise_variance = 0.0;
};

// g of `fit --model composite`: the terms' standardised latent values [... x k] (target order)
// -> the standardised log of the EXPECTED observed cost [...] (the scale of the cost GP, the
// `log_cost` standardisation of the observed log costs): sum_j w_j E[d_j] / sum_j w_j with, for
// a value s (latent) and its observation noise tau^2,
//   L2: E[d] = ((s - s*)^2 + tau^2) / v;   L1: E[d] = E|s + e - s*| / sqrt(v), e ~ N(0, tau^2)
//   (the folded-normal mean);   a log error term l: E[d] = exp(l + tau^2 / 2).
// With every tau = 0 it is the cost formula itself applied to the statistics.
at::Tensor composite_cost(const at::Tensor& outputs, const CostFormula& formula,
                          const std::vector<CompositeTerm>& terms,
                          const surrogate::Standardize& log_cost);

// The modelled quantity of each term from one trial's stored statistics [k] (NaN where missing).
std::vector<double> composite_quantities(const nlohmann::json& statistics,
                                         const CostFormula& formula);

// The statistics-level model of the cost (issue 14 item 7; composite BO, Astudillo & Frazier
// 2019): one Matern-5/2 ARD GP per targeted statistic, MAP-fitted on the rows where that
// statistic is finite, their posterior pushed through composite_cost.
struct CompositeCostModel {
  std::vector<CompositeTerm> terms;
  std::vector<std::shared_ptr<const surrogate::ExactGp>> gps;  // [k]
  std::unique_ptr<surrogate::CompositeModel> model;
  nlohmann::json describe() const;
};

// unit_x [r x d] and rows [r]: the feasible rows the cost GP would use. nullopt when some term
// has fewer than 2 finite rows.
std::optional<CompositeCostModel> fit_composite_cost_model(
    const at::Tensor& unit_x, const std::vector<const StoredEvaluation*>& rows,
    const CostFormula& formula, const surrogate::Standardize& log_cost, uint64_t seed);

}  // namespace spikefit::experiments
