#pragma once

#include <ATen/ATen.h>

#include <functional>

#include "spikefit/surrogate/feasibility_model.hpp"
#include "spikefit/surrogate/posterior_model.hpp"

namespace spikefit::acquisition {

// An acquisition function: x [m x d] in the unit cube -> [m], larger is better, differentiable
// in x (the optimiser takes gradients by autograd).
using AcquisitionFunction = std::function<at::Tensor(const at::Tensor&)>;

// Analytic LogEI of a model of a MINIMISED objective with incumbent `best` (model units). The
// model is cloned (its tensors are shared, not duplicated).
AcquisitionFunction log_ei_function(const surrogate::PosteriorModel& model, double best);

// log P(feasible) of a feasibility model (kept by reference: it must outlive the function).
AcquisitionFunction log_pf_function(const surrogate::FeasibilityModel& feasibility);

// Constraint weighting in log space: log a(x) + log P(feasible | x), i.e. a(x) P(feasible | x)
// (Gardner et al. 2014). Without a model (null) the acquisition is returned unchanged.
AcquisitionFunction with_feasibility(AcquisitionFunction acquisition,
                                     const surrogate::FeasibilityModel* feasibility);

}  // namespace spikefit::acquisition
