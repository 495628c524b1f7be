#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "spikefit/acquisition/batch_strategy.hpp"
#include "spikefit/surrogate/feasibility_model.hpp"
#include "spikefit/surrogate/posterior_model.hpp"

namespace spikefit::acquisition {

// What a multi-objective strategy proposes from: independent GPs, one per objective, on the
// unit cube [0, 1]^d, every objective MINIMISED in model units (each standardised on its own).
struct ParetoModelSet {
  at::Tensor observed_x;  // [n x d]
  at::Tensor observed_y;  // [n x k] in model units, a row of NaN where infeasible
  // [k], each fitted on the feasible rows
  std::vector<const surrogate::PosteriorModel*> objectives;
  const surrogate::FeasibilityModel* feasibility = nullptr;  // null: all feasible
  // Hypervolume reference point [k] in model units; empty: the nadir of the observed front
  // minus 0.1 of its range beyond it (BoTorch's infer_reference_point).
  std::vector<double> reference_point;
};

struct ParetoOptions {
  int64_t global_candidates = 512;  // scrambled Sobol points (at least 4 q are used)
  int64_t local_candidates = 512;   // perturbations of the observed Pareto set
  int64_t mc_samples = 128;         // joint posterior samples
  double min_distance = 1e-6;       // de-duplication radius in the unit cube (Euclidean)
  double chebyshev_rho = 0.05;      // augmentation of the Chebyshev scalarisation
  double log_ei_tau = 1e-3;         // softplus temperature of qLogNEI on the scalarisation
};

// A multi-objective batch strategy: propose(models, q, pending) -> X [q x d], de-duplicated
// against each other, the observed and the pending points.
class ParetoStrategy {
 public:
  virtual ~ParetoStrategy() = default;
  virtual std::string name() const = 0;
  virtual Proposal propose(const ParetoModelSet& models, const ProposeRequest& request) = 0;
};

// qLogNParEGO: every candidate gets its own random weight on the simplex; it maximises qLogNEI
// of the augmented Chebyshev scalarisation of the objectives (min-max normalised on the
// observed front), with the incumbent and the earlier picks sampled jointly (sequential
// greedy over a candidate set), times P(feasible).
std::unique_ptr<ParetoStrategy> make_parego_strategy(const ParetoOptions& options = {});

// qLogNEHVI for 2 to kMaxEhviObjectives objectives: sequential greedy over a candidate set; each
// pick maximises the log of the Monte-Carlo expected hypervolume improvement over the front of
// the jointly sampled observed Pareto set, pending points and earlier picks, times P(feasible).
// Each sample's improvement is exact, summed over the disjoint boxes of the region its front
// does not dominate (NondominatedBoxes), rebuilt for every sample after each pick.
inline constexpr std::size_t kMaxEhviObjectives = 4;
std::unique_ptr<ParetoStrategy> make_ehvi_strategy(const ParetoOptions& options = {});

}  // namespace spikefit::acquisition
