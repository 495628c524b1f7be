#include "fault_handler.hpp"

#include <signal.h>

#include <cstdlib>
#include <mutex>
#include <vector>

namespace spikefit::cuda_emulation {

namespace {

thread_local FaultScope* active_scope = nullptr;
thread_local std::vector<char> alternate_stack;
struct sigaction previous_segv, previous_bus;

void on_fault(int signal, siginfo_t* info, void* context) {
  FaultScope* scope = active_scope;
  if (scope == nullptr) {
    // Not kernel code: the previous disposition takes it from here (the access faults again).
    sigaction(signal, signal == SIGSEGV ? &previous_segv : &previous_bus, nullptr);
    (void)context;
    return;
  }
  active_scope = nullptr;
  scope->describe(scope->self, info->si_addr, scope->message, sizeof scope->message);
  siglongjmp(*scope->resume, 1);
}

void install_handler() {
  struct sigaction action {};
  action.sa_sigaction = &on_fault;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  sigaction(SIGSEGV, &action, &previous_segv);
  sigaction(SIGBUS, &action, &previous_bus);
}

}  // namespace

void enter_kernel_code(FaultScope* scope) {
  static std::once_flag installed;
  std::call_once(installed, install_handler);
  if (alternate_stack.empty()) {
    alternate_stack.resize(1 << 16);
    stack_t stack{};
    stack.ss_sp = alternate_stack.data();
    stack.ss_size = alternate_stack.size();
    sigaltstack(&stack, nullptr);
  }
  active_scope = scope;
}

void leave_kernel_code() {
  active_scope = nullptr;
}

}  // namespace spikefit::cuda_emulation
