#pragma once

#include <string>

#include "spikefit/experiments/cli/format_duration.hpp"
#include "spikefit/experiments/study/fit_loop.hpp"

namespace spikefit::experiments {

// "round 3  evals 40/100  best 2.31 ± 0.12 (n 3)  1.8 eval/s  elapsed 2m10s  left 3m50s", with
// "  front 7  HV 8123" after the best in multi-objective studies ("HV 8123 ± 12 (MC)" above 4
// objectives), and "  stopped: 5 evaluations would not finish in the budget" when the budget
// held some back
std::string progress_line(const FitProgress& p);

}  // namespace spikefit::experiments
