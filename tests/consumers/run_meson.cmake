# Builds and runs a meson project that has pipewright as subprojects/pipewright (cmake -P).
# Skipped when meson or ninja is not installed.
#   PIPEWRIGHT_SOURCE_DIR pipewright's source tree (with meson.build)
#   CXX_COMPILER          the parent build's compiler (given to meson as CXX)
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

find_program(MESON_PROGRAM NAMES meson)
find_program(NINJA_PROGRAM NAMES ninja ninja-build samu)
if(NOT MESON_PROGRAM)
  pw_skip("meson is not installed; install it (apt-get install meson) to run this test")
endif()
if(NOT NINJA_PROGRAM)
  pw_skip("ninja is not installed; meson's ninja backend needs it")
endif()

# The consumer project, with pipewright's source tree as its subproject: a symbolic link,
# or where links are not available a copy of what meson reads.
set(_src "${WORK_DIR}/src")
file(MAKE_DIRECTORY "${_src}/subprojects")
file(COPY "${CMAKE_CURRENT_LIST_DIR}/meson/meson.build" "${CMAKE_CURRENT_LIST_DIR}/consumer.cpp"
          "${CMAKE_CURRENT_LIST_DIR}/separate_mode.cpp"
     DESTINATION "${_src}")
file(CREATE_LINK "${PIPEWRIGHT_SOURCE_DIR}" "${_src}/subprojects/pipewright" SYMBOLIC
     RESULT _link_rc)
if(NOT _link_rc STREQUAL "0")
  message(STATUS "no symbolic link (${_link_rc}); copying the subproject")
  file(COPY "${PIPEWRIGHT_SOURCE_DIR}/meson.build" "${PIPEWRIGHT_SOURCE_DIR}/meson_options.txt"
            "${PIPEWRIGHT_SOURCE_DIR}/include" "${PIPEWRIGHT_SOURCE_DIR}/src"
       DESTINATION "${_src}/subprojects/pipewright")
endif()

set(ENV{CXX} "${CXX_COMPILER}")
set(_build "${WORK_DIR}/build")
pw_run(setup OUTPUT_VARIABLE _setup COMMAND "${MESON_PROGRAM}" setup "${_build}" "${_src}"
       --backend=ninja --wrap-mode=nodownload --buildtype=plain)
# meson.build states the version again; it must agree with CMake's and version.hpp's.
if(NOT _setup MATCHES "pipewright version: ${VERSION}\n")
  message(FATAL_ERROR "meson's pipewright dependency does not have version ${VERSION}:\n${_setup}")
endif()
pw_run(compile COMMAND "${MESON_PROGRAM}" compile -C "${_build}")
pw_check_program("${_build}/consumer${CMAKE_EXECUTABLE_SUFFIX}")
pw_check_program("${_build}/consumer_compiled${CMAKE_EXECUTABLE_SUFFIX}")
