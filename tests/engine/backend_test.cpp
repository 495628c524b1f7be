#include "spikefit/engine/backend.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace spikefit::engine {
namespace {

TEST(Backend, ParsesTheThreeChoicesAndNamesABadOne) {
  EXPECT_EQ(parse_backend_choice("auto"), BackendChoice::kAuto);
  EXPECT_EQ(parse_backend_choice("cpu"), BackendChoice::kCpu);
  EXPECT_EQ(parse_backend_choice("cuda"), BackendChoice::kCuda);
  try {
    parse_backend_choice("gpu");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'gpu'"), std::string::npos);
  }
}

TEST(Backend, CpuIsAlwaysTheCpu) {
  const SelectedBackend b = make_ensemble(BackendChoice::kCpu);
  EXPECT_EQ(b.ensemble->backend_name(), "cpu");
  EXPECT_TRUE(b.warning.empty());
}

// Both branches are exercised by the suite: without a device (CI) and with one (gpu machines).
TEST(Backend, AutoIsCudaWithAUsableDeviceElseTheCpuWithAWarningSayingWhy) {
  const CudaDeviceStatus status = cuda_device_status();
  const SelectedBackend b = make_ensemble(BackendChoice::kAuto);
  if (status.usable) {
    EXPECT_EQ(b.ensemble->backend_name(), "cuda");
    EXPECT_EQ(b.ensemble->device_name(), status.device);
    EXPECT_TRUE(b.warning.empty());
  } else {
    EXPECT_FALSE(status.reason.empty());
    EXPECT_EQ(b.ensemble->backend_name(), "cpu");
    EXPECT_NE(b.warning.find(status.reason), std::string::npos) << b.warning;
    EXPECT_NE(b.warning.find("CPU"), std::string::npos) << b.warning;
  }
}

TEST(Backend, CudaWithoutAUsableDeviceStopsWithTheReason) {
  const CudaDeviceStatus status = cuda_device_status();
  if (status.usable) {
    EXPECT_EQ(make_ensemble(BackendChoice::kCuda).ensemble->backend_name(), "cuda");
    return;
  }
  try {
    make_ensemble(BackendChoice::kCuda);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("--backend cuda"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(status.reason), std::string::npos) << e.what();
  }
}

TEST(Backend, StatusSaysWhetherCudaIsCompiledIn) {
  const CudaDeviceStatus status = cuda_device_status();
#if defined(SPIKEFIT_TEST_WITH_CUDA)
  EXPECT_EQ(status.reason.find("not compiled in"), std::string::npos) << status.reason;
#else
  EXPECT_FALSE(status.usable);
  EXPECT_EQ(status.reason, "the CUDA backend is not compiled in");
#endif
}

}  // namespace
}  // namespace spikefit::engine
