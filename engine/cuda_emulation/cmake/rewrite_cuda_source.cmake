# Rewrites a .cu source into C++ for the CUDA-on-CPU layer (cmake -DIN=... -DOUT=... -P this):
#   kernel<<<grid, block[, shared[, stream]]>>>(args)  ->
#       ::spikefit::cuda_emulation::launch(kernel, "kernel", grid, block, ...)(args)
#   extern __shared__ [__align__(n)] T name[];  ->  T* const name = <the block's dynamic memory>;
#   __shared__ alignas(n) T name[N];  ->  alignas(n) __shared__ T name[N];
# A #line directive keeps diagnostics and barrier sites pointing at the original file. Every
# launch must be written in this form (one line, a plain kernel name); anything else is an error.
file(READ "${IN}" source)
string(REGEX REPLACE
  "([A-Za-z_][A-Za-z0-9_]*)<<<([^;]*)>>>\\("
  "::spikefit::cuda_emulation::launch(\\1, \"\\1\", \\2)("
  source "${source}")
string(REGEX REPLACE
  "extern[ \t]+__shared__[ \t]+(__align__\\([0-9]+\\)[ \t]+)?([^;\\[]*[^ \t;\\[])[ \t]+([A-Za-z_][A-Za-z0-9_]*)\\[\\];"
  "\\2* const \\3 = static_cast<\\2*>(::spikefit::cuda_emulation::dynamic_shared_memory());"
  source "${source}")
# `__shared__ alignas(n) T x[...]`: the alignment goes first, where C++ allows it.
string(REGEX REPLACE "__shared__[ \t]+alignas\\(([0-9]+)\\)" "alignas(\\1) __shared__"
  source "${source}")
string(FIND "${source}" "<<<" left_launch)
string(FIND "${source}" "extern __shared__" left_shared)
if(NOT left_launch EQUAL -1 OR NOT left_shared EQUAL -1)
  message(FATAL_ERROR "${IN}: a kernel launch or extern __shared__ declaration in a form the "
                      "CUDA emulation rewrite does not recognise")
endif()
file(WRITE "${OUT}.tmp" "#line 1 \"${IN}\"\n${source}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
