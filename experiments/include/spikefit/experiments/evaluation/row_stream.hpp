#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

#include "spikefit/experiments/evaluation/evaluator.hpp"

namespace spikefit::experiments {

// Rows of one stage handed to an evaluator together: ids [n] (the keys of their outcomes in the
// sink), points x [n x D] in physical units and trial seeds [n].
struct RowBatch {
  EvaluationStage stage = EvaluationStage::kFull;
  std::vector<std::size_t> ids;
  std::vector<std::vector<double>> x;
  std::vector<uint64_t> seeds;
  std::size_t size() const { return ids.size(); }
};

// Rows an evaluator takes while it runs (asynchronous batches): the fit loop adds a round's rows
// as soon as it is proposed and a screened row's full run as soon as its screen passes, so idle
// evaluators start the next round while the tail of the current one runs. take() and queued()
// may be called from several threads; outcomes go to the evaluator's sink on the calling thread.
class RowStream {
 public:
  virtual ~RowStream() = default;
  // Up to `most` rows (0: every queued row of the first row's stage), all of one stage; none when
  // nothing can be handed out now.
  virtual RowBatch take(std::size_t most) = 0;
  // Rows that take() would hand out now (a hint for sharing them out).
  virtual std::size_t queued() const = 0;
  // True once take() will never hand out a row again (an evaluator returns when this holds and
  // every row it took is delivered). A stream whose deliveries add rows is finished only when
  // nothing it handed out is still in flight.
  virtual bool finished() const = 0;
};

// A fixed batch (X [B x D], seeds [B], one stage) as a stream; ids are the row indices.
class BatchStream final : public RowStream {
 public:
  BatchStream(const std::vector<std::vector<double>>& x, const std::vector<uint64_t>& seeds,
              EvaluationStage stage);
  RowBatch take(std::size_t most) override;
  std::size_t queued() const override;
  bool finished() const override;  // every row taken

 private:
  const std::vector<std::vector<double>>& x_;
  const std::vector<uint64_t>& seeds_;
  EvaluationStage stage_;
  mutable std::mutex mutex_;
  std::size_t next_ = 0;
};

}  // namespace spikefit::experiments
