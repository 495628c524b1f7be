#pragma once

#include <cstddef>
#include <functional>
#include <memory>

#include "spikefit/experiments/evaluation/evaluator.hpp"
#include "spikefit/experiments/evaluation/evaluator_recipe.hpp"

namespace spikefit::experiments {

// One batch of an MPI job: how long it took and how much of that the ranks spent evaluating.
struct DistributedBatch {
  int ranks = 1;
  std::size_t rows = 0;
  double wall_s = 0.0;    // from handing out the first row to the last outcome
  double busy_s = 0.0;    // the ranks' time in evaluate, summed over ranks
  double before_s = 0.0;  // since the previous batch (rank 0 fits and proposes; the others wait)
  // The ranks' idle share of the batch, and of the batch with the wait before it.
  double idle_fraction() const { return idle(wall_s); }
  double idle_fraction_with_wait() const { return idle(wall_s + before_s); }

 private:
  double idle(double seconds) const {
    return seconds > 0 ? 1.0 - busy_s / (static_cast<double>(ranks) * seconds) : 0.0;
  }
};

struct CommandEvaluatorHooks {
  // Rows finished of a batch (finished, total); on the calling thread.
  std::function<void(std::size_t, std::size_t)> on_trial_done;
  // After each batch, in an MPI job of several ranks.
  std::function<void(const DistributedBatch&)> on_distributed_batch;
};

// The evaluator a command runs its batches on: the recipe's ConfigEvaluator in this process or,
// in an MPI job of several ranks (MpiSession), an MpiEvaluator that spreads the rows over every
// rank. Either gives the same outcomes for the same rows and seeds.
std::unique_ptr<Evaluator> open_command_evaluator(const EvaluatorRecipe& recipe,
                                                  const CommandEvaluatorHooks& hooks = {});

// The ranks that evaluate a command's batches: the MPI job's size, 1 without one.
int evaluation_ranks();

// The rows an evaluator runs at once: `threads` resolved (engine::thread_count) on the CPU, 0 (a
// share of the batch) on a GPU.
int evaluation_width(const Evaluator& evaluator, int threads);

}  // namespace spikefit::experiments
