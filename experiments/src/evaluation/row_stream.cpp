#include "spikefit/experiments/evaluation/row_stream.hpp"

#include <algorithm>
#include <stdexcept>

namespace spikefit::experiments {

BatchStream::BatchStream(const std::vector<std::vector<double>>& x,
                         const std::vector<uint64_t>& seeds, EvaluationStage stage)
    : x_(x), seeds_(seeds), stage_(stage) {
  if (x.size() != seeds.size()) throw std::invalid_argument("x and seeds differ in length");
}

RowBatch BatchStream::take(std::size_t most) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const std::size_t left = x_.size() - next_;
  const std::size_t n = most > 0 ? std::min(most, left) : left;
  RowBatch batch;
  batch.stage = stage_;
  for (std::size_t k = next_; k < next_ + n; ++k) {
    batch.ids.push_back(k);
    batch.x.push_back(x_[k]);
    batch.seeds.push_back(seeds_[k]);
  }
  next_ += n;
  return batch;
}

std::size_t BatchStream::queued() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return x_.size() - next_;
}

bool BatchStream::finished() const {
  return queued() == 0;
}

}  // namespace spikefit::experiments
