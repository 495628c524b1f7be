#include "spikefit/experiments/evaluation/evaluator.hpp"

#include <stdexcept>
#include <utility>

#include "spikefit/base/backoff.hpp"
#include "spikefit/experiments/evaluation/row_stream.hpp"

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

void Evaluator::evaluate_stream(RowStream& stream, const OutcomeSink& sink) {
  base::Backoff backoff;
  for (;;) {
    const RowBatch batch = stream.take(0);
    if (batch.size() == 0) {
      if (stream.finished()) return;
      backoff.wait();
      continue;
    }
    backoff.reset();
    evaluate_each(batch.x, batch.seeds, batch.stage, [&](std::size_t k, EvaluationOutcome&& o) {
      if (k >= batch.size()) throw std::runtime_error("evaluator returned a row out of range");
      sink(batch.ids[k], std::move(o));
    });
  }
}

}  // namespace spikefit::experiments
