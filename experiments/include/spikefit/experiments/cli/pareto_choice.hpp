#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "spikefit/experiments/study/objectives.hpp"
#include "spikefit/experiments/study/round_proposer.hpp"
#include "spikefit/stats/cost.hpp"
#include "spikefit/stats/target.hpp"

// A Pareto fit (`fit --objectives`): its objectives, reference point and strategy.
namespace spikefit::experiments {

struct ParetoChoice {
  std::vector<Objective> objectives;
  std::vector<double> reference_point;  // one value per objective
  std::string strategy;                 // ehvi, parego or sobol
};

// `objectives_spec` groups the target's statistics ("rate,fano;rsc_fisher_z" or "each");
// `ref_point` is "" for the normaliser default. The strategy is ehvi up to 4 objectives and
// parego above unless `strategy_given`. Bad choices are base::UsageErrors naming the flag.
ParetoChoice pareto_choice(const std::string& objectives_spec, const std::string& ref_point,
                           const std::string& strategy, bool strategy_given,
                           const stats::Target& target, stats::CostMetric metric);

// The proposer of a Pareto fit over `dims` parameters: per-objective GPs and a feasibility model
// with the chosen strategy (sobol: the design alone).
std::unique_ptr<RoundProposer> make_pareto_proposer(const ParetoChoice& choice, int64_t dims);

}  // namespace spikefit::experiments
