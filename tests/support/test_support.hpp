// Helpers shared by the test executables.
#pragma once

#include <cstdio>
#include <string>

namespace pipewright::test {

/// The contents of a file under tests/data (or an absolute path); empty when unreadable.
inline std::string read_data(const std::string& relative) {
  const std::string path = relative.empty() || relative[0] == '/'
                               ? relative
                               : std::string(PIPEWRIGHT_TEST_DATA_DIR) + "/" + relative;
  std::string out;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return out;
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

/// The contents of a file of the source tree, by path relative to its root.
inline std::string read_source(const char* relative) {
  std::string path(PIPEWRIGHT_SOURCE_DIR);
  path.push_back('/');
  path.append(relative);
  return read_data(path);
}

}  // namespace pipewright::test
