#pragma once

// User-space fibers: one stack and one saved context per emulated CUDA thread. Switching is a
// few instructions on x86-64 (callee-saved registers and the stack pointer); other
// architectures use ucontext, which is correct but about 100 times slower.

#include <cstddef>

#if !defined(__x86_64__)
#include <ucontext.h>
#endif

namespace spikefit::cuda_emulation {

// A fiber stack of `bytes` (rounded up to pages) with a PROT_NONE guard page below it, so that an
// overflow faults instead of corrupting the neighbouring stack.
class FiberStack {
 public:
  explicit FiberStack(std::size_t bytes);
  ~FiberStack();
  FiberStack(const FiberStack&) = delete;
  FiberStack& operator=(const FiberStack&) = delete;
  FiberStack(FiberStack&& other) noexcept;
  FiberStack& operator=(FiberStack&&) = delete;

  char* top() const { return usable_ + bytes_; }
  char* bottom() const { return usable_; }
  bool guard_contains(const void* address) const;

 private:
  char* mapping_ = nullptr;  // guard page, then the usable stack
  char* usable_ = nullptr;
  std::size_t bytes_ = 0;
  std::size_t page_ = 0;
};

struct FiberContext {
#if defined(__x86_64__)
  void* stack_pointer = nullptr;
#else
  ucontext_t context;
#endif
};

// Saves the running context in `from` and resumes `to`.
void switch_fiber(FiberContext& from, FiberContext& to);
// Makes `context` start entry(argument) on `stack` when it is next resumed. `entry` must never
// return (it switches away for the last time instead).
void prepare_fiber(FiberContext& context, const FiberStack& stack, void (*entry)(void*),
                   void* argument);

}  // namespace spikefit::cuda_emulation
