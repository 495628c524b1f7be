#pragma once

// Marks functions shared verbatim by the CPU backend and the CUDA backend.
#if defined(__CUDACC__)
#define SPIKEFIT_HD __host__ __device__ __forceinline__
#else
#define SPIKEFIT_HD inline
#endif
