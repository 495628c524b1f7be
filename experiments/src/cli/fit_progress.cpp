#include "spikefit/experiments/cli/fit_progress.hpp"

#include <cmath>
#include <cstdio>

namespace spikefit::experiments {

std::string progress_line(const FitProgress& p) {
  char best[96];
  if (!p.incumbent) {
    std::snprintf(best, sizeof best, "best -");
  } else if (std::isfinite(p.incumbent->se_cost)) {
    std::snprintf(best, sizeof best, "best %.4g ± %.2g (n %d)", p.incumbent->mean_cost,
                  p.incumbent->se_cost, p.incumbent->evaluations);
  } else {
    std::snprintf(best, sizeof best, "best %.4g (n 1)", p.incumbent->mean_cost);
  }
  std::string line = "round " + std::to_string(p.round) + "  evals " +
                     std::to_string(p.evaluations) + "/" + std::to_string(p.max_evaluations) +
                     "  " + best;
  if (p.front) {
    char front[96];
    if (p.front->hypervolume.exact) {
      std::snprintf(front, sizeof front, "  front %zu  HV %.4g", p.front->size,
                    p.front->hypervolume.value);
    } else {
      std::snprintf(front, sizeof front, "  front %zu  HV %.4g ± %.2g (MC)", p.front->size,
                    p.front->hypervolume.value, p.front->hypervolume.standard_error);
    }
    line += front;
  }
  char rate[48];
  std::snprintf(rate, sizeof rate, "  %.3g eval/s", p.evaluations_per_s);
  line += rate;
  line += "  elapsed " + format_duration(p.elapsed_s);
  if (p.budget_s > 0) line += "  left " + format_duration(p.budget_s - p.elapsed_s);
  if (p.held_back > 0) {
    line +=
        "  stopped: " + std::to_string(p.held_back) + " evaluations would not finish in the budget";
  }
  return line;
}

}  // namespace spikefit::experiments
