// Lint benchmark: the whole of `pipewright lint` on one file, in memory — YAML load, read and
// checks (yaml::load_workflow_report), the security checks, lint::finish (suppressions,
// levels, order) and the output — on generated workflows of N jobs whose every job has
// findings (an unknown key, PW0401; an action pinned to a tag, PW0906; a PW0906 silenced by a
// comment), so the number of findings grows with the file.
//
//   lint/text/N    rendering for people (one line index per file)
//   lint/sarif/N   the SARIF log, written as JSON
//
// With N = 250 and 1000 (4x the text, 4x the findings) the ratio of the two times shows
// whether lint is linear; Google Benchmark's BigO row fits the complexity over all N. Until
// the line index, each diagnostic rescanned the file from its start to find its line.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <string>
#include <vector>

#if defined(PIPEWRIGHT_HAS_YAML)
#include "pipewright/check/findings.hpp"
#include "pipewright/check/security.hpp"
#include "pipewright/export/findings.hpp"
#include "pipewright/render.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/yaml/workflow.hpp"
#endif

namespace {

#if defined(PIPEWRIGHT_HAS_YAML)

namespace pw = pipewright;

/// A workflow of `jobs` jobs, three findings each (one of them silenced by a comment).
std::string generated(int jobs) {
  std::string out = "name: generated\non: push\njobs:\n";
  for (int i = 0; i < jobs; ++i) {
    const std::string id = "job_" + std::to_string(i);
    out += "  " + id + ":\n";
    out += "    runs-on: ubuntu-latest\n";
    if (i > 0) out += "    needs: [job_0]\n";
    out += "    timeout-minutez: 10\n";
    out += "    steps:\n";
    out += "      - uses: actions/checkout@v4\n";
    out += "      - uses: some-owner/some-action@v" + std::to_string(i % 7) + "\n";
    out += "      - uses: other-owner/tool@main  # pipewright: ignore[PW0906]\n";
    out += "      - run: echo building " + id + " && make -j4 all\n";
  }
  return out;
}

/// One file linted as the CLI lints it; the output's size.
std::size_t lint_once(const std::string& text, bool sarif) {
  pw::model::read_report report = pw::yaml::load_workflow_report(text);
  std::vector<pw::diagnostic> diags = std::move(report.diagnostics);
  pw::lint::security_options so;
  so.comment_suppressions = false;
  for (pw::diagnostic& d : pw::lint::check_security(report.workflow, text, so)) {
    diags.push_back(std::move(d));
  }
  const pw::line_index lines(text);
  diags = pw::lint::finish(std::move(diags), lines);
  std::string out;
  if (sarif) {
    const std::vector<pw::export_::sarif_file> files{{"generated.yml", text, std::move(diags)}};
    pw::json::write(out, pw::export_::sarif_log(files), pw::json::github_style);
  } else {
    for (const pw::diagnostic& d : diags) out += pw::render(d, lines, "generated.yml");
  }
  return out.size();
}

void lint_file(benchmark::State& state, bool sarif) {
  const std::string text = generated(static_cast<int>(state.range(0)));
  std::size_t bytes = 0;
  for (auto _ : state) {
    bytes = lint_once(text, sarif);
    benchmark::DoNotOptimize(bytes);
  }
  state.SetComplexityN(state.range(0));
  state.counters["input_bytes"] = static_cast<double>(text.size());
  state.counters["output_bytes"] = static_cast<double>(bytes);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(text.size()));
}

void lint_text(benchmark::State& state) {
  lint_file(state, false);
}
void lint_sarif(benchmark::State& state) {
  lint_file(state, true);
}

BENCHMARK(lint_text)
    ->Name("lint/text")
    ->Arg(125)
    ->Arg(250)
    ->Arg(500)
    ->Arg(1000)
    ->Complexity()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(lint_sarif)
    ->Name("lint/sarif")
    ->Arg(125)
    ->Arg(250)
    ->Arg(500)
    ->Arg(1000)
    ->Complexity()
    ->Unit(benchmark::kMillisecond);

#else

void lint_unavailable(benchmark::State& state) {
  for (auto _ : state) {
  }
  state.SkipWithError("built without the YAML adapter");
}
BENCHMARK(lint_unavailable)->Name("lint/unavailable");

#endif

}  // namespace
