# Runs PROGRAM (with ARGS, a |-separated list) in WORKDIR, standard input from INPUT if given, and
# compares its standard output with the file EXPECTED (and standard error with
# EXPECTED_STDERR when given). EXPECTED_RC is the exit status wanted (default 0).
# Used by the example and CLI tests.
if(NOT DEFINED WORKDIR)
  set(WORKDIR ".")
endif()
if(NOT DEFINED EXPECTED_RC)
  set(EXPECTED_RC 0)
endif()
string(REPLACE "|" ";" ARGS "${ARGS}")
set(_input_args "")
if(DEFINED INPUT)
  set(_input_args INPUT_FILE "${INPUT}")
endif()
execute_process(COMMAND "${PROGRAM}" ${ARGS}
  WORKING_DIRECTORY "${WORKDIR}"
  ${_input_args}
  OUTPUT_VARIABLE _out ERROR_VARIABLE _err RESULT_VARIABLE _rc)
if(NOT _rc EQUAL EXPECTED_RC)
  message(FATAL_ERROR "exit status ${_rc}, expected ${EXPECTED_RC}\nstdout:\n${_out}\nstderr:\n${_err}")
endif()
foreach(_pair "EXPECTED;_out" "EXPECTED_STDERR;_err")
  list(GET _pair 0 _file_var)
  list(GET _pair 1 _text_var)
  if(DEFINED ${_file_var})
    file(READ "${${_file_var}}" _want)
    if(NOT "${${_text_var}}" STREQUAL "${_want}")
      file(WRITE "${${_file_var}}.actual" "${${_text_var}}")
      message(FATAL_ERROR "output differs from ${${_file_var}} (written to ${${_file_var}}.actual)\n--- got:\n${${_text_var}}\n--- want:\n${_want}")
    endif()
  endif()
endforeach()
