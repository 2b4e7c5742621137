// The CPU backend: path_kernel.inl through Thrust's OpenMP system, compiled once per ISA level
// (JEVONS_CPU_VARIANT = generic | avx2 | avx512, see compute/CMakeLists.txt).
#include <omp.h>
#include <thrust/system/omp/execution_policy.h>

#define JEVONS_PASTE2(a, b) a##b
#define JEVONS_PASTE(a, b) JEVONS_PASTE2(a, b)
#define JEVONS_BACKEND_NS JEVONS_PASTE(cpu_, JEVONS_CPU_VARIANT)

#include "path_kernel.inl"
