// Workflow loading benchmark: YAML load + read + check (yaml::load_workflow_report) on three
// sets, each timed as one pass over its files (already in memory):
//
//   load/seeds      the seed workflows (tests/data/schedule/seeds, without the fragments and
//                   the branch-protection file)
//   load/corpus     the real-world corpus (tests/data/model/corpus/real, 384 files)
//   load/generated  a generated workflow of 1,000 jobs (about 450 KB), made here
//
// yaml/<set> times the YAML adapter alone (yaml::load, without the reader) on the same sets.
// Counters: files and bytes per pass, files with an error-level diagnostic, and per_file (CPU
// time per file). GitHub's TypeScript parser is timed on the same files by
// benchmarks/peers/workflow-parser (bench.mjs, compare.py); `load_bench
// --write_generated=PATH` writes the generated workflow for it and exits.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#if defined(PIPEWRIGHT_HAS_YAML)
#include "pipewright/yaml/workflow.hpp"
#endif

namespace {

namespace fs = std::filesystem;

/// Jobs in the generated workflow.
constexpr int generated_jobs = 1000;

std::string job_id(int i) {
  std::string digits = std::to_string(i);
  return "job_" + std::string(4 - std::min<std::size_t>(4, digits.size()), '0') + digits;
}

/// A deterministic workflow of `generated_jobs` jobs: layered `needs` (each job after one or
/// two earlier ones), expressions in `if`, `env` and `run`, three steps per job.
std::string generated_workflow() {
  std::string y =
      "name: generated\n"
      "on:\n"
      "  push:\n"
      "    branches: [main, 'release/**']\n"
      "  pull_request:\n"
      "    paths-ignore: ['docs/**']\n"
      "permissions:\n"
      "  contents: read\n"
      "env:\n"
      "  CI: 'true'\n"
      "jobs:\n";
  for (int i = 0; i < generated_jobs; ++i) {
    const std::string id = job_id(i);
    const std::string n = std::to_string(i);
    y += "  " + id + ":\n";
    y += "    name: Build part " + n + "\n";
    std::vector<std::string> needs;
    if (i > 0) needs.push_back(job_id(std::max(0, i - 1 - i % 7)));
    if (i > 20 && i % 3 == 0) needs.push_back(job_id(i - 11 - i % 9));
    if (needs.size() == 2 && needs[0] == needs[1]) needs.pop_back();
    if (!needs.empty()) {
      y += "    needs: [";
      for (std::size_t k = 0; k < needs.size(); ++k) y += (k ? ", " : "") + needs[k];
      y += "]\n";
      y += "    if: ${{ github.event_name == 'push' || needs." + needs[0] +
           ".result == 'success' }}\n";
    }
    y += i % 4 == 3 ? "    runs-on: [self-hosted, linux, x64]\n" : "    runs-on: ubuntu-latest\n";
    y += "    timeout-minutes: " + std::to_string(10 + i % 50) + "\n";
    y += "    steps:\n";
    y += "      - uses: actions/checkout@v4\n";
    y += "      - name: Build\n";
    y += "        run: make -C parts/" + n + " build BRANCH=${{ github.ref_name }}\n";
    y += "      - name: Test\n";
    y += "        if: ${{ !cancelled() }}\n";
    y += "        run: make -C parts/" + n + " test\n";
    y += "        env:\n          SHA: ${{ github.sha }}\n";
  }
  return y;
}

struct workflow_file {
  std::string name;
  std::string text;
};

const std::vector<workflow_file>& generated() {
  static const std::vector<workflow_file> files{{"generated-1000-jobs.yml", generated_workflow()}};
  return files;
}

#if defined(PIPEWRIGHT_HAS_YAML)

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The *.yml files of `dir` in name order; `keep` filters on the file name.
template <class Keep>
std::vector<workflow_file> read_dir(const fs::path& dir, Keep keep) {
  std::vector<workflow_file> files;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() != ".yml" || !keep(name)) continue;
    files.push_back({name, read_text(e.path())});
  }
  std::sort(files.begin(), files.end(),
            [](const workflow_file& a, const workflow_file& b) { return a.name < b.name; });
  return files;
}

const fs::path tests_data = fs::path(PIPEWRIGHT_BENCH_DATA_DIR) / ".." / ".." / "tests" / "data";

const std::vector<workflow_file>& seeds() {
  static const std::vector<workflow_file> files =
      read_dir(tests_data / "schedule" / "seeds", [](const std::string& name) {
        return name.rfind("fragment-", 0) != 0 && name.find("branch-protection") == name.npos;
      });
  return files;
}

const std::vector<workflow_file>& corpus() {
  static const std::vector<workflow_file> files =
      read_dir(tests_data / "model" / "corpus" / "real", [](const std::string&) { return true; });
  return files;
}

namespace py = pipewright::yaml;

/// Loads every file once per iteration. `all_ok`: a file with an error stops the benchmark.
void run_set(benchmark::State& state, const std::vector<workflow_file>& files, bool all_ok,
             std::size_t want_jobs) {
  if (files.empty()) {
    state.SkipWithError("no workflow file found (tests/data missing?)");
    return;
  }
  std::size_t bytes = 0;
  std::size_t failing = 0;
  for (const workflow_file& f : files) {
    bytes += f.text.size();
    const pipewright::model::read_report r = py::load_workflow_report(f.text);
    if (!r.ok()) {
      ++failing;
      if (all_ok) {
        const std::string first = r.diagnostics.empty() ? "" : r.diagnostics.front().message;
        state.SkipWithError((f.name + " does not load without error: " + first).c_str());
        return;
      }
    } else if (want_jobs != 0 && r.workflow.jobs.size() != want_jobs) {
      state.SkipWithError((f.name + " has the wrong number of jobs").c_str());
      return;
    }
  }
  for (auto _ : state) {
    for (const workflow_file& f : files) {
      pipewright::model::read_report r = py::load_workflow_report(f.text);
      benchmark::DoNotOptimize(r);
    }
  }
  const auto n = static_cast<double>(files.size());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(bytes));
  state.counters["files"] = n;
  state.counters["bytes"] = static_cast<double>(bytes);
  state.counters["files_with_errors"] = static_cast<double>(failing);
  state.counters["per_file"] = benchmark::Counter(
      n, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

/// The YAML adapter alone (yaml::load, no reader): how much of load/ is libyaml and the tree.
void yaml_only(benchmark::State& state, const std::vector<workflow_file>& (*set)()) {
  const std::vector<workflow_file>& files = set();
  const py::load_options options = py::workflow_load_options();
  for (const workflow_file& f : files) {
    if (!py::load(f.text, options)) {
      state.SkipWithError((f.name + " is not valid YAML").c_str());
      return;
    }
  }
  for (auto _ : state) {
    for (const workflow_file& f : files) {
      auto doc = py::load(f.text, options);
      benchmark::DoNotOptimize(doc);
    }
  }
  state.counters["files"] = static_cast<double>(files.size());
}

void load_seeds(benchmark::State& state) {
  run_set(state, seeds(), true, 0);
}
void load_corpus(benchmark::State& state) {
  run_set(state, corpus(), false, 0);
}
void load_generated(benchmark::State& state) {
  run_set(state, generated(), true, static_cast<std::size_t>(generated_jobs));
}

BENCHMARK(load_seeds)->Name("load/seeds")->Unit(benchmark::kMicrosecond);
BENCHMARK(load_corpus)->Name("load/corpus")->Unit(benchmark::kMillisecond);
BENCHMARK(load_generated)->Name("load/generated")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(yaml_only, seeds, &seeds)->Name("yaml/seeds")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(yaml_only, corpus, &corpus)->Name("yaml/corpus")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(yaml_only, generated, &generated)
    ->Name("yaml/generated")
    ->Unit(benchmark::kMillisecond);

#else

void load_unavailable(benchmark::State& state) {
  state.SkipWithError("built without pipewright::yaml (libyaml): nothing to measure");
  for (auto _ : state) {
  }
}
BENCHMARK(load_unavailable)->Name("load/unavailable");

#endif

/// `--write_generated=PATH`: writes the generated workflow (for bench.mjs). 0 when written.
int write_generated(const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  const std::string& text = generated().front().text;
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "load_bench: cannot write %s\n", path.c_str());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  constexpr std::string_view write_flag = "--write_generated=";
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a.substr(0, write_flag.size()) == write_flag) {
      return write_generated(std::string(a.substr(write_flag.size())));
    }
    args.push_back(argv[i]);
  }
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
