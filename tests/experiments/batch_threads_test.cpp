#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "spikefit/engine/ensemble.hpp"
#include "spikefit/stats/statistics_batch.hpp"

namespace spikefit::experiments {
namespace {

using Clock = std::chrono::steady_clock;

// Two tasks that each record when they start and end and, in between, wait (at most 2 s) for the
// other to start: run concurrently, their intervals overlap; run one after the other, the first
// ends before the second starts.
struct Rendezvous {
  std::atomic<int> started{0};
  Clock::time_point start[2], end[2];

  void task(std::size_t k) {
    start[k] = Clock::now();
    ++started;
    const auto deadline = start[k] + std::chrono::seconds(2);
    while (started.load() < 2 && Clock::now() < deadline) std::this_thread::yield();
    end[k] = Clock::now();
  }
  bool overlapped() const { return start[0] < end[1] && start[1] < end[0]; }
};

class RendezvousNetwork final : public engine::Network {
 public:
  explicit RendezvousNetwork(Rendezvous& rendezvous) : rendezvous_(rendezvous) {}
  const char* model() const override { return "rendezvous"; }
  engine::TrialRecording simulate_cpu(uint64_t seed) const override {
    rendezvous_.task(static_cast<std::size_t>(seed));
    return {};
  }

 private:
  Rendezvous& rendezvous_;
};

class BatchThreads : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "one hardware thread";
    // What every GP fit does first: LibTorch initialises its thread settings, which sets the
    // OpenMP default thread count of the process to its intra-op count.
    (void)at::get_num_threads();
  }
};

TEST_F(BatchThreads, TheDefaultRunsTheTrialsOfABatchConcurrentlyAfterLibTorchStarts) {
  Rendezvous rendezvous;
  const auto network = std::make_shared<RendezvousNetwork>(rendezvous);
  engine::RunOptions options;  // threads = 0: the default of every command
  engine::make_cpu_ensemble()->run({{network, 0}, {network, 1}}, options);
  EXPECT_TRUE(rendezvous.overlapped()) << "the two trials ran one after the other";
}

TEST_F(BatchThreads, TheDefaultComputesTheStatisticsOfABatchConcurrentlyAfterLibTorchStarts) {
  Rendezvous rendezvous;
  stats::compute_batch(2, 0, [&](std::size_t k) {
    rendezvous.task(k);
    return stats::Statistics{};
  });
  EXPECT_TRUE(rendezvous.overlapped()) << "the two statistics ran one after the other";
}

}  // namespace
}  // namespace spikefit::experiments
