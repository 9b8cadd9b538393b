# Runs PROGRAM (with ARGS, a ;-list) in WORKDIR and compares its standard output with the
# file EXPECTED. Used by the example and CLI tests.
if(NOT DEFINED WORKDIR)
  set(WORKDIR ".")
endif()
execute_process(COMMAND "${PROGRAM}" ${ARGS}
  WORKING_DIRECTORY "${WORKDIR}"
  OUTPUT_VARIABLE _out ERROR_VARIABLE _err RESULT_VARIABLE _rc)
if(DEFINED EXPECTED_RC)
  if(NOT _rc EQUAL EXPECTED_RC)
    message(FATAL_ERROR "exit status ${_rc}, expected ${EXPECTED_RC}\nstderr:\n${_err}")
  endif()
elseif(NOT _rc EQUAL 0)
  message(FATAL_ERROR "exit status ${_rc}\nstderr:\n${_err}")
endif()
file(READ "${EXPECTED}" _want)
if(NOT _out STREQUAL _want)
  file(WRITE "${EXPECTED}.actual" "${_out}")
  message(FATAL_ERROR "output differs from ${EXPECTED} (written to ${EXPECTED}.actual)\n--- got:\n${_out}\n--- want:\n${_want}")
endif()
