// Runs a `pipewright` subcommand in process and captures what it prints, for tests of the
// command-line tool (include after cli/app.hpp).
#pragma once

#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pipewright::test {

/// A subcommand's exit status and output.
struct captured {
  int status = -1;
  std::string out;
  std::string err;
};

/// Everything in `f`, from its start.
inline std::string slurp(std::FILE* f) {
  std::string text;
  std::rewind(f);
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  return text;
}

/// Runs `command` (e.g. cli::run_simulate) with `argv` (the arguments after the command's
/// name). When no temporary file can be made, status stays -1 and `err` says so.
template <class Arguments, class Streams>
captured run_cli(int (*command)(Arguments&, const Streams&), const std::vector<std::string>& argv) {
  std::vector<std::string_view> views(argv.begin(), argv.end());
  Arguments args{std::span<const std::string_view>(views)};
  captured c;
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  if (out == nullptr || err == nullptr) {
    if (out != nullptr) std::fclose(out);
    if (err != nullptr) std::fclose(err);
    c.err = "tmpfile() failed";
    return c;
  }
  const Streams io{nullptr, out, err};
  c.status = command(args, io);
  c.out = slurp(out);
  c.err = slurp(err);
  std::fclose(out);
  std::fclose(err);
  return c;
}

}  // namespace pipewright::test
