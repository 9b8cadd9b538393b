# Configures, builds and runs a CMake consumer project of pipewright (cmake -P).
#   MODE                  add_subdirectory | build_tree | installed
#   PIPEWRIGHT_SOURCE_DIR pipewright's source tree
#   PIPEWRIGHT_BINARY_DIR the build tree the tests run in (exported targets, install rules)
#   GENERATOR, CXX_COMPILER, MAKE_PROGRAM, CONFIG   the parent build's settings
#   COMPILER_ID           the compiler's CMAKE_CXX_COMPILER_ID
#   EXPECT_COMPILED       the parent build has pipewright::compiled: the find_package modes
#                         build and run the consumer against it too
# MODE=installed also checks the installed pipewright.pc: its flags must point into the
# prefix and build the consumer (skipped with a message when pkg-config is not installed).
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

set(_here "${CMAKE_CURRENT_LIST_DIR}")
set(_build "${WORK_DIR}/build")
set(_args -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DEXPECT_VERSION=${VERSION}")
if(MAKE_PROGRAM)
  list(APPEND _args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
set(_config_args "")
if(CONFIG)
  set(_config_args --config "${CONFIG}")
endif()

if(MODE STREQUAL "add_subdirectory")
  set(_source "${_here}/add_subdirectory")
  list(APPEND _args "-DPIPEWRIGHT_SOURCE_DIR=${PIPEWRIGHT_SOURCE_DIR}")
elseif(MODE STREQUAL "build_tree")
  set(_source "${_here}/find_package")
  list(APPEND _args "-DEXPECT_COMPILED=${EXPECT_COMPILED}")
  list(APPEND _args "-Dpipewright_DIR=${PIPEWRIGHT_BINARY_DIR}"
       "-DEXPECT_CONFIG_DIR=${PIPEWRIGHT_BINARY_DIR}"
       "-DEXPECT_INCLUDE_DIR=${PIPEWRIGHT_SOURCE_DIR}/include")
elseif(MODE STREQUAL "installed")
  set(_source "${_here}/find_package")
  set(_prefix "${WORK_DIR}/prefix")
  list(APPEND _args "-DEXPECT_COMPILED=${EXPECT_COMPILED}")
  pw_run(install COMMAND "${CMAKE_COMMAND}" --install "${PIPEWRIGHT_BINARY_DIR}"
         --prefix "${_prefix}" ${_config_args})
  list(APPEND _args "-DCMAKE_PREFIX_PATH=${_prefix}" "-DEXPECT_CONFIG_DIR=${_prefix}"
       "-DEXPECT_INCLUDE_DIR=${_prefix}/include")
else()
  message(FATAL_ERROR "unknown MODE '${MODE}'")
endif()

pw_run(configure COMMAND "${CMAKE_COMMAND}" -S "${_source}" -B "${_build}" ${_args})
pw_run(build COMMAND "${CMAKE_COMMAND}" --build "${_build}" ${_config_args})
pw_check_program("${_build}/bin/consumer${CMAKE_EXECUTABLE_SUFFIX}")
if(EXPECT_COMPILED AND NOT MODE STREQUAL "add_subdirectory")
  pw_check_program("${_build}/bin/consumer_compiled${CMAKE_EXECUTABLE_SUFFIX}")
endif()

if(MODE STREQUAL "installed")
  # The installed pkg-config file must point into the prefix it was installed to.
  if(NOT PKG_CONFIG)
    find_program(PKG_CONFIG NAMES pkg-config pkgconf)
  endif()
  if(NOT PKG_CONFIG)
    message(STATUS "pkg-config was not found: the pipewright.pc check is skipped")
    return()
  endif()
  set(ENV{PKG_CONFIG_PATH} "${_prefix}/share/pkgconfig")
  pw_run(pkg-config-version OUTPUT_VARIABLE _pc_version
         COMMAND "${PKG_CONFIG}" --modversion pipewright)
  string(STRIP "${_pc_version}" _pc_version)
  if(NOT _pc_version STREQUAL VERSION)
    message(FATAL_ERROR "pkg-config --modversion pipewright gave '${_pc_version}', expected '${VERSION}'")
  endif()
  pw_run(pkg-config-cflags OUTPUT_VARIABLE _pc_cflags COMMAND "${PKG_CONFIG}" --cflags pipewright)
  string(STRIP "${_pc_cflags}" _pc_cflags)
  separate_arguments(_pc_flags UNIX_COMMAND "${_pc_cflags}")
  set(_pc_includes "")
  foreach(_flag IN LISTS _pc_flags)
    if(_flag MATCHES "^-I(.+)$")
      list(APPEND _pc_includes "${CMAKE_MATCH_1}")
    endif()
  endforeach()
  file(REAL_PATH "${_prefix}/include" _want_include)
  set(_ok FALSE)
  foreach(_dir IN LISTS _pc_includes)
    file(REAL_PATH "${_dir}" _dir)
    if(_dir STREQUAL _want_include AND EXISTS "${_dir}/pipewright/pipewright.hpp")
      set(_ok TRUE)
    endif()
  endforeach()
  if(NOT _ok)
    message(FATAL_ERROR "pkg-config --cflags pipewright gave '${_pc_cflags}': no -I for the "
                        "installed headers in ${_prefix}/include")
  endif()
  message(STATUS "pkg-config --cflags pipewright: ${_pc_cflags}")
  if(NOT COMPILER_ID STREQUAL "MSVC")
    set(_program "${WORK_DIR}/consumer_pkgconfig${CMAKE_EXECUTABLE_SUFFIX}")
    pw_run(pkg-config-compile COMMAND "${CXX_COMPILER}" ${_pc_flags}
           "${_here}/consumer.cpp" -o "${_program}")
    pw_check_program("${_program}")
  endif()
endif()
