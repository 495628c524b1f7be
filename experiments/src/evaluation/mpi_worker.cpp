#include "spikefit/experiments/evaluation/mpi_worker.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <memory>

#include "mpi_messages.hpp"
#include "spikefit/base/byte_buffer.hpp"
#include "spikefit/experiments/evaluation/command_evaluator.hpp"
#include "spikefit/experiments/evaluation/config_evaluator.hpp"
#include "spikefit/experiments/evaluation/evaluator_recipe.hpp"
#include "spikefit/experiments/evaluation/mpi_session.hpp"

namespace spikefit::experiments {

namespace {

mpi::WorkResult evaluate_order(Evaluator& evaluator, const mpi::WorkOrder& order) {
  const auto start = std::chrono::steady_clock::now();
  mpi::WorkResult result;
  result.first_row = order.first_row;
  result.outcomes = evaluator.evaluate(order.x, order.seeds, order.stage);
  result.busy_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace

int serve_evaluations() {
  // Rank 0 speaks for the job: what this rank would print (a backend's fallback warning, the
  // engine's notes) goes nowhere; its failures travel to rank 0.
  const int null = open("/dev/null", O_WRONLY);
  if (null >= 0) {
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    close(null);
  }
  std::unique_ptr<ConfigEvaluator> local;
  bool failed = false;
  for (;;) {
    const mpi::Message m = mpi::wait(0);
    try {
      switch (m.tag) {
        case mpi::Tag::kStop:
          return failed ? 1 : 0;
        case mpi::Tag::kRecipe: {
          local.reset();
          EvaluatorRecipe recipe = decode_recipe(m.bytes);
          recipe.options.threads = MpiSession::current()->threads_per_rank(recipe.options.threads);
          local = std::make_unique<ConfigEvaluator>(recipe_config(recipe), recipe.target,
                                                    recipe.backend, recipe.options);
          base::ByteWriter ready;
          ready.put<int32_t>(evaluation_width(local->evaluator(), recipe.options.threads));
          mpi::send(0, mpi::Tag::kReady, ready.bytes());
          break;
        }
        case mpi::Tag::kWork: {
          const mpi::WorkOrder order = mpi::decode_work(m.bytes);
          if (!local) throw std::runtime_error("no evaluator (its recipe failed)");
          mpi::send(0, mpi::Tag::kResult, mpi::encode(evaluate_order(local->evaluator(), order)));
          break;
        }
        default:
          throw std::runtime_error("unexpected MPI message, tag " +
                                   std::to_string(static_cast<int>(m.tag)));
      }
    } catch (const std::exception& e) {
      failed = true;
      mpi::send(0, mpi::Tag::kFailure, mpi::encode(mpi::Failure{e.what()}));
    }
  }
}

}  // namespace spikefit::experiments
