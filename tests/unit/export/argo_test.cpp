// export_::argo: the manifest's shape, the diagnostics, and the semantic test: an interpreter
// of Argo's DAG rules (dag.go: a task waits for every task its `depends` names; a bare name
// means Succeeded || Skipped || Daemoned; a false `depends` gives Omitted, a false `when`
// Skipped) runs each exported DAG for every combination of job outcomes and must give the
// job results pipewright's own plan gives (`pipewright plan --outcome`).
#include "pipewright/export/argo.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/schedule/callback.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/value/yaml_text.hpp"
#include "pipewright/yaml/workflow.hpp"

namespace {

namespace pw = pipewright;

// --- Argo's DAG rules ----------------------------------------------------------------------

enum class argo_phase { pending, succeeded, failed, skipped, omitted };

/// Evaluates a `depends` expression over the phases of named tasks (argoexpr grammar after
/// the controller's bare-name expansion; && binds tighter than ||).
class depends_eval {
 public:
  depends_eval(std::string_view text, const std::map<std::string, argo_phase>& phases)
      : s_(text), phases_(phases) {}

  bool run() {
    const bool v = parse_or();
    skip_space();
    if (at_ != s_.size()) bad_ = true;
    return v;
  }
  [[nodiscard]] bool bad() const { return bad_; }

  /// The task names an expression mentions.
  static std::vector<std::string> names(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
      if (is_name_char(text[i])) {
        std::size_t j = i;
        while (j < text.size() && is_name_char(text[j])) ++j;
        out.emplace_back(text.substr(i, j - i));
        if (j < text.size() && text[j] == '.') {
          ++j;
          while (j < text.size() && is_name_char(text[j])) ++j;
        }
        i = j;
      } else {
        ++i;
      }
    }
    return out;
  }

 private:
  static bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  }
  void skip_space() {
    while (at_ < s_.size() && s_[at_] == ' ') ++at_;
  }
  bool eat(std::string_view tok) {
    skip_space();
    if (s_.substr(at_, tok.size()) == tok) {
      at_ += tok.size();
      return true;
    }
    return false;
  }
  bool parse_or() {
    bool v = parse_and();
    while (eat("||")) v = parse_and() || v;
    return v;
  }
  bool parse_and() {
    bool v = parse_term();
    while (eat("&&")) v = parse_term() && v;
    return v;
  }
  bool parse_term() {
    if (eat("!")) return !parse_term();
    if (eat("(")) {
      const bool v = parse_or();
      if (!eat(")")) bad_ = true;
      return v;
    }
    skip_space();
    std::size_t j = at_;
    while (j < s_.size() && is_name_char(s_[j])) ++j;
    if (j == at_) {
      bad_ = true;
      return false;
    }
    const std::string name(s_.substr(at_, j - at_));
    at_ = j;
    const auto it = phases_.find(name);
    if (it == phases_.end()) {
      bad_ = true;
      return false;
    }
    const argo_phase ph = it->second;
    if (at_ < s_.size() && s_[at_] == '.') {
      std::size_t k = ++at_;
      while (k < s_.size() && is_name_char(s_[k])) ++k;
      const std::string_view result = s_.substr(at_, k - at_);
      at_ = k;
      if (result == "Succeeded") return ph == argo_phase::succeeded;
      if (result == "Failed" || result == "Errored") {
        return result == "Failed" && ph == argo_phase::failed;
      }
      if (result == "Skipped") return ph == argo_phase::skipped;
      if (result == "Omitted") return ph == argo_phase::omitted;
      if (result == "Daemoned") return false;
      bad_ = true;
      return false;
    }
    return ph == argo_phase::succeeded || ph == argo_phase::skipped;
  }

  std::string_view s_;
  const std::map<std::string, argo_phase>& phases_;
  std::size_t at_ = 0;
  bool bad_ = false;
};

std::string_view phase_name(argo_phase ph) {
  switch (ph) {
    case argo_phase::succeeded: return "Succeeded";
    case argo_phase::failed: return "Failed";
    case argo_phase::skipped: return "Skipped";
    case argo_phase::omitted: return "Omitted";
    default: return "Pending";
  }
}

/// What the pods of a run produce: each job task's output parameters (by task name) and,
/// for the gates (`pipewright run --decide`), the plan whose jobs they decide.
struct dag_world {
  const pw::schedule::plan* plan = nullptr;
  std::map<std::string, std::map<std::string, std::string>> outputs;
};

/// Argo's substitution of `{{tasks.X.status}}` and `{{tasks.X.outputs.parameters.Y}}` (an
/// absent output takes its `default: ""`, as the export declares).
std::string resolve_tasks(std::string text, const std::map<std::string, argo_phase>& phases,
                          const dag_world& world) {
  std::size_t at = 0;
  while ((at = text.find("{{tasks.", at)) != std::string::npos) {
    const std::size_t end = text.find("}}", at);
    if (end == std::string::npos) break;
    const std::string ref = text.substr(at + 8, end - at - 8);
    const std::size_t dot = ref.find('.');
    const std::string task = ref.substr(0, dot);
    const std::string rest = dot == std::string::npos ? std::string() : ref.substr(dot + 1);
    std::string v;
    if (rest == "status") {
      const auto it = phases.find(task);
      v = std::string(phase_name(it == phases.end() ? argo_phase::pending : it->second));
    } else if (rest.rfind("outputs.parameters.", 0) == 0) {
      const auto it = world.outputs.find(task);
      if (it != world.outputs.end()) {
        const auto o = it->second.find(rest.substr(19));
        if (o != it->second.end()) v = o->second;
      }
    } else {
      ADD_FAILURE() << "unknown task reference {{tasks." << ref << "}}";
    }
    text.replace(at, end + 2 - at, v);
    at += v.size();
  }
  return text;
}

/// A task's arguments with Argo's substitutions, by parameter name.
std::map<std::string, std::string> task_arguments(const pw::value& task,
                                                  const std::map<std::string, argo_phase>& phases,
                                                  const dag_world& world) {
  std::map<std::string, std::string> out;
  const pw::value& params = task["arguments"]["parameters"];
  if (!params.is_array()) return out;
  for (const pw::value& x : params.as_array()) {
    out[std::string(x["name"].as_string())] =
        resolve_tasks(std::string(x["value"].as_string()), phases, world);
  }
  return out;
}

/// The gate pod: `pipewright run --job ID --decide` with the template's options, its
/// `{{inputs.parameters.X}}` replaced by the task's arguments. Returns pw-if and pw-if-error.
std::pair<std::string, std::string> run_gate(const pw::value& manifest, const pw::value& task,
                                             const std::map<std::string, argo_phase>& phases,
                                             const dag_world& world) {
  const std::map<std::string, std::string> args = task_arguments(task, phases, world);
  const pw::value* tpl = nullptr;
  for (const pw::value& t : manifest["spec"]["templates"].as_array()) {
    if (t["name"].as_string() == task["template"].as_string()) tpl = &t;
  }
  if (tpl == nullptr || world.plan == nullptr) {
    ADD_FAILURE() << "gate without template or plan";
    return {"false", ""};
  }
  const pw::schedule::plan& p = *world.plan;
  const std::size_t n = p.jobs.size();
  auto index = [&p, n](std::string_view id) {
    for (std::size_t j = 0; j < n; ++j) {
      if (p.jobs[j].id == id) return j;
    }
    return n;
  };
  std::vector<std::string> argv;
  for (const pw::value& a : (*tpl)["container"]["command"].as_array()) {
    std::string x(a.as_string());
    for (const auto& [name, v] : args) {
      const std::string ref = "{{inputs.parameters." + name + "}}";
      for (std::size_t at = x.find(ref); at != std::string::npos; at = x.find(ref, at + v.size())) {
        x.replace(at, ref.size(), v);
      }
    }
    argv.push_back(std::move(x));
  }
  std::size_t job = n;
  bool decide = false;
  std::vector<pw::schedule::status> results(n, pw::schedule::status::success);
  std::vector<pw::value> outputs(n, pw::value::make_object());
  for (std::size_t k = 0; k < argv.size(); ++k) {
    const std::string& a = argv[k];
    const std::string next = k + 1 < argv.size() ? argv[k + 1] : std::string();
    if (a == "--decide") decide = true;
    if (a == "--job") job = index(next);
    if (a == "--needs-result") {
      const std::size_t eq = next.find('=');
      const std::string r = next.substr(eq + 1);
      results.at(index(next.substr(0, eq))) = r == "Succeeded" ? pw::schedule::status::success
                                              : r == "Failed"  ? pw::schedule::status::failure
                                                               : pw::schedule::status::skipped;
    }
    if (a == "--needs-output") {
      const std::size_t dot = next.find('.');
      const std::size_t eq = next.find('=');
      outputs.at(index(next.substr(0, dot)))
          .as_object()
          .insert_or_assign(next.substr(dot + 1, eq - dot - 1), pw::value(next.substr(eq + 1)));
    }
  }
  EXPECT_TRUE(decide && job < n) << "a gate runs pipewright run --job ID --decide";
  if (!decide || job >= n) return {"false", ""};
  std::string error;
  const bool runs =
      pw::schedule::decide_job(p.specs, static_cast<std::uint32_t>(job), results, outputs, error);
  return {runs || !error.empty() ? "true" : "false", error};
}

/// Runs the main DAG of an exported manifest: `exits_nonzero[j]` says whether job j's pod
/// fails when it runs (the jobs' tasks come first, in job order). Gates (template `if-…`)
/// run `pipewright run --decide` (run_gate); a task's `when` is evaluated after Argo's
/// substitutions, and a job whose gate reports an error (`pw-if-error`) fails.
/// Returns each task's final phase, in task order.
std::vector<argo_phase> run_dag(const pw::value& manifest, const std::vector<bool>& exits_nonzero,
                                dag_world* world_in = nullptr) {
  dag_world local;
  dag_world& world = world_in != nullptr ? *world_in : local;
  const pw::value& tasks = manifest["spec"]["templates"].as_array().front()["dag"]["tasks"];
  const std::size_t n = tasks.as_array().size();
  std::map<std::string, argo_phase> phases;
  std::vector<argo_phase> out(n, argo_phase::pending);
  for (std::size_t i = 0; i < n; ++i) {
    phases[std::string(tasks.as_array()[i]["name"].as_string())] = argo_phase::pending;
  }
  for (std::size_t round = 0; round <= n; ++round) {
    for (std::size_t i = 0; i < n; ++i) {
      if (out[i] != argo_phase::pending) continue;
      const pw::value& t = tasks.as_array()[i];
      const std::string depends =
          t["depends"].is_string() ? std::string(t["depends"].as_string()) : std::string();
      bool ready = true;
      for (const std::string& name : depends_eval::names(depends)) {
        const auto it = phases.find(name);
        if (it == phases.end()) {
          ADD_FAILURE() << "depends names an unknown task: " << depends;
          return out;
        }
        ready = ready && it->second != argo_phase::pending;
      }
      if (!ready) continue;
      argo_phase ph = argo_phase::pending;
      if (!depends.empty()) {
        depends_eval e(depends, phases);
        const bool v = e.run();
        EXPECT_FALSE(e.bad()) << "depends does not parse: " << depends;
        if (!v) ph = argo_phase::omitted;
      }
      if (ph == argo_phase::pending && t["when"].is_string()) {
        const std::string when = resolve_tasks(std::string(t["when"].as_string()), phases, world);
        EXPECT_TRUE(when == "true" || when == "false") << "when: " << t["when"].as_string();
        if (when == "false") ph = argo_phase::skipped;
      }
      const std::string name(t["name"].as_string());
      if (ph == argo_phase::pending && t["template"].as_string().substr(0, 3) == "if-") {
        const auto [decision, error] = run_gate(manifest, t, phases, world);
        world.outputs[name]["pw-if"] = decision;
        world.outputs[name]["pw-if-error"] = error;
        ph = argo_phase::succeeded;
      }
      if (ph == argo_phase::pending) {
        const std::map<std::string, std::string> args = task_arguments(t, phases, world);
        const auto gate_error = args.find("pw-if-error");
        const bool fails = (gate_error != args.end() && !gate_error->second.empty()) ||
                           (i < exits_nonzero.size() && exits_nonzero[i]);
        ph = fails ? argo_phase::failed : argo_phase::succeeded;
      }
      if (ph == argo_phase::skipped || ph == argo_phase::omitted) world.outputs.erase(name);
      out[i] = ph;
      phases[name] = ph;
    }
  }
  return out;
}

std::string_view github_result(argo_phase ph) {
  switch (ph) {
    case argo_phase::succeeded: return "success";
    case argo_phase::failed: return "failure";
    case argo_phase::skipped:
    case argo_phase::omitted: return "skipped";
    default: return "pending";
  }
}

pw::model::workflow load_argo_workflow(std::string_view text) {
  auto wf = pw::yaml::load_workflow(text);
  EXPECT_TRUE(static_cast<bool>(wf));
  return wf ? std::move(*wf) : pw::model::workflow{};
}

/// A workflow's text planned for a push to main and exported with `options`.
struct argo_case {
  std::optional<pw::schedule::plan> p;
  std::optional<pw::export_::argo_workflow> w;
};

argo_case export_case(std::string_view text, const pw::export_::argo_options& options = {}) {
  argo_case c;
  const pw::model::workflow wf = load_argo_workflow(text);
  auto p = pw::schedule::make_plan(wf);
  EXPECT_TRUE(static_cast<bool>(p));
  if (!p) return c;
  auto w = pw::export_::argo(wf, *p, options);
  EXPECT_TRUE(static_cast<bool>(w));
  c.p = std::move(*p);
  if (w) c.w = std::move(*w);
  return c;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Every (or, beyond 12 jobs, 4096 pseudo-random) failure assignment: pipewright's plan and
/// the interpreter on the export must give the same result for every job. Returns how many
/// assignments were compared.
std::size_t compare_outcomes(std::string_view text, const pw::trigger::event& event) {
  const pw::model::workflow wf = load_argo_workflow(text);
  pw::schedule::plan_options po;
  po.event = event;
  auto base = pw::schedule::make_plan(wf, po);
  EXPECT_TRUE(static_cast<bool>(base));
  if (!base) return 0;
  auto exported = pw::export_::argo(wf, *base);
  EXPECT_TRUE(static_cast<bool>(exported));
  if (!exported) return 0;
  const std::size_t n = base->jobs.size();
  const bool exhaustive = n <= 12;
  const std::size_t count = exhaustive ? std::size_t{1} << n : 4096;
  std::uint64_t seed = 0x9E3779B97F4A7C15ull;
  std::size_t compared = 0;
  for (std::size_t c = 0; c < count; ++c) {
    std::vector<bool> failing(n, false);
    for (std::size_t j = 0; j < n; ++j) {
      if (exhaustive) {
        failing[j] = ((c >> j) & 1u) != 0;
      } else {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        failing[j] = (seed >> 61) == 0;  // one in eight
      }
    }
    po.outcomes.clear();
    for (std::size_t j = 0; j < n; ++j) {
      if (failing[j]) po.outcomes.emplace_back(base->jobs[j].id, pw::schedule::status::failure);
    }
    auto p = pw::schedule::make_plan(wf, po);
    if (!p) return compared;
    const pw::schedule::run_result r = pw::schedule::run_plan(*p);
    // A leg pod runs the leg's steps with GitHub's rules (the leg runner), so it fails when
    // the job's result is a failure. Jobs the plan did not run: the pod fails when the job
    // was told to fail, except under continue-on-error, where the leg runner exits 0 and
    // reports the outcome as an output (a mismatch is then reported either way).
    std::vector<bool> exits(n, false);
    for (std::size_t j = 0; j < n; ++j) {
      if (r.job_results[j] != pw::schedule::status::skipped) {
        exits[j] = r.job_results[j] == pw::schedule::status::failure;
        continue;
      }
      bool coe = true;
      for (const pw::schedule::leg_spec& l : p->specs[j].legs) coe = coe && l.continue_on_error;
      exits[j] = failing[j] && !coe;
    }
    const std::vector<argo_phase> phases = run_dag(exported->manifest, exits);
    std::string diff;
    for (std::size_t j = 0; j < n; ++j) {
      const std::string_view want = pw::schedule::status_name(r.job_results[j]);
      if (want != github_result(phases[j])) {
        diff += " " + base->jobs[j].id + ": plan " + std::string(want) + ", argo " +
                std::string(github_result(phases[j])) + " (depends '" + exported->depends[j] + "')";
      }
    }
    EXPECT_TRUE(diff.empty()) << "failing jobs:" << [&] {
      std::string f;
      for (std::size_t j = 0; j < n; ++j) {
        if (failing[j]) f += " " + base->jobs[j].id;
      }
      return f;
    }() << "\n" << diff;
    if (!diff.empty()) return compared;
    ++compared;
  }
  return compared;
}

/// For a workflow whose `if:`s read needs' outputs: every failure assignment times every
/// assignment of the jobs' outputs from `values`. pipewright's executor run (schedule::execute
/// with legs that fail or succeed and produce those outputs) and the interpreter on the export
/// (gates deciding with `pipewright run --decide`'s function) must give the same result for
/// every job. Returns how many assignments were compared.
std::size_t compare_runtime_outcomes(std::string_view text, const pw::trigger::event& event,
                                     const std::vector<std::string>& values) {
  const pw::model::workflow wf = load_argo_workflow(text);
  pw::schedule::plan_options po;
  po.event = event;
  auto p = pw::schedule::make_plan(wf, po);
  EXPECT_TRUE(static_cast<bool>(p));
  if (!p) return 0;
  auto exported = pw::export_::argo(wf, *p);
  EXPECT_TRUE(static_cast<bool>(exported));
  if (!exported) return 0;
  const std::size_t n = p->jobs.size();
  std::vector<std::pair<std::size_t, std::string>> slots;  // (job, output name)
  for (std::size_t j = 0; j < n; ++j) {
    for (const pw::model::named_value& o : wf.jobs[j].outputs.entries) {
      slots.emplace_back(j, o.name.text);
    }
  }
  std::size_t combos = 1;
  for (std::size_t k = 0; k < slots.size(); ++k) combos *= values.size();
  std::size_t compared = 0;
  for (std::size_t c = 0; c < (std::size_t{1} << n); ++c) {
    for (std::size_t v = 0; v < combos; ++v) {
      std::vector<bool> failing(n, false);
      for (std::size_t j = 0; j < n; ++j) failing[j] = ((c >> j) & 1u) != 0;
      std::vector<std::vector<std::pair<std::string, std::string>>> outputs(n);
      std::size_t rest = v;
      for (const auto& [j, name] : slots) {
        outputs[j].emplace_back(name, values[rest % values.size()]);
        rest /= values.size();
      }
      auto executor = [&](const pw::schedule::leg_call& call) {
        pw::schedule::leg_outcome o;
        for (std::size_t j = 0; j < n; ++j) {
          if (p->jobs[j].id != call.job) continue;
          o.result = failing[j] ? pw::schedule::status::failure : pw::schedule::status::success;
          o.outputs = outputs[j];
        }
        return o;
      };
      const pw::schedule::run_result r = pw::schedule::execute(wf, *p, executor);
      dag_world world;
      world.plan = &*p;
      for (std::size_t j = 0; j < n; ++j) {
        for (const auto& [name, val] : outputs[j]) {
          world.outputs[exported->task_names[j]][name] = val;
        }
      }
      const std::vector<argo_phase> phases = run_dag(exported->manifest, failing, &world);
      std::string diff;
      for (std::size_t j = 0; j < n; ++j) {
        const std::string_view want = pw::schedule::status_name(r.job_results[j]);
        if (want != github_result(phases[j])) {
          diff += " " + p->jobs[j].id + ": execute " + std::string(want) + ", argo " +
                  std::string(github_result(phases[j]));
        }
      }
      std::string given;
      for (std::size_t j = 0; j < n; ++j) {
        if (failing[j]) given += " " + p->jobs[j].id + " fails;";
        for (const auto& [name, val] : outputs[j]) {
          given += " " + p->jobs[j].id + "." + name + "='" + val + "'";
        }
      }
      EXPECT_TRUE(diff.empty()) << given << "\n" << diff;
      if (!diff.empty()) return compared;
      ++compared;
    }
  }
  return compared;
}

/// Conditions on needs' outputs, decided by gates: GitHub's case-insensitive comparison, a
/// status function with an output, `fromJSON` that fails on some outputs (the job fails), a
/// guard `success() && (…)`, and a chain of gated jobs.
constexpr std::string_view runtime_yaml = R"yaml(name: runtime
on: push
jobs:
  changes:
    runs-on: ubuntu-latest
    outputs: {code: '${{ steps.f.outputs.code }}', docs: '${{ steps.f.outputs.docs }}'}
    steps: [{id: f, run: 'true'}]
  build:
    needs: changes
    if: needs.changes.outputs.code == 'TRUE'
    runs-on: ubuntu-latest
    outputs: {ok: '${{ steps.b.outputs.ok }}'}
    steps: [{id: b, run: 'true'}]
  docs: {needs: changes, if: "success() && (needs.changes.outputs.docs != 'false')", runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  test: {needs: [changes, build], if: "always() && needs.changes.outputs.code == 'true'", runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  parse: {needs: [changes, docs], if: "fromJSON(needs.changes.outputs.docs)", runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  report: {needs: [build, test], if: "failure() || needs.build.outputs.ok == 'true'", runs-on: ubuntu-latest, steps: [{run: 'true'}]}
)yaml";

/// The 12-job workflow of MAPPING.md section 2.2.
constexpr std::string_view status_chain_yaml = R"(name: status chain
on: push
jobs:
  a: {runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  b: {runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  plain: {needs: [a, b], runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  always-job: {needs: plain, if: always(), runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  failure-job: {needs: plain, if: failure(), runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  not-cancelled: {needs: plain, if: '${{ !cancelled() }}', runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  deploy: {needs: a, if: "github.ref == 'refs/heads/main'", runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  coe: {needs: a, continue-on-error: true, runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  after-coe: {needs: coe, runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  chain: {needs: always-job, runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  after-deploy: {needs: deploy, runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  rollback: {needs: after-deploy, if: failure(), runs-on: ubuntu-latest, steps: [{run: 'true'}]}
)";

/// Mixed status tables, event conditions, a root failure(), cancelled(), ids Argo renames
/// and a matrix job inside a chain.
constexpr std::string_view status_mix_yaml = R"(name: status mix
on: [push, workflow_dispatch]
jobs:
  root_one: {runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  root-fail: {if: failure(), runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  matrix:
    needs: root_one
    runs-on: ubuntu-latest
    strategy: {matrix: {n: [1, 2, 3]}}
    steps: [{run: 'true'}]
  either: {needs: matrix, if: 'success() || failure()', runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  not-success: {needs: matrix, if: '!success()', runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  no-failure: {needs: either, if: '!failure()', runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  only-other: {needs: [either, not-success], if: '!success() && !failure()', runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  on-push: {needs: no-failure, if: "always() && github.event_name == 'push'", runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  fail-or-dev: {needs: on-push, if: "failure() || github.ref == 'refs/heads/dev'", runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  was-cancelled: {needs: root_one, if: cancelled(), runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  last: {needs: [fail-or-dev, was-cancelled, root-fail], if: always(), runs-on: ubuntu-latest, steps: [{run: 'true'}]}
)";

/// Conditions on the needs' results (`needs.<id>.result`, `needs.*.result`), exported as
/// `depends` over the (needs chain, needs' results) combinations that make them true.
constexpr std::string_view status_results_yaml = R"yaml(name: status results
on: push
jobs:
  a: {runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  b: {runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  dev-only: {if: "github.ref == 'refs/heads/dev'", runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  after-a-failed: {needs: [a, b], if: "always() && needs.a.result == 'failure'", runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  any-skipped: {needs: [dev-only, b], if: "contains(needs.*.result, 'skipped') || needs.b.result == 'success'", runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  not-ok: {needs: after-a-failed, if: "always() && needs.after-a-failed.result != 'success'", runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  fail-and-skip: {needs: [any-skipped, not-ok], if: "failure() && needs.any-skipped.result == 'skipped'", runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  tail: {needs: fail-and-skip, if: "!cancelled() && (needs.fail-and-skip.result == 'success' || needs.fail-and-skip.result == 'skipped')", runs-on: ubuntu-latest, steps: [{run: 'true'}]}
)yaml";

}  // namespace

TEST(ArgoExport, StatusRulesMatchThePlanForEveryOutcomeOnMain) {
  EXPECT_EQ(compare_outcomes(status_chain_yaml, pw::trigger::push_event("refs/heads/main")),
            std::size_t{4096});
}

TEST(ArgoExport, StatusRulesMatchThePlanForEveryOutcomeOnAnotherBranch) {
  EXPECT_EQ(compare_outcomes(status_chain_yaml, pw::trigger::push_event("refs/heads/dev")),
            std::size_t{4096});
}

TEST(ArgoExport, MixedStatusTablesMatchThePlanForEveryOutcome) {
  EXPECT_EQ(compare_outcomes(status_mix_yaml, pw::trigger::push_event("refs/heads/dev")),
            std::size_t{2048});
  EXPECT_EQ(compare_outcomes(status_mix_yaml, pw::trigger::workflow_dispatch_event(
                                                  "refs/heads/main", pw::value::make_object())),
            std::size_t{2048});
}

TEST(ArgoExport, ConditionsOnNeedsResultsMatchThePlanForEveryOutcome) {
  EXPECT_EQ(compare_outcomes(status_results_yaml, pw::trigger::push_event("refs/heads/main")),
            std::size_t{256});
  EXPECT_EQ(compare_outcomes(status_results_yaml, pw::trigger::push_event("refs/heads/dev")),
            std::size_t{256});
  const argo_case c = export_case(status_results_yaml);
  ASSERT_TRUE(c.w.has_value());
  for (const pw::diagnostic& d : c.w->diagnostics) EXPECT_NE(d.code, "PW1105") << d.message;
}

TEST(ArgoExport, RunTimeConditionsAreDecidedByGatesAsGitHubDecidesThem) {
  // 2^6 failure assignments × 3^3 output assignments.
  EXPECT_EQ(compare_runtime_outcomes(runtime_yaml, pw::trigger::push_event("refs/heads/main"),
                                     {"true", "false", ""}),
            std::size_t{64 * 27});
  const argo_case c = export_case(runtime_yaml);
  ASSERT_TRUE(c.w.has_value());
  // One gate per job whose if: reads outputs, after the jobs' tasks; the job waits for it.
  const pw::value& tasks = c.w->manifest["spec"]["templates"].as_array().front()["dag"]["tasks"];
  ASSERT_EQ(tasks.as_array().size(), std::size_t{6 + 5});
  EXPECT_EQ(tasks.as_array()[6]["name"].as_string(), "build-if");
  EXPECT_EQ(tasks.as_array()[7]["name"].as_string(), "docs-if");
  EXPECT_EQ(tasks.as_array()[7]["depends"].as_string(), "changes.Succeeded");
  EXPECT_EQ(tasks.as_array()[1]["depends"].as_string(), "build-if.Succeeded");
  EXPECT_EQ(tasks.as_array()[1]["when"].as_string(), "{{tasks.build-if.outputs.parameters.pw-if}}");
  std::size_t notes = 0;
  for (const pw::diagnostic& d : c.w->diagnostics) {
    if (d.code == "PW1105") {
      EXPECT_EQ(d.level, pw::severity::note);
      ++notes;
    }
  }
  EXPECT_EQ(notes, std::size_t{5});
}

TEST(ArgoExport, SeedWorkflowsMatchThePlanForManyOutcomes) {
  std::size_t workflows = 0;
  for (const char* name :
       {"raglite-ci.yml", "melk-ci.yml", "melk-cd.yml", "ai-etl-ci.yml", "ai-etl-deploy.yml",
        "engagement-deploy-main.yml", "engagement-pr-validation.yml", "melk-docker-publish.yml"}) {
    const std::string text =
        read_text(std::string(PIPEWRIGHT_SOURCE_DIR) + "/examples/workflows/" + name);
    ASSERT_FALSE(text.empty()) << name;
    const pw::model::workflow wf = load_argo_workflow(text);
    // The first of these events that runs the seed.
    const std::vector<pw::trigger::event> events{
        pw::trigger::push_event("refs/heads/main"),
        pw::trigger::pull_request_event("opened", "main", "feature", {}),
        pw::trigger::workflow_run_event("Continuous Integration", "main", "completed"),
        pw::trigger::workflow_dispatch_event("refs/heads/main", pw::value::make_object())};
    pw::trigger::event event = events.front();
    for (const pw::trigger::event& e : events) {
      pw::schedule::plan_options po;
      po.event = e;
      auto p = pw::schedule::make_plan(wf, po);
      ASSERT_TRUE(static_cast<bool>(p));
      if (p->runs) {
        event = e;
        break;
      }
    }
    SCOPED_TRACE(name);
    EXPECT_GT(compare_outcomes(text, event), std::size_t{0});
    ++workflows;
  }
  EXPECT_EQ(workflows, std::size_t{8});
}

TEST(ArgoExport, DependsFollowsMappingSectionTwo) {
  const argo_case c = export_case(status_chain_yaml);
  ASSERT_TRUE(c.w.has_value());
  const auto& p = c.p;
  const auto& w = c.w;
  std::map<std::string, std::string> d;
  for (std::size_t j = 0; j < p->jobs.size(); ++j) d[p->jobs[j].id] = w->depends[j];
  EXPECT_EQ(d["a"], "");
  EXPECT_EQ(d["plain"], "a.Succeeded && b.Succeeded");
  EXPECT_EQ(d["always-job"],
            "(plain.Succeeded || plain.Failed || plain.Errored || plain.Skipped || "
            "plain.Omitted)");
  EXPECT_EQ(d["not-cancelled"], d["always-job"]);
  EXPECT_EQ(d["failure-job"],
            "((a.Failed || a.Errored) || (b.Failed || b.Errored) || (plain.Failed || "
            "plain.Errored))");
  EXPECT_EQ(d["chain"], "plain.Succeeded && always-job.Succeeded");
  EXPECT_EQ(d["deploy"], "a.Succeeded");
  EXPECT_EQ(d["after-coe"], "coe.Succeeded");
  EXPECT_EQ(d["rollback"],
            "((a.Failed || a.Errored) || (deploy.Failed || deploy.Errored) || (after-deploy.Failed "
            "|| after-deploy.Errored))");
}

TEST(ArgoExport, AFalseEventConditionIsWhenFalseAfterTheSameWait) {
  const pw::model::workflow wf = load_argo_workflow(status_chain_yaml);
  pw::schedule::plan_options po;
  po.event = pw::trigger::push_event("refs/heads/dev");
  auto p = pw::schedule::make_plan(wf, po);
  ASSERT_TRUE(static_cast<bool>(p));
  auto w = pw::export_::argo(wf, *p);
  ASSERT_TRUE(static_cast<bool>(w));
  for (std::size_t j = 0; j < p->jobs.size(); ++j) {
    EXPECT_EQ(w->when_false[j], p->jobs[j].id == "deploy") << p->jobs[j].id;
  }
}

TEST(ArgoExport, ManifestHasTheWorkflowShape) {
  const argo_case c = export_case(status_mix_yaml);
  ASSERT_TRUE(c.w.has_value());
  const auto& p = c.p;
  const auto& w = c.w;
  const pw::value& m = w->manifest;
  EXPECT_EQ(m["apiVersion"].as_string(), "argoproj.io/v1alpha1");
  EXPECT_EQ(m["kind"].as_string(), "Workflow");
  EXPECT_EQ(m["metadata"]["generateName"].as_string(), "status-mix-");
  EXPECT_EQ(m["spec"]["entrypoint"].as_string(), "main");
  EXPECT_EQ(m["spec"]["onExit"].as_string(), "pw-exit");
  const pw::value& main = m["spec"]["templates"].as_array().front();
  EXPECT_EQ(main["name"].as_string(), "main");
  EXPECT_FALSE(main["dag"]["failFast"].as_bool());
  EXPECT_EQ(main["dag"]["tasks"].as_array().size(), p->jobs.size());
  // root_one is renamed (PW1101); the matrix job is a steps wrapper over three legs.
  EXPECT_EQ(w->task_names[0], "root-one");
  bool renamed = false;
  for (const pw::diagnostic& d : w->diagnostics) renamed = renamed || d.code == "PW1101";
  EXPECT_TRUE(renamed);
  bool wrapper = false;
  for (const pw::value& t : m["spec"]["templates"].as_array()) {
    if (t["name"].as_string() != "job-matrix") continue;
    wrapper = true;
    EXPECT_TRUE(t["failFast"].as_bool());
    ASSERT_EQ(t["steps"].as_array().size(), std::size_t{1});
    EXPECT_EQ(t["steps"].as_array().front().as_array().size(), std::size_t{3});
    EXPECT_EQ(t["steps"].as_array().front().as_array().front()["template"].as_string(),
              "leg-matrix");
  }
  EXPECT_TRUE(wrapper);
  // A root failure() and cancelled() never run.
  EXPECT_TRUE(w->when_false[1]);
  // YAML output is deterministic and reads back as the same tree.
  const std::string yaml = pw::yaml_text::dump(m);
  EXPECT_EQ(yaml, pw::yaml_text::dump(m));
  auto back = pw::yaml::load(yaml);
  ASSERT_TRUE(static_cast<bool>(back));
  EXPECT_EQ(pw::json::dump(back->root, pw::json::compact_style),
            pw::json::dump(m, pw::json::compact_style));
}

TEST(ArgoExport, LossyFeaturesAreDiagnosticsAtTheirPaths) {
  constexpr std::string_view text = R"(name: lossy
on: push
concurrency: {group: 'ci-${{ github.ref }}', cancel-in-progress: true}
jobs:
  build:
    runs-on: macos-14
    timeout-minutes: 30
    services:
      db: {image: 'postgres:16', ports: ['5433:5432'], options: '--health-cmd pg_isready'}
    environment: production
    outputs: {v: '${{ steps.s.outputs.v }}'}
    strategy: {matrix: {n: [1, 2]}, max-parallel: 1}
    steps:
      - uses: actions/checkout@v4
      - {id: s, run: 'echo v=1 >> $GITHUB_OUTPUT', env: {T: '${{ secrets.GITHUB_TOKEN }}'}}
  use:
    needs: build
    if: needs.build.outputs.v == '1'
    runs-on: ubuntu-latest
    steps: [{run: 'echo ${{ needs.build.outputs.v }}'}]
)";
  const argo_case c = export_case(text);
  ASSERT_TRUE(c.w.has_value());
  const auto& w = c.w;
  std::map<std::string, std::string> at;
  for (const pw::diagnostic& d : w->diagnostics) at[d.code] = d.path;
  EXPECT_EQ(at["PW1102"], "/concurrency");
  EXPECT_EQ(at["PW1103"], "/concurrency/cancel-in-progress");
  EXPECT_EQ(at["PW1105"], "/jobs/use/if");
  EXPECT_EQ(at["PW1106"], "/jobs/build/strategy/fail-fast");
  EXPECT_EQ(at["PW1107"], "/jobs/build/outputs");
  EXPECT_EQ(at["PW1109"], "/jobs/build/steps/0/uses");
  EXPECT_EQ(at["PW1110"], "/jobs/build/steps/1");
  EXPECT_EQ(at["PW1111"], "/jobs/build/runs-on");
  EXPECT_EQ(at["PW1112"], "/jobs/build/services/db/ports");
  EXPECT_EQ(at["PW1113"], "/jobs/build/services/db/options");
  EXPECT_EQ(at["PW1114"], "/jobs/build/environment");
  for (const pw::diagnostic& d : w->diagnostics) {
    EXPECT_TRUE(d.span.known()) << d.code << " has no span";
  }
  // The leaf: 30 minutes, the sidecar, the output parameter with its default.
  const pw::value* leaf = nullptr;
  const pw::value* use = nullptr;
  for (const pw::value& t : w->manifest["spec"]["templates"].as_array()) {
    if (t["name"].as_string() == "leg-build") leaf = &t;
    if (t["name"].as_string() == "job-use") use = &t;
  }
  ASSERT_NE(leaf, nullptr);
  ASSERT_NE(use, nullptr);
  EXPECT_EQ((*leaf)["activeDeadlineSeconds"].as_string(), "1800");
  EXPECT_EQ((*leaf)["sidecars"].as_array().front()["name"].as_string(), "db");
  EXPECT_EQ((*leaf)["outputs"]["parameters"].as_array().front()["valueFrom"]["default"].as_string(),
            "");
  // 'ci-refs/heads/main' has a '/': the label, then a fingerprint of the group.
  const std::string mutex(
      w->manifest["spec"]["synchronization"]["mutexes"].as_array().front()["name"].as_string());
  EXPECT_EQ(mutex.substr(0, 19), "ci-refs-heads-main-");
  EXPECT_EQ(mutex.size(), std::size_t{19 + 16});
  EXPECT_EQ((*use)["activeDeadlineSeconds"].as_string(), "21600");
  // The consumer reads the producer's output through a task argument.
  const pw::value& tasks =
      w->manifest["spec"]["templates"].as_array().front()["dag"]["tasks"].as_array()[1];
  EXPECT_EQ(tasks["arguments"]["parameters"].as_array()[1]["value"].as_string(),
            "{{tasks.build.status}}");
  EXPECT_EQ(tasks["arguments"]["parameters"].as_array()[2]["value"].as_string(),
            "{{tasks.build.outputs.parameters.v}}");
  // Each leg names its service image: the sidecar reads it from a parameter.
  EXPECT_EQ((*leaf)["sidecars"].as_array().front()["image"].as_string(),
            "{{inputs.parameters.service-db}}");
}

TEST(ArgoExport, AWorkflowThatDoesNotRunIsNotExported) {
  const pw::model::workflow wf = load_argo_workflow(status_chain_yaml);
  pw::schedule::plan_options po;
  po.event = pw::trigger::pull_request_event("opened", "main", "feature", {});
  auto p = pw::schedule::make_plan(wf, po);
  ASSERT_TRUE(static_cast<bool>(p));
  auto w = pw::export_::argo(wf, *p);
  ASSERT_FALSE(static_cast<bool>(w));
  EXPECT_EQ(w.diagnostics().front().code, "PW1100");
}

TEST(ArgoExport, ServiceImagesFromTheMatrixArePerLegParameters) {
  constexpr std::string_view text = R"(name: db
on: push
jobs:
  t:
    runs-on: ubuntu-latest
    strategy: {matrix: {pg: ['15', '16']}}
    services:
      pg: {image: 'postgres:${{ matrix.pg }}'}
    steps: [{run: 'true'}]
)";
  const argo_case c = export_case(text);
  ASSERT_TRUE(c.w.has_value());
  const auto& w = c.w;
  std::vector<std::string> images;
  for (const pw::value& t : w->manifest["spec"]["templates"].as_array()) {
    if (t["name"].as_string() != "job-t") continue;
    for (const pw::value& step : t["steps"].as_array().front().as_array()) {
      for (const pw::value& a : step["arguments"]["parameters"].as_array()) {
        if (a["name"].as_string() == "service-pg") images.emplace_back(a["value"].as_string());
      }
    }
  }
  EXPECT_EQ(images, (std::vector<std::string>{"postgres:15", "postgres:16"}));
}

TEST(ArgoExport, TheWorkflowTravelsAsBase64SoArgoSeesNoGitHubExpressions) {
  EXPECT_EQ(pw::export_::detail::argo_base64(""), "");
  EXPECT_EQ(pw::export_::detail::argo_base64("f"), "Zg==");
  EXPECT_EQ(pw::export_::detail::argo_base64("fo"), "Zm8=");
  EXPECT_EQ(pw::export_::detail::argo_base64("foobar"), "Zm9vYmFy");
  pw::export_::argo_options o;
  o.workflow_text = std::string(status_chain_yaml);
  const argo_case c = export_case(status_chain_yaml, o);
  ASSERT_TRUE(c.w.has_value());
  const auto& w = c.w;
  const std::string json = pw::json::dump(w->manifest, pw::json::compact_style);
  EXPECT_EQ(json.find("${{"), std::string::npos);
  EXPECT_EQ(w->manifest["spec"]["arguments"]["parameters"].as_array().front()["value"].as_string(),
            pw::export_::detail::argo_base64(status_chain_yaml));
}

TEST(ArgoExport, RenamedIdsNeverCollide) {
  constexpr std::string_view text = R"(name: names
on: push
jobs:
  a_b: {runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  a-b: {runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  _x: {needs: [a_b, a-b], runs-on: ubuntu-latest, steps: [{run: 'true'}]}
)";
  const argo_case c = export_case(text);
  ASSERT_TRUE(c.w.has_value());
  const auto& w = c.w;
  EXPECT_EQ(w->task_names, (std::vector<std::string>{"a-b-2", "a-b", "j-x"}));
  EXPECT_EQ(w->depends[2], "a-b-2.Succeeded && a-b.Succeeded");
}

TEST(ArgoExport, AJobIsNeverDecidedOnAValueNotGiven) {
  constexpr std::string_view text = R"(name: guards
on: push
jobs:
  build: {runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  publish: {needs: build, if: "github.repository == 'octo/app'", runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  flagged: {needs: build, if: "vars.DEPLOY == 'yes'", runs-on: ubuntu-latest, steps: [{run: 'true'}]}
  either: {needs: build, if: "always() || vars.DEPLOY == 'yes'", runs-on: ubuntu-latest, steps: [{run: 'true'}]}
)";
  const pw::model::workflow wf = load_argo_workflow(text);
  auto export_with = [&wf](std::string repository, pw::value vars) {
    pw::schedule::plan_options po;
    po.repository = std::move(repository);
    po.vars = std::move(vars);
    auto p = pw::schedule::make_plan(wf, po);
    EXPECT_TRUE(static_cast<bool>(p));
    return pw::export_::argo(wf, *p);
  };
  // Neither given: one PW1118 per guess, at the if:; `always() || …` decides without vars.
  auto none = export_with("", pw::value());
  ASSERT_FALSE(static_cast<bool>(none));
  std::map<std::string, std::string> at;
  for (const pw::diagnostic& d : none.diagnostics()) {
    EXPECT_EQ(d.code, "PW1118");
    at[d.path] = d.message;
  }
  ASSERT_EQ(at.size(), std::size_t{2});
  EXPECT_NE(at["/jobs/publish/if"].find("--repo"), std::string::npos);
  EXPECT_NE(at["/jobs/flagged/if"].find("--var"), std::string::npos);
  // Given: decided at export.
  auto given = export_with("octo/app", pw::value::make_object({{"DEPLOY", pw::value("no")}}));
  ASSERT_TRUE(static_cast<bool>(given));
  EXPECT_FALSE(given->when_false[1]);  // publish runs on octo/app
  EXPECT_TRUE(given->when_false[2]);   // flagged does not with DEPLOY=no
  auto fork = export_with("someone/app", pw::value::make_object());
  ASSERT_TRUE(static_cast<bool>(fork));
  EXPECT_TRUE(fork->when_false[1]);
}

TEST(ArgoExport, ConcurrencyGroupsGetOneMutexEachIgnoringCase) {
  // GitHub compares groups ignoring case; any other difference is another group.
  constexpr std::string_view text = R"(name: groups
on: push
jobs:
  a: {runs-on: ubuntu-latest, concurrency: 'deploy/main', steps: [{run: 'true'}]}
  b: {runs-on: ubuntu-latest, concurrency: 'deploy-main', steps: [{run: 'true'}]}
  c: {runs-on: ubuntu-latest, concurrency: 'Deploy/Main', steps: [{run: 'true'}]}
  d: {runs-on: ubuntu-latest, concurrency: 'deploy main', steps: [{run: 'true'}]}
)";
  const argo_case c = export_case(text);
  ASSERT_TRUE(c.w.has_value());
  std::map<std::string, std::string> mutex;  // task -> its mutex argument
  for (const pw::value& t :
       c.w->manifest["spec"]["templates"].as_array().front()["dag"]["tasks"].as_array()) {
    for (const pw::value& a : t["arguments"]["parameters"].as_array()) {
      if (a["name"].as_string() == "mutex") {
        mutex[std::string(t["name"].as_string())] = std::string(a["value"].as_string());
      }
    }
  }
  ASSERT_EQ(mutex.size(), std::size_t{4});
  EXPECT_EQ(mutex["b"], "deploy-main");
  EXPECT_EQ(mutex["a"], mutex["c"]);
  EXPECT_NE(mutex["a"], mutex["b"]);
  EXPECT_NE(mutex["a"], mutex["d"]);
  EXPECT_NE(mutex["b"], mutex["d"]);
  EXPECT_EQ(mutex["a"].substr(0, 12), "deploy-main-");
}

TEST(ArgoExport, MoreLossyFeaturesAreDiagnostics) {
  constexpr std::string_view text = R"yaml(name: more
on: push
jobs:
  setup:
    runs-on: ubuntu-latest
    outputs: {m: '${{ steps.m.outputs.m }}'}
    steps: [{id: m, run: 'echo m=[1] >> $GITHUB_OUTPUT'}]
  dyn:
    needs: setup
    runs-on: ubuntu-latest
    timeout-minutes: ${{ fromJSON(needs.setup.outputs.m)[0] }}
    strategy: {matrix: {n: '${{ fromJSON(needs.setup.outputs.m) }}'}}
    steps: [{run: 'true'}]
  call:
    uses: ./.github/workflows/other.yml
  last:
    needs: [dyn, call]
    if: always()
    runs-on: ubuntu-latest
    steps: [{run: 'true'}]
)yaml";
  const argo_case c = export_case(text);
  ASSERT_TRUE(c.w.has_value());
  std::map<std::string, std::string> at;
  for (const pw::diagnostic& d : c.w->diagnostics) at[d.code] = d.path;
  EXPECT_EQ(at["PW1104"], "/jobs/last/if");
  EXPECT_EQ(at["PW1108"], "/jobs/dyn/strategy/matrix");
  EXPECT_EQ(at["PW1116"], "/jobs/dyn/timeout-minutes");
  EXPECT_EQ(at["PW1117"], "/jobs/call/uses");
  EXPECT_EQ(at.count("PW1115"), std::size_t{0});
  // The dynamic matrix: an expand pod, then the legs with withParam over its list.
  bool with_param = false;
  for (const pw::value& t : c.w->manifest["spec"]["templates"].as_array()) {
    if (t["name"].as_string() != "job-dyn") continue;
    ASSERT_EQ(t["steps"].as_array().size(), std::size_t{2});
    EXPECT_EQ(t["steps"].as_array()[0].as_array().front()["template"].as_string(), "expand-dyn");
    with_param = t["steps"].as_array()[1].as_array().front()["withParam"].as_string() ==
                 "{{steps.expand.outputs.parameters.legs}}";
  }
  EXPECT_TRUE(with_param);
}

TEST(ArgoExport, MoreThanTwoHundredTasksIsADiagnostic) {
  std::string text = "name: big\non: push\njobs:\n";
  for (int i = 0; i < 201; ++i) {
    text += "  j" + std::to_string(i) + ": {runs-on: ubuntu-latest, steps: [{run: 'true'}]}\n";
  }
  const argo_case c = export_case(text);
  ASSERT_TRUE(c.w.has_value());
  std::size_t count = 0;
  for (const pw::diagnostic& d : c.w->diagnostics) count += d.code == "PW1115" ? 1U : 0U;
  EXPECT_EQ(count, std::size_t{1});
}
