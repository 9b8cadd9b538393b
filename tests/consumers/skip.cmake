# A test that cannot run here: says why and ends as skipped (cmake -P, -DWHY=...). The test
# has SKIP_RETURN_CODE 77 and SKIP_REGULAR_EXPRESSION "[pipewright-skip]" (CMake < 3.29
# cannot exit with 77 from a script).
message("[pipewright-skip] ${WHY}")
if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.29)
  cmake_language(EXIT 77)
endif()
