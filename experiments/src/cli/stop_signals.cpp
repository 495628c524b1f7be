#include "spikefit/experiments/cli/stop_signals.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>

namespace spikefit::experiments {
namespace {

std::atomic<bool> requested{false};
struct sigaction previous_int, previous_term;

extern "C" void on_stop_signal(int signal) {
  if (requested.exchange(true)) {
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  static const char message[] =
      "\nspikefit: stopping after the evaluations under way (every finished one is stored); "
      "signal again to stop at once\n";
  const ssize_t written = write(STDERR_FILENO, message, sizeof message - 1);
  (void)written;
}

}  // namespace

StopSignals::StopSignals() {
  requested = false;
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
}

bool stop_requested() {
  return requested.load();
}

}  // namespace spikefit::experiments
