#include "spikefit/engine/backend.hpp"

#include <gtest/gtest.h>

namespace spikefit::engine::bg {
namespace {

TEST(BgBackend, CpuIsAlwaysAvailable) {
  EXPECT_EQ(make_ensemble(BackendChoice::kCpu).ensemble->backend_name(), "cpu");
}

TEST(BgBackend, AutoAndCudaFollowTheDeviceStatus) {
  const CudaDeviceStatus status = cuda_device_status();
  const SelectedBackend selected = make_ensemble(BackendChoice::kAuto);
  if (status.usable) {
    EXPECT_EQ(selected.ensemble->backend_name(), "cuda");
    EXPECT_TRUE(selected.warning.empty());
    EXPECT_EQ(make_ensemble(BackendChoice::kCuda).ensemble->backend_name(), "cuda");
    return;
  }
  EXPECT_EQ(selected.ensemble->backend_name(), "cpu");
  EXPECT_NE(selected.warning.find(status.reason), std::string::npos) << selected.warning;
  try {
    make_ensemble(BackendChoice::kCuda);
    ADD_FAILURE() << "--backend cuda without a usable device must throw";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(status.reason), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace spikefit::engine::bg
