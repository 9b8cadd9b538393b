# Compiles consumer.cpp against the single header alone and runs it (cmake -P).
#   SINGLE_INCLUDE_DIR  single_include/ (the only include path given to the compiler)
#   CXX_COMPILER, COMPILER_ID  the parent build's compiler
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

set(_header "${SINGLE_INCLUDE_DIR}/pipewright/pipewright.hpp")
if(NOT EXISTS "${_header}")
  message(FATAL_ERROR "${_header} does not exist; generate it with: python3 tools/amalgamate.py")
endif()
set(_source "${CMAKE_CURRENT_LIST_DIR}/consumer.cpp")
set(_program "${WORK_DIR}/consumer${CMAKE_EXECUTABLE_SUFFIX}")
if(COMPILER_ID STREQUAL "MSVC")
  set(_cmd "${CXX_COMPILER}" /nologo /std:c++20 /EHsc "/I${SINGLE_INCLUDE_DIR}" "${_source}"
      "/Fe${_program}")
else()
  set(_cmd "${CXX_COMPILER}" -std=c++20 "-I${SINGLE_INCLUDE_DIR}" "${_source}" -o "${_program}")
endif()
pw_run(compile COMMAND ${_cmd})
pw_check_program("${_program}")

# The single header also holds the compile-time pipelines, which the umbrella header leaves
# out: a definition checked by static_asserts must compile against it alone.
set(_static_source "${CMAKE_CURRENT_LIST_DIR}/static_consumer.cpp")
if(COMPILER_ID STREQUAL "MSVC")
  set(_static_cmd "${CXX_COMPILER}" /nologo /std:c++20 /EHsc /Zs "/I${SINGLE_INCLUDE_DIR}"
      "${_static_source}")
else()
  set(_static_cmd "${CXX_COMPILER}" -std=c++20 -fsyntax-only "-I${SINGLE_INCLUDE_DIR}"
      "${_static_source}")
endif()
pw_run(compile_static COMMAND ${_static_cmd})
