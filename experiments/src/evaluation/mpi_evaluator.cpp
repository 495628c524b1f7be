#include "spikefit/experiments/evaluation/mpi_evaluator.hpp"

#include <mpi.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <tuple>

#include "mpi_messages.hpp"
#include "spikefit/base/byte_buffer.hpp"
#include "spikefit/experiments/evaluation/mpi_session.hpp"

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

// The rows of a batch not yet handed out, shared by the main thread (for the other ranks) and
// rank 0's evaluating thread; closed after a failure.
class RowQueue {
 public:
  explicit RowQueue(std::size_t rows) : rows_(rows) {}
  // [first, first + n) with n <= most (most 0: `share` rows); n = 0 when none is left.
  std::pair<std::size_t, std::size_t> take(std::size_t most, std::size_t share) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return {next_, 0};
    const std::size_t n = std::min(most > 0 ? most : share, rows_ - next_);
    next_ += n;
    return {next_ - n, n};
  }
  void close() {
    const std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
  }

 private:
  std::mutex mutex_;
  std::size_t rows_;
  std::size_t next_ = 0;
  bool closed_ = false;
};

std::string row_text(const std::vector<uint64_t>& seeds, std::size_t first, std::size_t n) {
  std::string text = n == 1 ? "row " + std::to_string(first)
                            : "rows " + std::to_string(first) + "-" + std::to_string(first + n - 1);
  text += " of the batch (trial seed" + std::string(n == 1 ? " " : "s ");
  for (std::size_t k = first; k < first + n; ++k) {
    text += (k > first ? ", " : "") + std::to_string(seeds[k]);
  }
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
  if (x.size() != seeds.size()) throw std::invalid_argument("x and seeds differ in length");
  const auto start = Clock::now();
  const std::size_t rows = x.size();
  const std::size_t ranks = widths_.size();
  const std::size_t share = std::max<std::size_t>(1, (rows + ranks - 1) / ranks);
  RowQueue queue(rows);
  double busy_s = 0.0;
  std::string failure;
  std::size_t in_flight = 0;
  std::vector<std::pair<std::size_t, std::size_t>> chunk_of(ranks);  // [first, n) per rank

  // Every outcome goes to the sink on this thread; its wall time is the batch's running share
  // (seconds since the batch began over the rows back so far).
  std::size_t delivered = 0;
  auto deliver = [&](std::size_t first, std::vector<EvaluationOutcome>& outcomes) {
    for (std::size_t k = 0; k < outcomes.size(); ++k) {
      ++delivered;
      outcomes[k].wall_s = seconds_since(start) / static_cast<double>(delivered);
      sink(first + k, std::move(outcomes[k]));
    }
  };

  auto hand_out = [&](std::size_t rank) {
    const auto [first, n] = queue.take(static_cast<std::size_t>(widths_[rank]), share);
    if (n == 0) return;
    mpi::WorkOrder order;
    order.first_row = first;
    order.stage = stage;
    order.x.assign(x.begin() + static_cast<std::ptrdiff_t>(first),
                   x.begin() + static_cast<std::ptrdiff_t>(first + n));
    order.seeds.assign(seeds.begin() + static_cast<std::ptrdiff_t>(first),
                       seeds.begin() + static_cast<std::ptrdiff_t>(first + n));
    mpi::send(static_cast<int>(rank), mpi::Tag::kWork, mpi::encode(order));
    chunk_of[rank] = {first, n};
    ++in_flight;
  };
  for (std::size_t r = 1; r < ranks; ++r) hand_out(r);

  // Rank 0's own rows, from the same queue; its finished chunks wait in `local_results` for this
  // thread to hand them over.
  std::mutex local_mutex;
  std::vector<std::pair<std::size_t, std::vector<EvaluationOutcome>>> local_results;
  std::atomic<bool> local_finished{false};
  double local_busy_s = 0.0;
  std::string local_failure;
  std::thread local_thread([&] {
    std::size_t first = 0;
    std::size_t n = 0;
    try {
      for (;;) {
        std::tie(first, n) = queue.take(static_cast<std::size_t>(widths_[0]), share);
        if (n == 0) break;
        const auto begin = Clock::now();
        const std::vector<std::vector<double>> part(
            x.begin() + static_cast<std::ptrdiff_t>(first),
            x.begin() + static_cast<std::ptrdiff_t>(first + n));
        const std::vector<uint64_t> part_seeds(
            seeds.begin() + static_cast<std::ptrdiff_t>(first),
            seeds.begin() + static_cast<std::ptrdiff_t>(first + n));
        std::vector<EvaluationOutcome> outcomes =
            local_.evaluator().evaluate(part, part_seeds, stage);
        if (outcomes.size() != n) throw std::runtime_error("evaluator returned a wrong count");
        local_busy_s += seconds_since(begin);
        const std::lock_guard<std::mutex> lock(local_mutex);
        local_results.emplace_back(first, std::move(outcomes));
      }
    } catch (const std::exception& e) {
      local_failure = "MPI rank 0 failed on " + row_text(seeds, first, n) + ": " + e.what();
      queue.close();
    }
    local_finished = true;
  });
  // Joins rank 0's thread on every way out, also when the loop below throws.
  struct Join {
    RowQueue& queue;
    std::thread& thread;
    ~Join() {
      queue.close();
      thread.join();
    }
  } join{queue, local_thread};

  std::size_t reported = 0;
  mpi::Backoff backoff;
  for (;;) {
    // Read before draining: rows rank 0 finished before it ended are drained below.
    const bool local_ended = local_finished;
    std::vector<std::pair<std::size_t, std::vector<EvaluationOutcome>>> local_ready;
    {
      const std::lock_guard<std::mutex> lock(local_mutex);
      local_ready.swap(local_results);
    }
    for (auto& [first, outcomes] : local_ready) deliver(first, outcomes);
    if (in_flight == 0 && local_ended) break;
    if (std::optional<mpi::Message> m = mpi::poll(MPI_ANY_SOURCE)) {
      backoff.reset();
      const auto source = static_cast<std::size_t>(m->source);
      if (m->tag == mpi::Tag::kResult) {
        mpi::WorkResult result = mpi::decode_result(m->bytes);
        if (result.first_row != chunk_of[source].first ||
            result.outcomes.size() != chunk_of[source].second) {
          throw std::runtime_error("MPI rank " + std::to_string(source) +
                                   " returned rows it was not given");
        }
        busy_s += result.busy_s;
        --in_flight;
        hand_out(source);
        deliver(result.first_row, result.outcomes);
      } else if (m->tag == mpi::Tag::kFailure) {
        const mpi::Failure f = mpi::decode_failure(m->bytes);
        --in_flight;
        queue.close();
        if (failure.empty()) {
          const auto [first, n] = chunk_of[source];
          failure = "MPI rank " + std::to_string(source) + " failed on " +
                    row_text(seeds, first, n) + ": " + f.what;
        }
      }
    } else if (local_ready.empty()) {
      backoff.wait();
    }
    if (hooks_.on_trial_done && delivered != reported) hooks_.on_trial_done(delivered, rows);
    reported = delivered;
  }
  if (!local_failure.empty()) throw std::runtime_error(local_failure);
  if (!failure.empty()) throw std::runtime_error(failure);

  DistributedBatch batch;
  batch.ranks = static_cast<int>(ranks);
  batch.rows = rows;
  batch.wall_s = seconds_since(start);
  batch.busy_s = busy_s + local_busy_s;
  batch.before_s =
      last_batch_end_ ? std::chrono::duration<double>(start - *last_batch_end_).count() : 0.0;
  last_batch_end_ = Clock::now();
  if (hooks_.on_distributed_batch) hooks_.on_distributed_batch(batch);
}

}  // namespace spikefit::experiments
