# LibTorch's <ATen/ATen.h> takes about 15 s to parse, about three quarters of the time of a file
# that includes it (directly or through the surrogate, acquisition or emulator headers). Such files
# share a precompiled header, one per kind of object: gcc refuses a header precompiled for a
# library (-fPIC) in an executable (-fPIE) and the other way round. Included where LibTorch is.

set(SPIKEFIT_TORCH_PCH_DIR ${CMAKE_CURRENT_LIST_DIR}/torch_pch)

add_library(spikefit_torch_pch_library OBJECT ${SPIKEFIT_TORCH_PCH_DIR}/donor.cpp)
target_link_libraries(spikefit_torch_pch_library PRIVATE ${TORCH_LIBRARIES})
target_precompile_headers(spikefit_torch_pch_library PRIVATE <ATen/ATen.h>)
# The same warning options as the users: -Wpedantic changes the predefined macros.
target_compile_options(spikefit_torch_pch_library PRIVATE ${SPIKEFIT_WARNINGS})

# spikefit_torch_pch(TARGET [OWN] [SKIP source...]): TARGET's files include the precompiled LibTorch
# header (with GoogleTest's for executables, the tests), but the SKIP ones, which do not include
# LibTorch and would only pay for loading it. OWN: TARGET precompiles its own copy, as it must when
# its options change what the header defines (-fopenmp: _OPENMP).
function(spikefit_torch_pch target)
  cmake_parse_arguments(P "OWN" "" "SKIP" ${ARGN})
  get_target_property(type ${target} TYPE)
  if(P_OWN)
    target_precompile_headers(${target} PRIVATE <ATen/ATen.h>)
  elseif(type STREQUAL "EXECUTABLE")
    if(NOT TARGET spikefit_torch_pch_test)
      add_executable(spikefit_torch_pch_test ${SPIKEFIT_TORCH_PCH_DIR}/donor_main.cpp)
      target_link_libraries(spikefit_torch_pch_test PRIVATE ${TORCH_LIBRARIES} GTest::gtest)
      target_precompile_headers(spikefit_torch_pch_test PRIVATE <ATen/ATen.h> <gtest/gtest.h>)
      target_compile_options(spikefit_torch_pch_test PRIVATE ${SPIKEFIT_WARNINGS})
    endif()
    target_precompile_headers(${target} REUSE_FROM spikefit_torch_pch_test)
  else()
    target_precompile_headers(${target} REUSE_FROM spikefit_torch_pch_library)
  endif()
  if(P_SKIP)
    set_source_files_properties(${P_SKIP} TARGET_DIRECTORY ${target}
      PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
  endif()
endfunction()
