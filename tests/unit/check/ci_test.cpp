// Tests of lint for CI: include/pipewright/check/findings.hpp (suppressions and levels for every
// code), check/settings.hpp (the configuration file), check/runners.hpp (PW0908),
// check/security.hpp's PW0904 once per workflow and PW0907 for the repository itself, and
// export/findings.hpp (JSON, GitHub workflow commands, SARIF).
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "pipewright/check/findings.hpp"
#include "pipewright/check/names.hpp"
#include "pipewright/check/runners.hpp"
#include "pipewright/check/security.hpp"
#include "pipewright/check/settings.hpp"
#include "pipewright/export/findings.hpp"
#include "pipewright/render.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/yaml/workflow.hpp"
#include "pipewright/yaml/yaml.hpp"

namespace pw = pipewright;
using list = std::vector<std::string>;

namespace {

/// "line:col code severity" of each diagnostic.
list where(const std::vector<pw::diagnostic>& diags, std::string_view text) {
  list out;
  for (const auto& d : diags) {
    const auto lc = d.span.known() ? pw::locate(text, d.span.begin) : pw::line_col{};
    out.push_back(std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " + d.code + " " +
                  std::string(pw::severity_name(d.level)));
  }
  return out;
}

/// The reader's diagnostics plus the security findings (without their own comment handling),
/// finished with `options`.
std::vector<pw::diagnostic> lint(std::string_view text,
                                 const pw::lint::finish_options& options = {},
                                 const pw::lint::settings& config = {}) {
  auto report = pw::yaml::load_workflow_report(text);
  std::vector<pw::diagnostic> all = std::move(report.diagnostics);
  pw::lint::security_options so;
  so.comment_suppressions = false;
  for (auto& d : pw::lint::check_security(report.workflow, text, so)) all.push_back(std::move(d));
  for (auto& d : pw::lint::check_runner_labels(report.workflow, config))
    all.push_back(std::move(d));
  return pw::lint::finish(std::move(all), pw::line_index(text), options);
}

pw::result<pw::lint::settings> settings_of(std::string_view yaml) {
  auto doc = pw::yaml::load(yaml);
  EXPECT_TRUE(doc.ok());
  return pw::lint::read_settings(*doc);
}

const std::string bad_key =
    "on: push\n"
    "permissions: {}\n"
    "jobs:\n"
    "  build:\n"
    "    runs-on: ubuntu-latest\n"
    "    needs: nope\n"
    "    stepz: []\n";

}  // namespace

// --- suppressions and levels (lint::finish) ---------------------------------------------------

TEST(LintFinish, ACommentSilencesAnyCodeOnItsLineOrTheLineBelow) {
  ASSERT_EQ(where(lint(bad_key), bad_key),
            (list{"4:3 PW0703 error", "6:12 PW0701 error", "7:5 PW0401 error"}));
  std::string same = bad_key;
  same.replace(same.find("stepz: []"), 9, "stepz: []  # pipewright: ignore[PW0401]");
  const auto a = lint(same);
  for (const auto& d : a) EXPECT_NE(d.code, "PW0401") << d.message;

  std::string above = bad_key;
  above.replace(above.find("    stepz"), 0, "    # pipewright: ignore[PW0401]\n");
  const auto b = lint(above);
  for (const auto& d : b) EXPECT_NE(d.code, "PW0401") << d.message;
  EXPECT_EQ(a.size(), 2u);
  EXPECT_EQ(b.size(), 2u);
}

TEST(LintFinish, AnUnusedOrUnknownSuppressionIsANote) {
  const std::string w =
      "on: push  # pipewright: ignore[PW0906, PW9999]\n"
      "permissions: {}\n"
      "jobs:\n"
      "  build:\n"
      "    runs-on: ubuntu-latest\n"
      "    steps:\n"
      "      - run: echo hi\n";
  const auto d = lint(w);
  EXPECT_EQ(where(d, w), (list{"1:32 PW0004 note", "1:40 PW0004 note"}));
  EXPECT_NE(d[0].message.find("silences nothing"), std::string::npos) << d[0].message;
  EXPECT_NE(d[1].message.find("names no pipewright code"), std::string::npos) << d[1].message;
  // A code that is off, or whose checks did not run, is not reported as unused.
  pw::lint::finish_options off;
  off.levels.push_back({"PW0906", std::nullopt});
  EXPECT_EQ(where(lint(w, off), w), (list{"1:40 PW0004 note"}));
  pw::lint::finish_options unchecked;
  unchecked.not_checked.emplace_back("PW09");
  EXPECT_EQ(where(lint(w, unchecked), w), (list{"1:40 PW0004 note"}));
  pw::lint::finish_options quiet;
  quiet.report_unused = false;
  EXPECT_TRUE(lint(w, quiet).empty());
}

TEST(LintFinish, LevelsTurnCodesOffOrChangeTheirSeverity) {
  pw::lint::finish_options o;
  o.levels.push_back({"pw0401", pw::severity::note});  // codes compare ignoring case
  o.levels.push_back({"PW0701", std::nullopt});
  const auto d = lint(bad_key, o);
  ASSERT_FALSE(d.empty());
  for (const auto& x : d) {
    if (x.code == "PW0401") {
      EXPECT_EQ(x.level, pw::severity::note);
    }
    EXPECT_NE(x.code, "PW0701");
  }
}

TEST(LintFinish, SortsByPositionThenCode) {
  const std::string text = "abc\ndef\n";
  std::vector<pw::diagnostic> in;
  in.push_back(pw::make_error("PW0402", "b", {5, 6}));
  in.push_back(pw::make_error("PW0401", "a", {5, 6}));
  in.push_back(pw::make_error("PW0401", "c", {1, 2}));
  in.push_back(pw::make_error("PW0001", "no position"));
  EXPECT_EQ(where(pw::lint::finish(in, pw::line_index(text)), text),
            (list{"0:0 PW0001 error", "1:2 PW0401 error", "2:2 PW0401 error", "2:2 PW0402 error"}));
}

TEST(LintFinish, FindsEveryCodeOfAComment) {
  const std::string text = "a: 1 # pipewright: ignore[PW0101 , PW0102]\n# pipewright:ignore[x]\n";
  const auto s = pw::lint::find_suppressions(pw::line_index(text));
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].code, "PW0101");
  EXPECT_EQ(s[0].line, 1u);
  EXPECT_EQ(text.substr(s[1].span.begin, s[1].span.end - s[1].span.begin), "PW0102");
  EXPECT_EQ(s[2].line, 2u);
  EXPECT_TRUE(pw::lint::find_suppressions(pw::line_index("x: pipewright: ignore[PW0101]")).empty())
      << "outside a comment";
}

// --- the configuration file (lint::settings) --------------------------------------------------

TEST(LintSettings, ReadsEveryKey) {
  auto s = settings_of(
      "rules:\n  PW0906: off\n  PW0904: note\nignore: ['.github/workflows/gen-*.yml']\n"
      "runner-labels: [gpu]\nvars: [A]\nsecrets: [B]\n");
  ASSERT_TRUE(s.ok()) << s.diagnostics().front().message;
  ASSERT_EQ(s->levels.size(), 2u);
  EXPECT_FALSE(s->levels[0].level.has_value());
  EXPECT_EQ(s->levels[1].level, pw::severity::note);
  EXPECT_TRUE(s->ignores(".github/workflows/gen-a.yml"));
  EXPECT_TRUE(s->ignores("./.github/workflows/gen-a.yml"));
  EXPECT_FALSE(s->ignores(".github/workflows/ci.yml"));
  EXPECT_EQ(s->runner_labels, (list{"gpu"}));
  EXPECT_EQ(*s->vars, (list{"A"}));
  EXPECT_EQ(*s->secrets, (list{"B"}));
  EXPECT_TRUE(settings_of("").ok()) << "an empty file is empty settings";
}

TEST(LintSettings, ReportsEachProblemWithItsPlace) {
  const std::string text =
      "rules:\n  PW0906: loud\n  PW1234: off\nignore: [1]\nrunner_labels: [x]\n";
  auto s = settings_of(text);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(where(s.diagnostics(), text), (list{"2:11 PW0005 error", "3:3 PW0005 error",
                                                "4:10 PW0005 error", "5:1 PW0005 error"}));
  EXPECT_EQ(s.diagnostics()[0].path, "/rules/PW0906");
  EXPECT_NE(s.diagnostics()[3].message.find("runner-labels"), std::string::npos);
  EXPECT_FALSE(settings_of("[1]").ok());
  EXPECT_FALSE(settings_of("ignore: ['[']").ok()) << "an invalid glob";
}

// --- runner labels (PW0908) -------------------------------------------------------------------

TEST(LintRunnerLabels, OnlyWithTheRepositorysLabels) {
  const std::string w =
      "on: push\n"
      "permissions: {}\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: ubuntu-lates\n"
      "    steps: [{run: x}]\n"
      "  b:\n"
      "    runs-on: [self-hosted, GPU, ubuntu-20.04]\n"
      "    steps: [{run: x}]\n"
      "  c:\n"
      "    runs-on: ${{ matrix.os }}\n"
      "    strategy: {matrix: {os: [nope]}}\n"
      "    steps: [{run: x}]\n";
  EXPECT_TRUE(lint(w).empty()) << "no configuration: no guess";
  pw::lint::settings config;
  config.runner_labels = {"gpu"};
  const auto d = lint(w, {}, config);
  EXPECT_EQ(where(d, w), (list{"5:14 PW0908 warning", "8:33 PW0908 warning"}));
  EXPECT_EQ(d[0].path, "/jobs/a/runs-on");
  EXPECT_EQ(d[1].path, "/jobs/b/runs-on/2");
  EXPECT_NE(d[1].message.find("retired"), std::string::npos) << d[1].message;
}

// --- security: PW0904 once, PW0907 and the repository itself ----------------------------------

TEST(LintSecurityOnce, MissingPermissionsIsOneFindingNamingTheJobs) {
  const std::string w =
      "on: push\n"
      "jobs:\n"
      "  a: {runs-on: x, steps: [{run: x}]}\n"
      "  b: {runs-on: x, permissions: {}, steps: [{run: x}]}\n"
      "  c: {runs-on: x, steps: [{run: x}]}\n";
  const auto report = pw::yaml::load_workflow_report(w);
  const auto d = pw::lint::check_security(report.workflow, w);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(where(d, w), (list{"3:3 PW0904 warning"}));
  EXPECT_NE(d[0].message.find("2 jobs ('a', 'c') do not set permissions"), std::string::npos)
      << d[0].message;
}

TEST(LintSecurityOwnRepository, InheritIntoTheRepositorysOwnWorkflowIsFine) {
  const std::string w =
      "on: push\n"
      "permissions: {}\n"
      "jobs:\n"
      "  call:\n"
      "    uses: octo/app/.github/workflows/build.yml@main\n"
      "    secrets: inherit\n";
  const auto report = pw::yaml::load_workflow_report(w);
  auto codes_of = [](const std::vector<pw::diagnostic>& ds) {
    list out;
    for (const auto& d : ds) out.push_back(d.code);
    return out;
  };
  EXPECT_EQ(codes_of(pw::lint::check_security(report.workflow, w)), (list{"PW0906", "PW0907"}));
  pw::lint::security_options o;
  o.repository = "Octo/App";
  EXPECT_EQ(codes_of(pw::lint::check_security(report.workflow, w, o)), (list{"PW0906"}));
  o.repository = "octo/ap";
  EXPECT_EQ(codes_of(pw::lint::check_security(report.workflow, w, o)), (list{"PW0906", "PW0907"}));
}

// --- export: JSON, GitHub workflow commands, SARIF ---------------------------------------------

TEST(ExportFindings, JsonObjectHasPositionsAndEnds) {
  const std::string text = "a: 1\nb: h\xc3\xa9llo\n";
  pw::diagnostic d = pw::make_warning("PW0401", "m", {text.find("llo"), text.size() - 1}, "/b");
  d.notes.push_back("n");
  const auto v = pw::export_::diagnostic_json(d, "f.yml", pw::line_index(text));
  EXPECT_EQ(pw::json::dump(v, pw::json::compact_style),
            R"({"file":"f.yml","line":2,"column":6,"end_line":2,"end_column":9,"code":"PW0401",)"
            R"("severity":"warning","message":"m","path":"/b","notes":["n"]})");
}

TEST(ExportFindings, GithubCommandEscapesDataAndProperties) {
  const std::string text = "x\ny: 1\n";
  pw::diagnostic d = pw::make_error("PW0401", "50% bad: a, b\nnext", {2, 3});
  EXPECT_EQ(pw::export_::github_annotation(d, "dir,1/a:b.yml", pw::line_index(text)),
            "::error file=dir%2C1/a%3Ab.yml,line=2,col=1,endLine=2,endColumn=2,title=PW0401::50%25 "
            "bad: a, b%0Anext\n");
  d.level = pw::severity::note;
  d.span = {};
  EXPECT_EQ(pw::export_::github_annotation(d, "f", pw::line_index(text)),
            "::notice file=f,title=PW0401::50%25 bad: a, b%0Anext\n");
}

TEST(ExportFindings, SarifHasRulesResultsRegionsAndStableFingerprints) {
  const std::string text = "on: push\njobs:\n  a:\n    stepz: 1\n";
  std::vector<pw::diagnostic> diags{pw::make_error(
      "PW0401", "unknown key", {text.find("stepz"), text.find("stepz") + 5}, "/jobs/a/stepz")};
  auto describe = [](std::string_view code) -> std::string_view {
    return code == "PW0401" ? "A longer description." : "";
  };
  pw::export_::sarif_options o;
  o.describe = +describe;
  const std::vector<pw::export_::sarif_file> files{{"./.github/workflows/c i.yml", text, diags}};
  const pw::value log = pw::export_::sarif_log(files, o);
  EXPECT_EQ(log["version"].as_string(), "2.1.0");
  const pw::value& run = log["runs"][0];
  const pw::value& rules = run["tool"]["driver"]["rules"];
  EXPECT_EQ(rules.as_array().size(), std::size(pw::codes::all));
  const pw::value& result = run["results"][0];
  const std::size_t index = static_cast<std::size_t>(result["ruleIndex"].as_number());
  EXPECT_EQ(rules[index]["id"].as_string(), "PW0401");
  EXPECT_EQ(rules[index]["fullDescription"]["text"].as_string(), "A longer description.");
  EXPECT_EQ(rules[index]["name"].as_string(), "ModelUnexpectedValue");
  EXPECT_NE(
      rules[index]["helpUri"].as_string().find("/docs/errors.md#pw0401-model_unexpected_value"),
      std::string::npos);
  EXPECT_EQ(result["level"].as_string(), "error");
  const pw::value& loc = result["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"].as_string(), ".github/workflows/c%20i.yml");
  EXPECT_EQ(pw::json::dump(loc["region"], pw::json::compact_style),
            R"({"startLine":4,"startColumn":5,"endLine":4,"endColumn":10})");
  const std::string print(result["partialFingerprints"]["pipewrightFinding/v1"].as_string());
  EXPECT_EQ(print.size(), 18u);  // 16 hex digits and ":1"

  // Lines added above the finding keep its fingerprint; another finding differs.
  const std::string moved = "# comment\n" + text;
  std::vector<pw::diagnostic> moved_diags{pw::make_error(
      "PW0401", "unknown key", {moved.find("stepz"), moved.find("stepz") + 5}, "/jobs/a/stepz")};
  moved_diags.push_back(moved_diags.front());
  const std::vector<pw::export_::sarif_file> again{{"c.yml", moved, moved_diags}};
  const pw::value log2 = pw::export_::sarif_log(again);
  const pw::value& results2 = log2["runs"][0]["results"];
  EXPECT_EQ(results2[0]["partialFingerprints"]["pipewrightFinding/v1"].as_string(), print);
  EXPECT_NE(results2[1]["partialFingerprints"]["pipewrightFinding/v1"].as_string(), print)
      << "the same finding twice is told apart";
}

TEST(ExportFindings, ASpanThatTakesInALineEndingEndsOnItsLine) {
  const std::string text = "a:\r\n  b: 1\r\nc: 2\n";
  const pw::diagnostic d = pw::make_error("PW0401", "m", {0, text.find("c:")});
  const auto r = pw::export_::region_of(d, pw::line_index(text));
  EXPECT_EQ(r.start, (pw::line_col{1, 1}));
  EXPECT_EQ(r.end, (pw::line_col{2, 7}));
}

// --- vars and secrets names (PW0909) ------------------------------------------------------------

TEST(LintContextNames, OnlyTheListedNamesAndOnlyWithAList) {
  const std::string w =
      "on: push\n"
      "jobs:\n"
      "  a:\n"
      "    if: vars.DEPLOY == 'yes' && vars.DEPOLY\n"
      "    runs-on: x\n"
      "    env:\n"
      "      T: ${{ secrets.npm_token }} ${{ secrets['NPM_TOKN'] }} ${{ secrets.GITHUB_TOKEN }}\n"
      "    steps:\n"
      "      - run: echo '${{ vars.deploy }} ${{ vars.Other }}'\n"
      "        if: ${{ secrets.X != '' }}\n";
  auto doc = pw::yaml::load(w);
  ASSERT_TRUE(doc.ok());
  pw::lint::settings config;
  EXPECT_TRUE(pw::lint::check_context_names(*doc, w, config).empty()) << "no lists, no check";
  config.vars = std::vector<std::string>{"DEPLOY"};
  const auto v = pw::lint::check_context_names(*doc, w, config);
  EXPECT_EQ(where(v, w), (list{"4:38 PW0909 warning", "9:48 PW0909 warning"}));
  EXPECT_EQ(v[0].path, "/jobs/a/if");
  EXPECT_NE(v[0].message.find("'vars.DEPOLY'"), std::string::npos) << v[0].message;
  EXPECT_EQ(v[0].notes, (list{"known: DEPLOY"}));
  config.vars.reset();
  config.secrets = std::vector<std::string>{"NPM_TOKEN"};
  const auto s = pw::lint::check_context_names(*doc, w, config);
  EXPECT_EQ(where(s, w), (list{"7:48 PW0909 warning", "10:25 PW0909 warning"}));
  EXPECT_EQ(s[1].path, "/jobs/a/steps/0/if");
}
