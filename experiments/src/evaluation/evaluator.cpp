#include "spikefit/experiments/evaluation/evaluator.hpp"

#include <utility>

namespace spikefit::experiments {

const char* to_string(EvaluationStage stage) {
  return stage == EvaluationStage::kScreen ? "screen" : "full";
}

void Evaluator::evaluate_each(const std::vector<std::vector<double>>& x,
                              const std::vector<uint64_t>& seeds, EvaluationStage stage,
                              const OutcomeSink& sink) {
  std::vector<EvaluationOutcome> outcomes = evaluate(x, seeds, stage);
  for (std::size_t k = 0; k < outcomes.size(); ++k) sink(k, std::move(outcomes[k]));
}

}  // namespace spikefit::experiments
