# find_package(pipewright 9.0 CONFIG REQUIRED) must fail against the 0.1 build tree, with a
# message naming both versions; the same project asking for 0.1 must configure (cmake -P).
#   PIPEWRIGHT_BINARY_DIR the build tree with pipewrightConfig.cmake and its version file
#   GENERATOR             the parent build's generator
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

set(_source "${CMAKE_CURRENT_LIST_DIR}/version_mismatch")
set(_args -G "${GENERATOR}" "-Dpipewright_DIR=${PIPEWRIGHT_BINARY_DIR}")

# Positive control: without it a missing or broken config file would also "fail as wanted".
pw_run(configure-0.1 COMMAND "${CMAKE_COMMAND}" -S "${_source}" -B "${WORK_DIR}/ok"
       ${_args} -DREQUESTED=0.1)

pw_run(configure-9.0 MAY_FAIL RESULT_VARIABLE _rc OUTPUT_VARIABLE _out
       COMMAND "${CMAKE_COMMAND}" -S "${_source}" -B "${WORK_DIR}/mismatch" ${_args} -DREQUESTED=9.0)
if(_rc STREQUAL "0")
  message(FATAL_ERROR "find_package(pipewright 9.0) configured against pipewright ${VERSION}; "
                      "it must fail:\n${_out}")
endif()
string(REPLACE "\n" " " _flat "${_out}")
string(REGEX REPLACE " +" " " _flat "${_flat}")
if(NOT _flat MATCHES "requested version \"9\\.0\"" OR NOT _flat MATCHES "version: ${VERSION}")
  message(FATAL_ERROR "configuration failed, but the message does not name the requested "
                      "version 9.0 and the found version ${VERSION}:\n${_out}")
endif()
message(STATUS "find_package(pipewright 9.0) failed as it must:\n${_out}")
