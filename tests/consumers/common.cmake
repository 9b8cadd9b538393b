# Helpers for the packaging tests' driver scripts (cmake -P). Inputs every driver gets:
#   WORK_DIR   scratch directory, emptied first     VERSION   the project's version
#   EXPECTED   consumer.expected (@PW_VERSION@ is replaced by VERSION)
cmake_minimum_required(VERSION 3.21)

foreach(_pw_var IN ITEMS WORK_DIR VERSION EXPECTED)
  if(NOT DEFINED ${_pw_var})
    message(FATAL_ERROR "${CMAKE_SCRIPT_MODE_FILE}: -D${_pw_var}=... is required")
  endif()
endforeach()

# pw_skip(<why>): ends the script as a skipped test. The test has SKIP_RETURN_CODE 77 and
# SKIP_REGULAR_EXPRESSION "[pipewright-skip]" (CMake < 3.29 cannot exit with 77 from a script).
# Call it at file scope only: its return() ends the script.
macro(pw_skip why)
  message("[pipewright-skip] ${why}")
  if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.29)
    cmake_language(EXIT 77)
  endif()
  return()
endmacro()

# pw_run(<step> [WORKING_DIRECTORY <dir>] [MAY_FAIL] [RESULT_VARIABLE <rc>]
#        [OUTPUT_VARIABLE <out>] COMMAND <cmd>...): runs one step, stdout and stderr merged;
# stops the test with the step's output when it fails, unless MAY_FAIL.
function(pw_run step)
  cmake_parse_arguments(PARSE_ARGV 1 arg "MAY_FAIL" "WORKING_DIRECTORY;RESULT_VARIABLE;OUTPUT_VARIABLE"
                        "COMMAND")
  if(NOT arg_WORKING_DIRECTORY)
    set(arg_WORKING_DIRECTORY "${WORK_DIR}")
  endif()
  string(JOIN " " _shown ${arg_COMMAND})
  message(STATUS "[${step}] ${_shown}")
  execute_process(COMMAND ${arg_COMMAND}
    WORKING_DIRECTORY "${arg_WORKING_DIRECTORY}"
    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
  if(NOT arg_MAY_FAIL AND NOT _rc STREQUAL "0")
    message(FATAL_ERROR "[${step}] failed (exit status ${_rc}):\n${_shown}\n${_out}")
  endif()
  if(arg_RESULT_VARIABLE)
    set(${arg_RESULT_VARIABLE} "${_rc}" PARENT_SCOPE)
  endif()
  if(arg_OUTPUT_VARIABLE)
    set(${arg_OUTPUT_VARIABLE} "${_out}" PARENT_SCOPE)
  endif()
endfunction()

# pw_check_program(<program>): runs the consumer program and compares its output with
# EXPECTED.
function(pw_check_program program)
  if(NOT EXISTS "${program}")
    message(FATAL_ERROR "the consumer program was not built: ${program} does not exist")
  endif()
  execute_process(COMMAND "${program}" RESULT_VARIABLE _rc OUTPUT_VARIABLE _out
                  ERROR_VARIABLE _err)
  if(NOT _rc STREQUAL "0")
    message(FATAL_ERROR "${program} failed (exit status ${_rc}):\n${_out}${_err}")
  endif()
  file(READ "${EXPECTED}" _want)
  string(REPLACE "@PW_VERSION@" "${VERSION}" _want "${_want}")
  string(REPLACE "\r\n" "\n" _out "${_out}")
  if(NOT _out STREQUAL _want)
    message(FATAL_ERROR "${program} printed:\n${_out}\n--- expected:\n${_want}")
  endif()
  message(STATUS "the consumer program ran and printed the expected output")
endfunction()

# Every driver starts from an empty work directory so a previous run cannot mask a failure.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
