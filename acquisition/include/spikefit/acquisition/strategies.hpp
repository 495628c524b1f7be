#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>

#include "spikefit/acquisition/batch_strategy.hpp"
#include "spikefit/acquisition/strategy_options.hpp"

namespace spikefit::acquisition {

// The batch strategies (specs/bo_gp.md §1.3, §1.7, §1.8). Each proposes in [0, 1]^d, minimising,
// de-duplicated (DistinctSet), and starts with a feasibility-first batch while no feasible point
// exists. All randomness comes from ProposeRequest::seed.

// Thompson sampling over a candidate set (global_candidates), one joint sample per point.
std::unique_ptr<BatchStrategy> make_thompson_strategy(int64_t dims, const StrategyOptions& options);
// Sequential greedy LogEI (or qLogNEI) x P(feasible) with Kriging-believer fantasies.
std::unique_ptr<BatchStrategy> make_greedy_strategy(int64_t dims, const StrategyOptions& options);
// TuRBO-1: Thompson sampling inside a trust region that adapts per batch (state persists);
// TuRBO-m when options.regions > 1.
std::unique_ptr<BatchStrategy> make_turbo_strategy(int64_t dims, const StrategyOptions& options);
// TuRBO-m (Eriksson et al. 2019): options.regions trust regions (default 5), centred at first on
// the best observed points at least length_init / 4 apart; one Thompson sample per point over the
// union of the regions' perturbation candidates (`candidates` in all, default
// 2 default_candidate_count(d)) allocates the batch across regions; each region judges only the
// rows it proposed, adapts its length as TuRBO-1 and after collapsing restarts with ceil(q / m)
// space-filling rows whose best becomes its new centre. Assumes each batch is appended to the
// observations in proposal order (state persists).
std::unique_ptr<BatchStrategy> make_turbo_m_strategy(int64_t dims, const StrategyOptions& options);
// specs/bo_gp.md §1.8: greedy near the incumbent + Thompson (in a trust region when d >= 10 or
// asked) + Sobol, by configurable shares. §1.8's replicates are the study's slots (the fit loop's
// intensification), not a share of the strategy's batch.
std::unique_ptr<BatchStrategy> make_mixed_strategy(int64_t dims, const StrategyOptions& options);

// By name: sobol | ts | greedy | turbo | turbo-m | mixed, with StrategyOptions::from_json(options).
std::unique_ptr<BatchStrategy> make_strategy(
    const std::string& name, int64_t dims,
    const nlohmann::json& options = nlohmann::json::object());

}  // namespace spikefit::acquisition
