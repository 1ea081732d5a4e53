# Profile-guided optimisation of the product's code (src/) with GCC.
#
# A nested build of this source tree (under <build>/pgo) compiles src/ with -fprofile-generate and
# runs the instrumented treatykg on a training corpus (cmake/PgoTrain.cmake); src/ in this build then
# compiles with -fprofile-use. The branches and inlining then follow what articles actually exercise:
# about 10% less CPU end to end (docs/benchmarks.md). Output bytes do not change; the tests run on the
# optimised build.
#
# On for Release builds with GCC (not under the sanitizers); -DTREATYKG_PGO=OFF builds without. The
# nested build runs on every `cmake --build` (incremental: only what changed recompiles), so the
# profile always matches the sources being compiled.
#
# Sets TREATYKG_PGO_COMPILE_OPTIONS, which src/CMakeLists.txt applies to the product's code only
# (tests and benchmarks compile as usual), and, when optimising, the target treatykg_pgo_profile
# that every product target waits for.

set(TREATYKG_PGO_COMPILE_OPTIONS "")
# With a profile, GCC 12's generic x86-64 tuning expands copies of profiled sizes (the 20-200 byte
# terms of a line) as `rep movsq`, slow to start on current cores: a third of the line encoder's time
# (perf, AMD EPYC). The C library's memcpy is faster for them.
set(_pgo_stringops "")
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  set(_pgo_stringops -mstringop-strategy=libcall)
endif()
# -fprofile-prefix-path keeps the profile's file names relative to the build folder, so the nested
# build's profile matches this build's object files.
if(TREATYKG_PGO_GENERATE)
  # The nested, instrumented build. Counters are updated atomically: training runs two threads.
  set(TREATYKG_PGO_COMPILE_OPTIONS -fprofile-generate=${TREATYKG_PGO_GENERATE}
      -fprofile-prefix-path=${PROJECT_BINARY_DIR} -fprofile-update=prefer-atomic ${_pgo_stringops})
  add_link_options(-fprofile-generate)
  return()
endif()

if(NOT TREATYKG_PGO OR TREATYKG_SANITIZE OR NOT CMAKE_BUILD_TYPE STREQUAL "Release"
   OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  return()
endif()

include(ExternalProject)
set(_pgo_dir ${PROJECT_BINARY_DIR}/pgo)
if(CMAKE_GENERATOR MATCHES "Make")
  set(_pgo_build $(MAKE) treatykg extract_corpus_gen)  # shares the outer make's jobs
else()
  set(_pgo_build ${CMAKE_COMMAND} --build <BINARY_DIR> --target treatykg extract_corpus_gen --parallel)
endif()
ExternalProject_Add(treatykg_pgo_profile
  SOURCE_DIR ${PROJECT_SOURCE_DIR}
  PREFIX ${_pgo_dir}
  BINARY_DIR ${_pgo_dir}/build
  CMAKE_ARGS
    -DCMAKE_BUILD_TYPE=Release
    -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
    "-DCMAKE_CXX_FLAGS=${CMAKE_CXX_FLAGS}"
    -DBUILD_TESTING=OFF
    -DTREATYKG_PGO=OFF
    -DTREATYKG_PGO_GENERATE=${_pgo_dir}/profile
    -DTREATYKG_MIMALLOC=${TREATYKG_MIMALLOC}
    -DTREATYKG_WERROR=${TREATYKG_WERROR}
  BUILD_COMMAND ${_pgo_build}
  BUILD_ALWAYS ON
  # The "install" step is the training run.
  INSTALL_COMMAND ${CMAKE_COMMAND}
    -DTREATYKG=<BINARY_DIR>/treatykg
    -DCORPUS_GEN=<BINARY_DIR>/bench/extract/extract_corpus_gen
    -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
    -DPROFILE_DIR=${_pgo_dir}/profile
    -DWORK_DIR=${_pgo_dir}/train
    -P ${PROJECT_SOURCE_DIR}/cmake/PgoTrain.cmake)
set(TREATYKG_PGO_COMPILE_OPTIONS -fprofile-use=${_pgo_dir}/profile -fprofile-prefix-path=${PROJECT_BINARY_DIR}
    # Code the training did not run is optimised as usual, not for size.
    -fprofile-partial-training
    # Files the training did not reach have no profile; that is expected, not a problem.
    -Wno-missing-profile
    ${_pgo_stringops})
message(STATUS "treatykg: profile-guided optimisation on (a training build runs under ${_pgo_dir}; -DTREATYKG_PGO=OFF to skip)")
