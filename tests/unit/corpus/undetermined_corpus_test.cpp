// Issue 17, "Done when": on the corpus (act, actionlint, real), no plan states a decision that
// depends on an unknown value as a fact. For every valid workflow planned for a push and a
// pull request (no repository, no vars given), every job the simulation decides (success,
// skipped, or failed by its `if:`) whose `if:` reads a value known only at run time (a needed
// job's outputs set by an expression or a reusable workflow, `github.repository`,
// `github.repository_owner`, `vars.*`) is checked against an oracle independent of the
// three-valued evaluator: the condition is evaluated two-valued with each of those values
// replaced by every candidate ('' , 'true', 'false' and every string literal of the `if:`),
// and every candidate must give the plan's decision. A pending matrix is never `success`,
// and the plan JSON lists no placeholder leg for it.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/export/plan.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/semantics/ids.hpp"
#include "pipewright/yaml/workflow.hpp"
#include "test_support.hpp"

namespace {

namespace ufs = std::filesystem;
using pipewright::schedule::status;

constexpr std::array<const char*, 3> undetermined_corpus_dirs{"model/corpus/real", "corpus/act",
                                                              "corpus/actionlint/testdata"};

struct undetermined_tally {
  std::size_t plans = 0;
  std::size_t checked = 0;       // decided jobs whose if: reads an unknown
  std::size_t undetermined = 0;  // jobs the plan left undetermined
  std::size_t pending = 0;       // pending matrices
  std::vector<std::string> failures;
};

// The references of `text` the plan cannot know, and the output names per need.
struct unknown_refs {
  std::set<std::string> outputs;  // "<need>.<name>" (need as written)
  bool repository = false;
  std::set<std::string> vars;
  bool any() const { return !outputs.empty() || repository || !vars.empty(); }
};

unknown_refs undetermined_scan(const std::string& text) {
  unknown_refs r;
  static const std::regex out(R"(needs\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+))");
  static const std::regex repo(R"(github\.repository(_owner)?\b)");
  static const std::regex var(R"(vars\.([A-Za-z0-9_]+))");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), out); it != std::sregex_iterator();
       ++it) {
    r.outputs.insert((*it)[1].str() + "." + (*it)[2].str());
  }
  r.repository = std::regex_search(text, repo);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), var); it != std::sregex_iterator();
       ++it) {
    r.vars.insert((*it)[1].str());
  }
  return r;
}

std::vector<std::string> undetermined_candidates(const std::string& text) {
  std::set<std::string> c{"", "true", "false"};
  static const std::regex literal(R"('((?:[^']|'')*)')");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), literal);
       it != std::sregex_iterator(); ++it) {
    std::string s = (*it)[1].str();
    for (std::size_t k = s.find("''"); k != std::string::npos; k = s.find("''", k + 1)) {
      s.erase(k, 1);
    }
    c.insert(s);
  }
  return {c.begin(), c.end()};
}

bool undetermined_same(std::string_view a, std::string_view b) {
  return pipewright::semantics::same_name(a, b);
}

// The decision of job `j`'s `if:` with every unknown replaced by `c`: "run", "skip" or "error".
std::string undetermined_oracle(const pipewright::model::workflow& wf,
                                const pipewright::schedule::plan& p,
                                const pipewright::schedule::run_result& r, std::size_t j,
                                const pipewright::expr::expression& e, const unknown_refs& refs,
                                const std::string& c) {
  using pipewright::value;
  value contexts = value::make_object();
  value github = p.github.clone();
  if (refs.repository) {
    github.as_object().insert_or_assign("repository", value(c));
    github.as_object().insert_or_assign("repository_owner", value(c));
  }
  contexts.as_object().insert_or_assign("github", std::move(github));
  contexts.as_object().insert_or_assign("inputs", p.inputs);
  value vars = p.vars.clone();
  for (const std::string& v : refs.vars) vars.as_object().insert_or_assign(v, value(c));
  contexts.as_object().insert_or_assign("vars", std::move(vars));
  value needs = value::make_object();
  for (const std::uint32_t n : p.jobs[j].needs) {
    value outputs = value::make_object();
    if (r.job_results[n] != status::skipped) {
      for (const auto& o : wf.jobs[n].outputs.entries) {
        if (!o.value.is_expression())
          outputs.as_object().insert_or_assign(o.name.text, o.value.raw);
      }
      for (const std::string& ref : refs.outputs) {
        const std::size_t dot = ref.find('.');
        if (!undetermined_same(ref.substr(0, dot), p.jobs[n].id)) continue;
        const std::string name = ref.substr(dot + 1);
        bool run_time = wf.jobs[n].uses.has_value();
        for (const auto& o : wf.jobs[n].outputs.entries) {
          run_time = run_time || (o.value.is_expression() && undetermined_same(o.name.text, name));
        }
        if (run_time) outputs.as_object().insert_or_assign(name, value(c));
      }
    }
    needs.as_object().insert_or_assign(
        p.jobs[n].id,
        value::make_object({{"result", value(pipewright::schedule::status_name(r.job_results[n]))},
                            {"outputs", std::move(outputs)}}));
  }
  contexts.as_object().insert_or_assign("needs", std::move(needs));
  const std::vector<std::uint32_t> up =
      pipewright::schedule::ancestors(p, static_cast<std::uint32_t>(j));
  pipewright::expr::evaluation_options eo;
  eo.status_function = [&](pipewright::expr::builtin which, std::span<const value> args) {
    if (which == pipewright::expr::builtin::always) return true;
    if (which == pipewright::expr::builtin::cancelled) return false;
    const bool want_success = which == pipewright::expr::builtin::success;
    bool ok = true;
    bool failed = false;
    auto see = [&](std::uint32_t a) {
      ok = ok && r.job_results[a] == status::success;
      failed = failed || r.job_results[a] == status::failure;
    };
    if (args.empty()) {
      for (const std::uint32_t a : up) see(a);
    } else {
      for (const value& a : args) {
        bool found = false;
        for (std::uint32_t k = 0; k < p.jobs.size(); ++k) {
          if (undetermined_same(p.jobs[k].id, pipewright::expr::to_string(a))) {
            see(k);
            found = true;
          }
        }
        ok = ok && found;
      }
    }
    return want_success ? ok : failed;
  };
  auto v = e.evaluate(contexts, eo);
  if (!v) return "error";
  return pipewright::expr::truthy(*v) ? "run" : "skip";
}

void undetermined_check(const ufs::path& file, const pipewright::trigger::event& ev,
                        undetermined_tally& t) {
  const std::string text = pipewright::test::read_data(ufs::absolute(file).string());
  auto wf = pipewright::yaml::load_workflow(text);
  if (!wf) return;
  pipewright::schedule::plan_options o;
  o.event = ev;
  auto planned = pipewright::schedule::make_plan(*wf, o);
  if (!planned || !planned->runs) return;
  const pipewright::schedule::plan& p = *planned;
  const pipewright::schedule::run_result r = pipewright::schedule::run_plan(p);
  ++t.plans;
  const pipewright::value json = pipewright::export_::plan_json(p, &r);
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    const std::string where = file.filename().string() + " (" + ev.name + ") job " + p.jobs[j].id;
    const status s = r.job_results[j];
    if (s == status::undetermined) ++t.undetermined;
    if (p.jobs[j].matrix_pending) {
      ++t.pending;
      if (s == status::success) t.failures.push_back(where + ": a pending matrix is success");
      if (!json["jobs"][j]["legs"].as_array().empty()) {
        t.failures.push_back(where + ": a pending matrix lists a placeholder leg");
      }
    }
    if (s == status::undetermined || s == status::cancelled) continue;
    if (s == status::failure && r.job_reasons[j].rfind("if: could not be evaluated", 0) != 0) {
      continue;  // failed by its matrix or its legs, not by its if:
    }
    const unknown_refs refs = undetermined_scan(p.jobs[j].condition);
    if (!refs.any()) continue;
    bool ancestors_known = true;
    for (const std::uint32_t a :
         pipewright::schedule::ancestors(p, static_cast<std::uint32_t>(j))) {
      ancestors_known = ancestors_known && r.job_results[a] != status::undetermined;
    }
    if (!ancestors_known) continue;
    pipewright::expr::compile_options co;
    co.contexts = {"github", "needs", "vars", "inputs"};
    co.hash_files = false;
    auto e = pipewright::expr::compile(p.jobs[j].condition, co);
    if (!e) continue;
    ++t.checked;
    const std::string decided = s == status::success   ? "run"
                                : s == status::skipped ? "skip"
                                                       : "error";
    for (const std::string& c : undetermined_candidates(p.jobs[j].condition)) {
      const std::string got = undetermined_oracle(*wf, p, r, j, *e, refs, c);
      if (got != decided) {
        t.failures.push_back(where + ": planned " + decided + " but `" + p.jobs[j].condition +
                             "` gives " + got + " when the unknowns are '" + c + "'");
        break;
      }
    }
  }
}

}  // namespace

TEST(CorpusUndetermined, NoPlanStatesADecisionThatDependsOnAnUnknownAsAFact) {
  undetermined_tally t;
  const std::array events{pipewright::trigger::push_event("refs/heads/main"),
                          pipewright::trigger::pull_request_event("opened", "main")};
  for (const char* dir : undetermined_corpus_dirs) {
    const ufs::path root = ufs::path(PIPEWRIGHT_TEST_DATA_DIR) / dir;
    std::vector<ufs::path> files;
    std::error_code ec;
    for (auto it = ufs::recursive_directory_iterator(root, ec); !ec && it != ufs::end(it);
         it.increment(ec)) {
      const std::string ext = it->path().extension().string();
      if (it->is_regular_file() && (ext == ".yml" || ext == ".yaml")) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (const ufs::path& f : files) {
      for (const auto& ev : events) undetermined_check(f, ev, t);
    }
  }
  std::printf(
      "plans %zu, decided jobs reading an unknown %zu, undetermined jobs %zu, "
      "pending matrices %zu\n",
      t.plans, t.checked, t.undetermined, t.pending);
  // Not vacuous: the corpus has outputs-gated jobs, fork guards and dynamic matrices.
  EXPECT_GT(t.plans, 1000U);
  EXPECT_GT(t.checked, 0U);
  EXPECT_GT(t.undetermined, 0U);
  EXPECT_GT(t.pending, 0U);
  for (std::size_t i = 0; i < t.failures.size() && i < 30; ++i) ADD_FAILURE() << t.failures[i];
  EXPECT_TRUE(t.failures.empty()) << t.failures.size() << " decisions depend on unknowns";
}
