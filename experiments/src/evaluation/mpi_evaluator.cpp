#include "spikefit/experiments/evaluation/mpi_evaluator.hpp"

#include <mpi.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <utility>

#include "mpi_messages.hpp"
#include "spikefit/base/backoff.hpp"
#include "spikefit/base/byte_buffer.hpp"
#include "spikefit/experiments/evaluation/mpi_session.hpp"
#include "spikefit/experiments/evaluation/row_stream.hpp"

namespace spikefit::experiments {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Rank 0's options: its share of the node's threads, and no progress hook (the main thread
// reports progress for every rank).
ModelEvaluatorOptions rank_zero_options(ModelEvaluatorOptions options) {
  options.on_trial_done = nullptr;
  options.threads = MpiSession::current()->threads_per_rank(options.threads);
  return options;
}

int world_size() {
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

// "row 3 of the batch (trial seed 17)", "rows 3-4 ... (trial seeds 17, 18)": the rows' ids.
std::string row_text(const RowBatch& rows) {
  if (rows.size() == 0) return "no rows";
  const std::size_t n = rows.size();
  std::string text =
      n == 1 ? "row " + std::to_string(rows.ids.front())
             : "rows " + std::to_string(rows.ids.front()) + "-" + std::to_string(rows.ids.back());
  text += " of the batch (trial seed" + std::string(n == 1 ? " " : "s ");
  for (std::size_t k = 0; k < n; ++k) text += (k > 0 ? ", " : "") + std::to_string(rows.seeds[k]);
  return text + ")";
}

}  // namespace

MpiEvaluator::MpiEvaluator(const EvaluatorRecipe& recipe, CommandEvaluatorHooks hooks)
    : local_(recipe_config(recipe), recipe.target, recipe.backend,
             rank_zero_options(recipe.options)),
      hooks_(std::move(hooks)),
      widths_(static_cast<std::size_t>(world_size()), 1) {
  widths_[0] = evaluation_width(local(), rank_zero_options(recipe.options).threads);
  const std::vector<uint8_t> bytes = encode_recipe(recipe);
  for (std::size_t r = 1; r < widths_.size(); ++r) {
    mpi::send(static_cast<int>(r), mpi::Tag::kRecipe, bytes);
  }
  std::string failure;
  for (std::size_t answers = 1; answers < widths_.size(); ++answers) {
    const mpi::Message m = mpi::wait(MPI_ANY_SOURCE);
    if (m.tag == mpi::Tag::kReady) {
      widths_[static_cast<std::size_t>(m.source)] = base::ByteReader(m.bytes).get<int32_t>();
    } else if (m.tag == mpi::Tag::kFailure && failure.empty()) {
      failure = "MPI rank " + std::to_string(m.source) +
                " could not build its evaluator: " + mpi::decode_failure(m.bytes).what;
    }
  }
  if (!failure.empty()) throw std::runtime_error(failure);
}

std::string MpiEvaluator::device() const {
  return local().device() + " on " + std::to_string(widths_.size()) + " MPI ranks";
}

std::vector<EvaluationOutcome> MpiEvaluator::evaluate(const std::vector<std::vector<double>>& x,
                                                      const std::vector<uint64_t>& seeds,
                                                      EvaluationStage stage) {
  std::vector<EvaluationOutcome> out(x.size());
  evaluate_each(x, seeds, stage,
                [&out](std::size_t row, EvaluationOutcome&& o) { out[row] = std::move(o); });
  return out;
}

void MpiEvaluator::evaluate_each(const std::vector<std::vector<double>>& x,
                                 const std::vector<uint64_t>& seeds, EvaluationStage stage,
                                 const OutcomeSink& sink) {
  BatchStream stream(x, seeds, stage);
  evaluate_stream(stream, sink);
}

void MpiEvaluator::evaluate_stream(RowStream& stream, const OutcomeSink& sink) {
  const auto start = Clock::now();
  const std::size_t ranks = widths_.size();
  double busy_s = 0.0;
  std::string failure;
  std::atomic<bool> stopped{false};  // after a failure: hand nothing more out
  std::size_t in_flight = 0;
  std::size_t taken = 0;                    // rows handed to the other ranks
  std::atomic<std::size_t> local_taken{0};  // rows rank 0's thread took
  std::vector<RowBatch> chunk_of(ranks);    // the rows each rank evaluates now (none: idle)
  std::vector<uint64_t> order_of(ranks);    // and their order's first row (rows taken before it)
  // A rank's next rows: as many as it runs at once, or (width 0, a GPU) its share of the queue.
  auto next_rows = [&](std::size_t rank) {
    const std::size_t share = std::max<std::size_t>(1, (stream.queued() + ranks - 1) / ranks);
    return stream.take(widths_[rank] > 0 ? static_cast<std::size_t>(widths_[rank]) : share);
  };

  // Every outcome goes to the sink on this thread; its wall time is its running share (seconds
  // since the stream began over the rows back so far).
  std::size_t delivered = 0;
  auto deliver = [&](const RowBatch& rows, std::vector<EvaluationOutcome>& outcomes) {
    for (std::size_t k = 0; k < outcomes.size(); ++k) {
      ++delivered;
      outcomes[k].wall_s = seconds_since(start) / static_cast<double>(delivered);
      sink(rows.ids[k], std::move(outcomes[k]));
    }
  };

  auto hand_out = [&](std::size_t rank) {
    RowBatch rows = next_rows(rank);
    if (rows.size() == 0) return false;
    mpi::WorkOrder order;
    order.first_row = taken;
    order.stage = rows.stage;
    order.x = rows.x;
    order.seeds = rows.seeds;
    mpi::send(static_cast<int>(rank), mpi::Tag::kWork, mpi::encode(order));
    order_of[rank] = taken;
    taken += rows.size();
    chunk_of[rank] = std::move(rows);
    ++in_flight;
    return true;
  };

  // Rank 0's own rows, from the same stream; its finished chunks wait in `local_results` for this
  // thread to hand them over.
  std::mutex local_mutex;
  std::vector<std::pair<RowBatch, std::vector<EvaluationOutcome>>> local_results;
  std::atomic<bool> local_finished{false};
  double local_busy_s = 0.0;
  std::string local_failure;
  std::thread local_thread([&] {
    RowBatch rows;
    base::Backoff backoff;
    try {
      while (!stopped) {
        rows = next_rows(0);
        if (rows.size() == 0) {
          if (stream.finished()) break;
          backoff.wait();
          continue;
        }
        backoff.reset();
        local_taken += rows.size();
        const auto begin = Clock::now();
        std::vector<EvaluationOutcome> outcomes =
            local_.evaluator().evaluate(rows.x, rows.seeds, rows.stage);
        if (outcomes.size() != rows.size()) {
          throw std::runtime_error("evaluator returned a wrong count");
        }
        local_busy_s += seconds_since(begin);
        const std::lock_guard<std::mutex> lock(local_mutex);
        local_results.emplace_back(std::move(rows), std::move(outcomes));
      }
    } catch (const std::exception& e) {
      local_failure = "MPI rank 0 failed on " + row_text(rows) + ": " + e.what();
      stopped = true;
    }
    local_finished = true;
  });
  // Joins rank 0's thread on every way out, also when the loop below throws.
  struct Join {
    std::atomic<bool>& stopped;
    std::thread& thread;
    ~Join() {
      stopped = true;
      thread.join();
    }
  } join{stopped, local_thread};

  std::size_t reported = 0;
  base::Backoff backoff;
  for (;;) {
    // Read before draining: rows rank 0 finished before it ended are drained below.
    const bool local_ended = local_finished;
    std::vector<std::pair<RowBatch, std::vector<EvaluationOutcome>>> local_ready;
    {
      const std::lock_guard<std::mutex> lock(local_mutex);
      local_ready.swap(local_results);
    }
    for (auto& [rows, outcomes] : local_ready) deliver(rows, outcomes);
    bool handed = false;
    if (!stopped) {
      for (std::size_t r = 1; r < ranks; ++r) {
        if (chunk_of[r].size() == 0) handed = hand_out(r) || handed;
      }
    }
    if (in_flight == 0 && local_ended) break;
    if (std::optional<mpi::Message> m = mpi::poll(MPI_ANY_SOURCE)) {
      backoff.reset();
      const auto source = static_cast<std::size_t>(m->source);
      if (m->tag == mpi::Tag::kResult) {
        mpi::WorkResult result = mpi::decode_result(m->bytes);
        const RowBatch rows = std::exchange(chunk_of[source], {});
        if (rows.size() == 0 || result.first_row != order_of[source] ||
            result.outcomes.size() != rows.size()) {
          throw std::runtime_error("MPI rank " + std::to_string(source) +
                                   " returned rows it was not given");
        }
        busy_s += result.busy_s;
        --in_flight;
        if (!stopped) hand_out(source);
        deliver(rows, result.outcomes);
      } else if (m->tag == mpi::Tag::kFailure) {
        const mpi::Failure f = mpi::decode_failure(m->bytes);
        const RowBatch rows = std::exchange(chunk_of[source], {});
        --in_flight;
        stopped = true;
        if (failure.empty()) {
          failure =
              "MPI rank " + std::to_string(source) + " failed on " + row_text(rows) + ": " + f.what;
        }
      }
    } else if (local_ready.empty() && !handed) {
      backoff.wait();
    }
    if (hooks_.on_trial_done && delivered != reported) {
      // Rows back, of those handed out so far and those queued.
      hooks_.on_trial_done(delivered, taken + local_taken + stream.queued());
    }
    reported = delivered;
  }
  if (!local_failure.empty()) throw std::runtime_error(local_failure);
  if (!failure.empty()) throw std::runtime_error(failure);

  DistributedBatch batch;
  batch.ranks = static_cast<int>(ranks);
  batch.rows = delivered;
  batch.wall_s = seconds_since(start);
  batch.busy_s = busy_s + local_busy_s;
  batch.before_s =
      last_batch_end_ ? std::chrono::duration<double>(start - *last_batch_end_).count() : 0.0;
  last_batch_end_ = Clock::now();
  if (hooks_.on_distributed_batch) hooks_.on_distributed_batch(batch);
}

}  // namespace spikefit::experiments
