// One GPU per rank of an MPI job (issue 19): the CUDA_VISIBLE_DEVICES each rank gets.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "spikefit/experiments/evaluation/rank_device.hpp"
#include "temp_path.hpp"

namespace spikefit::experiments {
namespace {

TEST(RankDevice, TheRanksOfANodeShareItsGpusOutByLocalRank) {
  // 4 ranks, 2 GPUs, nothing set by the launcher: 0, 1, 0, 1.
  EXPECT_EQ(device_for_local_rank(0, 4, nullptr, 2), "0");
  EXPECT_EQ(device_for_local_rank(1, 4, nullptr, 2), "1");
  EXPECT_EQ(device_for_local_rank(2, 4, nullptr, 2), "0");
  EXPECT_EQ(device_for_local_rank(3, 4, nullptr, 2), "1");
  // A launcher's list of the node's devices (Slurm --gres=gpu:4) is shared out the same way.
  EXPECT_EQ(device_for_local_rank(1, 2, "2,3", 8), "3");
  EXPECT_EQ(device_for_local_rank(2, 3, "GPU-a1,GPU-b2", 0), "GPU-a1");
}

TEST(RankDevice, OneRankOneVisibleDeviceOrNoGpuLeavesCudasChoice) {
  EXPECT_FALSE(device_for_local_rank(0, 1, nullptr, 4));  // one rank on the node
  EXPECT_FALSE(device_for_local_rank(1, 2, "1", 4));      // srun --gpus-per-task=1
  EXPECT_FALSE(device_for_local_rank(1, 2, "", 4));       // no device at all
  EXPECT_FALSE(device_for_local_rank(1, 2, nullptr, 1));  // one GPU: every rank shares it
  EXPECT_FALSE(device_for_local_rank(1, 2, nullptr, 0));  // CPU node
}

TEST(RankDevice, GpusAreCountedFromTheDriversDeviceFiles) {
  const std::filesystem::path dev = testing::fresh_temp_path("spikefit_rank_device_dev");
  std::filesystem::remove_all(dev);
  std::filesystem::create_directories(dev / "nvidia-caps");
  for (const char* name : {"nvidia0", "nvidia1", "nvidia12", "nvidiactl", "nvidia-uvm", "null"}) {
    std::ofstream(dev / name).put('\0');
  }
  EXPECT_EQ(count_gpu_device_files(dev.string()), 3);
  EXPECT_EQ(count_gpu_device_files((dev / "missing").string()), 0);
  std::filesystem::remove_all(dev);
}

}  // namespace
}  // namespace spikefit::experiments
