#pragma once

#include <algorithm>
#include <chrono>
#include <thread>

namespace spikefit::base {

// A polling loop's sleep: 50 us, doubling to at most 2 ms while nothing happens; reset() after
// something did.
class Backoff {
 public:
  void wait() {
    std::this_thread::sleep_for(std::chrono::microseconds(sleep_us_));
    sleep_us_ = std::min(2 * sleep_us_, kMostUs);
  }
  void reset() { sleep_us_ = kFirstUs; }

 private:
  static constexpr int kFirstUs = 50;
  static constexpr int kMostUs = 2000;
  int sleep_us_ = kFirstUs;
};

}  // namespace spikefit::base
