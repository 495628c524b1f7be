#pragma once

#include <chrono>

namespace spikefit::emulator {

// Seconds since training began, and when its first optimiser step ended.
class TrainingClock {
 public:
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  // Call after every optimiser step; the first call is kept.
  void step_done() {
    if (first_step_seconds_ < 0) first_step_seconds_ = elapsed();
  }
  double first_step_seconds() const { return first_step_seconds_ < 0 ? 0.0 : first_step_seconds_; }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  double first_step_seconds_ = -1.0;
};

}  // namespace spikefit::emulator
