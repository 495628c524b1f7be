#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace spikefit::experiments {

// Quantile p in [0, 1] of values by linear interpolation between order statistics (numpy's
// default); +inf entries sort last. values must not be empty.
double quantile(std::vector<double> values, double p);

// Markdown table over benchmark runs (the JSON of bench-bo or bench/bo/optuna_tpe.py), one row
// per (function, q, strategy): the number of seeds, then per checkpoint the median [lower
// quartile, upper quartile] of log10 gap of the best-so-far after the last round with at most
// that many evaluations (no feasible point yet counts as +inf), and the mean fit and propose
// seconds per round.
std::string summarise_bo_runs(const std::vector<nlohmann::json>& runs,
                              const std::vector<int64_t>& checkpoints);

}  // namespace spikefit::experiments
