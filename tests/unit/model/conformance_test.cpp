// GitHub's workflow parser suite (actions/languageservices workflow-parser/testdata/reader,
// copied to tests/data/model/workflow-parser), the real-world corpus (tests/data/model/corpus)
// and the seed workflows (tests/data/model/seeds).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/render.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/value/number_format.hpp"
#include "pipewright/yaml/workflow.hpp"
#include "test_support.hpp"

namespace pw = pipewright;
namespace model = pipewright::model;
namespace fs = std::filesystem;

namespace {

const std::string data_dir = PIPEWRIGHT_TEST_DATA_DIR "/model";

/// Splits a suite file into its YAML documents (separated by `---` lines).
std::vector<std::string> documents(const std::string& text) {
  std::vector<std::string> out(1);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    if (line == "---") {
      out.emplace_back();
    } else {
      out.back().append(text, pos, end - pos);
      out.back() += '\n';
    }
    pos = end + 1;
  }
  return out;
}

/// A canonical text for a token of GitHub's converted workflow.
std::string canon_expected(const pw::value& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return "s:" + std::string(v.as_string());
  if (v.is_bool()) return v.as_bool() ? "b:true" : "b:false";
  if (v.is_number()) {
    const double d = v.as_number();
    if (d != d || d - d != 0) return "s:" + pw::format_number(d, pw::number_style::g15);
    return "n:" + pw::format_number(d, pw::number_style::g15);
  }
  if (v.is_object()) {
    // Tokens with source information (include-source: true).
    if (v.as_object().contains("lit")) return canon_expected(v["lit"]);
    if (v.as_object().contains("bool")) return canon_expected(v["bool"]);
    if (v.as_object().contains("num")) return canon_expected(v["num"]);
    const double type = v["type"].as_number();
    if (type == 3) return "e:" + std::string(v["expr"].as_string());
    if (type == 1) {
      std::string out = "[";
      for (const pw::value& x : v["seq"].as_array()) out += canon_expected(x) + ",";
      return out + "]";
    }
    if (type == 2) {
      std::string out = "{";
      for (const pw::value& x : v["map"].as_array()) {
        out += std::string(x["Key"].as_string()) + "=" + canon_expected(x["Value"]) + ",";
      }
      return out + "}";
    }
  }
  return "?";
}

/// GitHub's expression text for a templated string (a lone `${{ }}` body, or the format()
/// rewrite).
std::string expression_text(std::string_view raw) {
  auto segments = pw::expr::split_template(raw);
  if (!segments) return "?";
  if (segments->size() == 1 && segments->front().is_expression) return segments->front().text;
  std::string fmt;
  std::string args;
  int n = 0;
  for (const auto& s : *segments) {
    if (s.is_expression) {
      fmt += "{" + std::to_string(n++) + "}";
      args += ", " + s.text;
      continue;
    }
    for (char c : s.text) {
      if (c == '\'') {
        fmt += "''";
      } else if (c == '{') {
        fmt += "{{";
      } else if (c == '}') {
        fmt += "}}";
      } else {
        fmt += c;
      }
    }
  }
  return "format('" + fmt + "'" + args + ")";
}

std::string canon(const model::template_value& t) {
  if (t.is_expression()) return "e:" + expression_text(t.raw.as_string());
  return canon_expected(t.raw);
}
std::string canon(const std::optional<model::template_value>& t) {
  return t ? canon(*t) : "-";
}

/// A scalar as GitHub's converted workflow prints it where strings are expected.
std::string canon_text(const pw::value& v) {
  return "s:" + model::schema::literal_text(v);
}

/// The exporter: the fields the suite compares, as canonical text.
std::vector<std::string> export_model(const model::workflow& w, const pw::value& raw_jobs) {
  std::vector<std::string> out;
  for (const model::job& j : w.jobs) {
    std::string line = "job " + j.id;
    line += " name=" + (j.name ? canon(*j.name) : "s:" + j.id);
    line += " needs=";
    for (const auto& n : j.needs) line += n.text + ",";
    line += " if=e:" + j.condition.text;
    if (j.kind == model::job_kind::normal) {
      // runs-on in the converted form: string, sequence or mapping of the YAML value.
      const pw::value& ro = raw_jobs[j.id]["runs-on"];
      std::string r;
      if (j.runs_on && j.runs_on->expression) {
        r = canon(*j.runs_on->expression);
      } else if (ro.is_array()) {
        r = "[";
        for (const auto& l : j.runs_on->labels)
          r += l.is_expression() ? canon(l) + "," : canon_text(l.raw) + ",";
        r += "]";
      } else if (ro.is_object()) {
        r = "{";
        for (const auto& [k, v] : ro.as_object()) {
          r += k + "=";
          if (v.is_array()) {
            r += "[";
            for (const auto& x : v.as_array()) r += canon_text(x) + ",";
            r += "]";
          } else {
            r += canon_text(v);
          }
          r += ",";
        }
        r += "}";
      } else if (j.runs_on && !j.runs_on->labels.empty()) {
        r = canon_text(j.runs_on->labels.front().raw);
      } else {
        r = "-";
      }
      line += " runs-on=" + r;
    }
    line += " coe=" + canon(j.continue_on_error);
    line += " timeout=" + canon(j.timeout_minutes);
    out.push_back(line);
    for (const model::step& s : j.steps) {
      out.push_back("  step " + s.id + " if=e:" + s.condition.text +
                    " coe=" + canon(s.continue_on_error) + " timeout=" + canon(s.timeout_minutes));
    }
  }
  return out;
}

std::vector<std::string> export_expected(const pw::value& expected) {
  std::vector<std::string> out;
  for (const pw::value& j : expected["jobs"].as_array()) {
    std::string line = "job " + canon_expected(j["id"]).substr(2);
    line += " name=" + canon_expected(j["name"]);
    line += " needs=";
    for (const pw::value& n : j["needs"].as_array()) line += canon_expected(n).substr(2) + ",";
    line += " if=" + canon_expected(j["if"]);
    if (j["type"].as_string() == "job" || j["type"]["lit"].as_string() == "job")
      line += " runs-on=" + canon_expected(j["runs-on"]);
    line += " coe=" + canon_expected(j["continue-on-error"]);
    line += " timeout=" + canon_expected(j["timeout-minutes"]);
    out.push_back(line);
    for (const pw::value& s : j["steps"].as_array()) {
      out.push_back("  step " + canon_expected(s["id"]).substr(2) + " if=" +
                    canon_expected(s["if"]) + " coe=" + canon_expected(s["continue-on-error"]) +
                    " timeout=" + canon_expected(s["timeout-minutes"]));
    }
  }
  return out;
}

/// Line numbers ("Line: N") of the expected errors that are in the workflow itself; -1 for
/// an error without a line, or in another file.
std::vector<int> expected_lines(const pw::value& expected, const std::string& file) {
  std::vector<int> out;
  for (const pw::value& e : expected["errors"].as_array()) {
    const std::string m(e["Message"].as_string());
    const std::size_t at = m.find("(Line: ");
    const bool own = m.rfind(".github/workflows/" + file, 0) == 0;
    if (at == std::string::npos || !own) {
      out.push_back(-1);
      continue;
    }
    out.push_back(std::atoi(m.c_str() + at + 7));
  }
  return out;
}

/// Empty when one of `diags` is GitHub's error `message` ("FILE (Line: L, Col: C): TEXT",
/// or TEXT alone): the same text (GitHub cuts messages at 500 characters and adds "[...]";
/// then the text must start with what is left), at line L and column C of the workflow when
/// FILE is the workflow itself, or with a note "in FILE (Line: L, Col: C)" for another file.
std::string expected_message_found(const std::string& message, const std::string& file,
                                   const std::string& workflow,
                                   const std::vector<pw::diagnostic>& diags) {
  std::string where;
  std::string text = message;
  const std::size_t lp = message.find(" (Line: ");
  const std::size_t colon = message.find("): ");
  if (lp != std::string::npos && colon != std::string::npos && lp < colon &&
      message.find(' ') == lp) {
    where = message.substr(0, colon + 1);
    text = message.substr(colon + 3);
  }
  bool cut = false;
  if (text.size() >= 5 && text.compare(text.size() - 5, 5, "[...]") == 0) {
    text.resize(text.size() - 5);
    cut = true;
  }
  const std::string own = ".github/workflows/" + file + " (Line: ";
  for (const pw::diagnostic& d : diags) {
    if (!d.is_error()) continue;
    if (cut ? d.message.rfind(text, 0) != 0 : d.message != text) continue;
    if (where.empty()) return {};
    if (where.rfind(own, 0) == 0) {
      const pw::line_col lc = pw::locate(workflow, d.span.begin);
      const std::string at = ".github/workflows/" + file + " (Line: " + std::to_string(lc.line) +
                             ", Col: " + std::to_string(lc.column) + ")";
      if (d.span.known() && at == where && d.notes.empty()) return {};
      continue;
    }
    for (const std::string& n : d.notes) {
      if (n.rfind("in " + where + ",", 0) == 0) return {};
    }
  }
  return "no error '" + message + "'";
}

std::string group_of(const std::string& name) {
  const std::size_t dash = name.find('-');
  std::string g = name.substr(0, dash == std::string::npos ? name.find('.') : dash);
  if (g == "errors" && dash != std::string::npos) {
    const std::size_t next = name.find_first_of("-.", dash + 1);
    g += "-" + name.substr(dash + 1, next - dash - 1);
  }
  return g;
}

std::string option(const std::string& options, const std::string& key) {
  const std::size_t at = options.find(key + ":");
  if (at == std::string::npos) return {};
  std::size_t b = at + key.size() + 1;
  while (b < options.size() && options[b] == ' ') ++b;
  const std::size_t e = options.find_first_of(" \n#", b);
  return options.substr(b, e - b);
}

/// Cases pipewright does not pass, with the reason (docs/compatibility.md explains each).
const std::map<std::string, std::string>& known_failures() {
  static const std::map<std::string, std::string> m = {
#include "conformance_known_failures.inc"
  };
  return m;
}

struct outcome {
  bool pass = false;
  std::string detail;
};

outcome run_case(const std::string& file, const std::string& text) {
  const std::vector<std::string> docs = documents(text);
  if (docs.size() < 3) return {false, "malformed case"};
  const std::string& options = docs.front();
  const std::string& workflow = docs[1];
  auto expected = pw::json::parse(docs.back());
  if (!expected) return {false, "expected output is not JSON"};
  pw::yaml::workflow_options o;
  if (auto d = option(options, "max-depth"); !d.empty()) {
    o.read.validate.max_depth = static_cast<std::size_t>(std::stoul(d));
  }
  if (auto d = option(options, "max-file-size"); !d.empty()) {
    o.load.limits.max_bytes = static_cast<std::size_t>(std::stoul(d));
  }
  if (auto d = option(options, "max-job-limit"); !d.empty()) {
    o.read.max_jobs = static_cast<std::size_t>(std::stoul(d));
  }
  // The called workflows: pairs of (reference, YAML) between the workflow and the result.
  std::map<std::string, std::string> called;
  for (std::size_t i = 2; i + 1 < docs.size() - 1; i += 2) {
    std::string ref = docs[i];
    while (!ref.empty() && (ref.back() == '\n' || ref.back() == ' ')) ref.pop_back();
    called[ref] = docs[i + 1];
  }
  if (!called.empty()) {
    o.resolver = [&called](std::string_view uses) -> std::optional<std::string> {
      const auto it = called.find(std::string(uses));
      if (it == called.end()) return std::nullopt;
      return it->second;
    };
  }
  if (auto d = option(options, "max-nested-reusable-workflows-depth"); !d.empty()) {
    o.calls.max_depth = static_cast<std::size_t>(std::stoul(d));
  }
  if (option(options, "permissions-policy") == "LimitedRead") {
    o.calls.default_permissions = model::permissions_policy::limited_read;
  }
  const model::read_report r = pw::yaml::load_workflow_report(workflow, o);
  const std::string rendered = pw::render_all(r.diagnostics, workflow, file);
  if (expected->as_object().contains("errors")) {
    if (r.ok()) return {false, "expected errors, got none"};
    if (!called.empty()) {
      // Cross-file cases: every expected message, at its place, word for word.
      for (const pw::value& e : (*expected)["errors"].as_array()) {
        const std::string why = expected_message_found(std::string(e["Message"].as_string()), file,
                                                       workflow, r.diagnostics);
        if (!why.empty()) return {false, why + "; got:\n" + rendered};
      }
    }
    std::set<std::size_t> lines;
    for (const auto& d : r.diagnostics) {
      if (d.is_error()) lines.insert(d.span.known() ? pw::locate(workflow, d.span.begin).line : 0);
    }
    for (int line : expected_lines(*expected, file)) {
      if (line > 0 && lines.count(static_cast<std::size_t>(line)) == 0) {
        return {false, "no error at line " + std::to_string(line) + "; got:\n" + rendered};
      }
    }
    return {true, {}};
  }
  // GitHub's parser accepts these; GitHub rejects the workflow only when it would run
  // (docs/compatibility.md), so the converted workflow is still compared.
  for (const auto& d : r.diagnostics) {
    if (d.is_error() && d.code != pw::codes::model_filter_conflict) {
      return {false, "unexpected errors:\n" + rendered};
    }
  }
  auto raw = pw::yaml::load(workflow, o.load);
  const std::vector<std::string> got =
      export_model(r.workflow, raw ? raw->root["jobs"] : pw::value());
  const std::vector<std::string> want = export_expected(*expected);
  if (got != want) {
    std::string d = "model differs:\n";
    for (std::size_t i = 0; i < std::max(got.size(), want.size()); ++i) {
      const std::string g = i < got.size() ? got[i] : "<none>";
      const std::string e = i < want.size() ? want[i] : "<none>";
      if (g != e) d += "  got  " + g + "\n  want " + e + "\n";
    }
    return {false, d};
  }
  return {true, {}};
}

}  // namespace

TEST(ModelConformance, GitHubWorkflowParserSuite) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(data_dir + "/workflow-parser")) {
    if (e.path().extension() == ".yml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 190u);
  std::map<std::string, std::pair<int, int>> groups;  // passed, total
  int passed = 0;
  std::string unexpected;
  for (const fs::path& p : files) {
    const std::string name = p.filename().string();
    const outcome o = run_case(name, pw::test::read_data(p.string()));
    auto& g = groups[group_of(name)];
    ++g.second;
    if (o.pass) {
      ++g.first;
      ++passed;
    }
    const auto known = known_failures().find(name);
    if (o.pass && known != known_failures().end()) {
      unexpected += "PASSES but is listed as a known failure: " + name + "\n";
    } else if (!o.pass && known == known_failures().end()) {
      unexpected += "FAILS: " + name + ": " + o.detail + "\n";
    }
  }
  std::string report = "workflow-parser suite: " + std::to_string(passed) + "/" +
                       std::to_string(files.size()) + " pass\n";
  for (const auto& [g, n] : groups) {
    report += "  " + g + ": " + std::to_string(n.first) + "/" + std::to_string(n.second) + "\n";
  }
  report += "known failures (" + std::to_string(known_failures().size()) + "):\n";
  for (const auto& [f, why] : known_failures()) report += "  " + f + ": " + why + "\n";
  std::printf("%s", report.c_str());
  EXPECT_TRUE(unexpected.empty()) << unexpected;
}

// The word-for-word matcher of the cross-file cases must reject near misses.
TEST(ModelConformance, MessageMatcherNeedsTheSameTextAndPlace) {
  const std::string wf = "on: push\njobs:\n  a:\n    uses: o/r/.github/workflows/b.yml@v1\n";
  const std::size_t uses = wf.find("o/r");  // line 4, column 11
  pw::diagnostic d = pw::make_error("PW0416", "Input x is required.", {uses, uses + 3});
  const std::string own = ".github/workflows/t.yml (Line: 4, Col: 11): Input x is required.";
  EXPECT_EQ(expected_message_found(own, "t.yml", wf, {d}), "");
  EXPECT_NE(
      expected_message_found(own, "t.yml", wf,
                             {pw::make_error("PW0416", "Input x is required", {uses, uses + 3})}),
      "");
  EXPECT_NE(
      expected_message_found(".github/workflows/t.yml (Line: 4, Col: 12): Input x is required.",
                             "t.yml", wf, {d}),
      "");
  EXPECT_EQ(expected_message_found(".github/workflows/t.yml (Line: 4, Col: 11): Input x is[...]",
                                   "t.yml", wf, {d}),
            "");
  const std::string nested =
      "o/r/.github/workflows/b.yml@v1 (Line: 5, Col: 3): Input x is required.";
  EXPECT_NE(expected_message_found(nested, "t.yml", wf, {d}), "");
  d.notes.push_back("in o/r/.github/workflows/b.yml@v1 (Line: 5, Col: 3), called from job 'a'");
  EXPECT_EQ(expected_message_found(nested, "t.yml", wf, {d}), "");
  EXPECT_NE(expected_message_found(own, "t.yml", wf, {d}), "");  // not at the call itself
  EXPECT_EQ(expected_message_found("Input x is required.", "t.yml", wf, {d}), "");
}

TEST(ModelConformance, RealWorldCorpusAgreesWithGitHubsParser) {
  const std::string tsv = pw::test::read_data(data_dir + "/corpus/GITHUB_PARSER.tsv");
  ASSERT_FALSE(tsv.empty());
  int ok_files = 0;
  int ok_agree = 0;
  int error_files = 0;
  int error_agree = 0;
  std::string misses;
  std::size_t pos = tsv.find('\n') + 1;
  while (pos < tsv.size()) {
    std::size_t end = tsv.find('\n', pos);
    if (end == std::string::npos) end = tsv.size();
    const std::string line = tsv.substr(pos, end - pos);
    pos = end + 1;
    const std::size_t t1 = line.find('\t');
    const std::size_t t2 = line.find('\t', t1 + 1);
    if (t1 == std::string::npos || t2 == std::string::npos) continue;
    const std::string path = line.substr(0, t1);
    const std::string verdict = line.substr(t1 + 1, t2 - t1 - 1);
    const std::string text = pw::test::read_data(data_dir + "/corpus/" + path);
    const model::read_report r = pw::yaml::load_workflow_report(text);
    if (verdict == "ok") {
      ++ok_files;
      if (r.ok()) {
        ++ok_agree;
      } else {
        misses += "  ok at GitHub, errors here: " + path + "\n" +
                  pw::render_all(r.diagnostics, text, path);
      }
    } else {
      ++error_files;
      if (!r.ok()) {
        ++error_agree;
      } else {
        misses += "  error at GitHub (" + line.substr(line.rfind('\t') + 1) +
                  "), none here: " + path + "\n";
      }
    }
  }
  std::printf(
      "corpus: %d/%d files GitHub accepts load without error; %d/%d files GitHub "
      "rejects get an error\n%s",
      ok_agree, ok_files, error_agree, error_files, misses.c_str());
  EXPECT_EQ(ok_agree, ok_files) << misses;
  EXPECT_EQ(error_agree, error_files) << misses;
}

TEST(ModelConformance, SeedWorkflowsLoadAndFragmentsAreRejected) {
  for (const auto& e : fs::directory_iterator(data_dir + "/seeds")) {
    const std::string name = e.path().filename().string();
    const std::string text = pw::test::read_data(e.path().string());
    const model::read_report r = pw::yaml::load_workflow_report(text);
    const bool rejected =
        name.rfind("fragment-", 0) == 0 || name.find("branch-protection") != std::string::npos;
    if (rejected) {
      EXPECT_FALSE(r.ok()) << name << " should be rejected";
    } else {
      EXPECT_TRUE(r.ok()) << pw::render_all(r.diagnostics, text, name);
    }
  }
}
