#pragma once

// Illegal addresses in kernel code: while an OS thread runs a block, SIGSEGV and SIGBUS end that
// block with a description (the launch then fails with cudaErrorIllegalAddress, as on the
// device) instead of killing the process. Outside kernel code the previous handler runs.

#include <csetjmp>
#include <cstddef>

namespace spikefit::cuda_emulation {

struct FaultScope {
  sigjmp_buf* resume;  // where the handler jumps after a fault
  // Writes what `address` is (no allocation: it runs in the signal handler).
  void (*describe)(const void* self, const void* address, char* out, std::size_t out_size);
  const void* self;
  char message[512];
};

// Installs the handler once per process and an alternate signal stack once per OS thread.
void enter_kernel_code(FaultScope* scope);
void leave_kernel_code();

}  // namespace spikefit::cuda_emulation
