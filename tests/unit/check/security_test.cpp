// Tests of include/pipewright/check/security.hpp (workflows read through the YAML glue).
#include "pipewright/check/security.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "pipewright/render.hpp"
#include "pipewright/yaml/workflow.hpp"

namespace pw = pipewright;

namespace {

/// "line:col code" of every finding (with the workflow's read errors, if any, first).
std::vector<std::string> check(std::string_view text, const pw::lint::security_options& o = {}) {
  auto report = pw::yaml::load_workflow_report(text);
  std::vector<std::string> out;
  for (const auto& d : report.diagnostics) {
    if (d.is_error()) out.push_back("read error: " + d.message);
  }
  for (const auto& d : pw::lint::check_security(report.workflow, text, o)) {
    const auto lc = pw::locate(text, d.span.begin);
    out.push_back(std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " + d.code);
  }
  return out;
}

std::vector<pw::diagnostic> findings(std::string_view text) {
  auto report = pw::yaml::load_workflow_report(text);
  return pw::lint::check_security(report.workflow, text);
}

/// A workflow with `permissions` set and one job whose steps are `steps` (indented by 6).
std::string job(std::string_view steps, std::string_view on = "push") {
  return "on: " + std::string(on) +
         "\n"
         "permissions: {}\n"
         "jobs:\n"
         "  build:\n"
         "    runs-on: ubuntu-latest\n"
         "    steps:\n" +
         std::string(steps);
}

using list = std::vector<std::string>;

}  // namespace

// --- PW0901 untrusted input -------------------------------------------------------------

TEST(LintSecurityUntrustedInput, ReportsATitleInARunScriptAtTheExpression) {
  const std::string w = job("      - run: echo '${{ github.event.issue.title }}'\n");
  EXPECT_EQ(check(w), (list{"7:24 PW0901"}));
  const auto d = findings(w);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].level, pw::severity::warning);
  EXPECT_EQ(d[0].path, "/jobs/build/steps/0/run");
  EXPECT_NE(d[0].message.find("'github.event.issue.title'"), std::string::npos);
  ASSERT_EQ(d[0].notes.size(), 1u);
  EXPECT_NE(d[0].notes[0].find("environment variable"), std::string::npos);
}

TEST(LintSecurityUntrustedInput, ReportsEveryDocumentedField) {
  const char* fields[] = {"github.event.issue.title",
                          "github.event.issue.body",
                          "github.event.pull_request.title",
                          "github.event.pull_request.body",
                          "github.event.comment.body",
                          "github.event.review.body",
                          "github.event.review_comment.body",
                          "github.event.pages[0].page_name",
                          "github.event.commits[0].message",
                          "github.event.head_commit.message",
                          "github.event.head_commit.author.email",
                          "github.event.head_commit.author.name",
                          "github.event.commits[1].author.email",
                          "github.event.commits[1].author.name",
                          "github.event.pull_request.head.ref",
                          "github.event.pull_request.head.label",
                          "github.event.pull_request.head.repo.default_branch",
                          "github.head_ref",
                          "github.event.discussion.title",
                          "github.event.discussion.body",
                          "github.event.workflow_run.head_branch",
                          "github.event.workflow_run.head_commit.message"};
  for (const char* f : fields) {
    const std::string w = job("      - run: echo \"${{ " + std::string(f) + " }}\"\n");
    EXPECT_EQ(check(w), (list{"7:24 PW0901"})) << f;
  }
}

TEST(LintSecurityUntrustedInput, IgnoresTrustedFields) {
  const std::string w =
      job("      - run: |\n"
          "          echo ${{ github.event.pull_request.head.sha }} ${{ github.ref }}\n"
          "          echo ${{ github.event.issue.number }} ${{ "
          "github.event.pull_request.head.repo.full_name }}\n"
          "          echo ${{ github.event.issue.title.length }} ${{ inputs.name }} ${{ env.TITLE "
          "}}\n");
  EXPECT_EQ(check(w), list{});
}

TEST(LintSecurityUntrustedInput, FollowsIndexAccessWithStringKeys) {
  const std::string w =
      job("      - run: echo ${{ github['event']['pull_request']['TITLE'] }}\n"
          "      - run: echo ${{ github.event['head_commit'].author['name'] }}\n"
          "      - run: echo ${{ GITHUB.Event.Issue.Body }}\n");
  EXPECT_EQ(check(w), (list{"7:23 PW0901", "8:23 PW0901", "9:23 PW0901"}));
}

TEST(LintSecurityUntrustedInput, FollowsObjectFiltersAndReportsEveryField) {
  const std::string w = job("      - run: echo '${{ toJSON(github.event.*.body) }}'\n");
  const auto d = findings(w);
  ASSERT_EQ(d.size(), 1u);
  for (const char* f : {"comment.body", "discussion.body", "issue.body", "pull_request.body",
                        "review.body", "review_comment.body"}) {
    EXPECT_NE(d[0].message.find(std::string("'github.event.") + f + "'"), std::string::npos) << f;
  }
  EXPECT_EQ(check(job("      - run: echo ${{ join(github.event.commits.*.message) }}\n")),
            (list{"7:28 PW0901"}));
  // An index after a filter picks an element of the filtered array.
  EXPECT_EQ(check(job("      - run: echo ${{ github.event.commits.*.author.name[0] }}\n")),
            (list{"7:23 PW0901"}));
}

TEST(LintSecurityUntrustedInput, ReportsNestedIndexesEachAtItsOwnPosition) {
  // actionlint's err/nested_untrusted_input.yaml.
  const std::string w =
      job("      - run: echo ${{ github.event.pages[github.event.commits[github.event.issue.title]"
          ".author.name].page_name }}\n");
  EXPECT_EQ(check(w), (list{"7:23 PW0901", "7:42 PW0901", "7:63 PW0901"}));
}

TEST(LintSecurityUntrustedInput, IgnoresUsesThatOnlyGiveABoolean) {
  const std::string w =
      job("      - run: echo ${{ contains(github.event.pull_request.title, '[skip]') }}\n"
          "      - run: echo ${{ startsWith(github.head_ref, 'x') && 'a' || 'b' }}\n"
          "      - run: echo ${{ github.event.issue.title == 'x' }} ${{ !github.head_ref }}\n"
          "      - run: echo ${{ case(github.head_ref == 'main', 'prod', 'dev') }}\n");
  EXPECT_EQ(check(w), list{});
}

TEST(LintSecurityUntrustedInput, ReportsValuesThatFlowThroughFunctionsAndOperators) {
  const std::string w =
      job("      - run: echo ${{ format('{0}!', github.event.issue.title) }}\n"
          "      - run: echo ${{ github.head_ref || 'main' }}\n"
          "      - run: echo ${{ case(true, github.head_ref, 'x') }}\n"
          "      - run: echo ${{ fromJSON(github.event.comment.body) }}\n");
  EXPECT_EQ(check(w), (list{"7:38 PW0901", "8:23 PW0901", "9:34 PW0901", "10:32 PW0901"}));
}

TEST(LintSecurityUntrustedInput, ReportsWholeObjectsOnlyWhenSerialised) {
  const std::string w =
      job("      - run: echo '${{ toJSON(github.event.pull_request) }}'\n"
          "      - run: echo '${{ github.event.pull_request }}'\n");
  const auto d = findings(w);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(pw::locate(w, d[0].span.begin).line, 7u);
  EXPECT_NE(d[0].message.find("'github.event.pull_request' (an object holding untrusted fields)"),
            std::string::npos);
}

TEST(LintSecurityUntrustedInput, DoesNotReportTheEnvironmentVariableFix) {
  const std::string w =
      job("      - run: echo \"$TITLE\"\n"
          "        env:\n"
          "          TITLE: ${{ github.event.issue.title }}\n"
          "      - uses: actions/stale@v9\n"
          "        with:\n"
          "          stale-pr-message: ${{ github.event.pull_request.title }} was closed\n"
          "        if: github.event.issue.title != ''\n");
  EXPECT_EQ(check(w), list{});
}

TEST(LintSecurityUntrustedInput, ReportsGithubScriptScripts) {
  const std::string w =
      job("      - uses: actions/github-script@v7\n"
          "        with:\n"
          "          script: |\n"
          "            console.log('${{ github.event.head_commit.author.name }}')\n"
          "      - uses: someone/github-script@v7\n"
          "        with:\n"
          "          script: console.log('${{ github.event.issue.title }}')\n");
  const auto d = findings(w);
  ASSERT_EQ(d.size(), 2u);  // PW0901 for the first step, PW0906 for the second
  EXPECT_EQ(d[0].code, "PW0901");
  EXPECT_EQ(d[0].path, "/jobs/build/steps/0/with/script");
  EXPECT_EQ(pw::locate(w, d[0].span.begin), (pw::line_col{10, 30}));
  EXPECT_NE(d[0].notes[0].find("process.env"), std::string::npos);
  EXPECT_EQ(d[1].code, "PW0906");
}

TEST(LintSecurityUntrustedInput, FindsExpressionsInBlockScalarsAndParallelSteps) {
  const std::string w =
      job("      - run: |\n"
          "          echo start\n"
          "          echo \"${{ 'literal' }} ${{ github.sha }}\" \\\n"
          "            \"${{ github.head_ref }}\"\n"
          "      - parallel:\n"
          "          - run: echo ${{ github.event.issue.body }}\n"
          "          - run: echo ok\n");
  EXPECT_EQ(check(w), (list{"10:18 PW0901", "12:27 PW0901"}));
  const auto d = findings(w);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[1].path, "/jobs/build/steps/1/parallel/0/run");
}

// --- PW0902 / PW0903 untrusted checkout ----------------------------------------------------

namespace {
std::string checkout_workflow(std::string_view on, std::string_view ref,
                              std::string_view after = "      - run: npm test\n") {
  return "on: " + std::string(on) +
         "\n"
         "permissions: {}\n"
         "jobs:\n"
         "  test:\n"
         "    runs-on: ubuntu-latest\n"
         "    env:\n"
         "      JOB_SECRET: ${{ secrets.JOB_TOKEN }}\n"
         "    steps:\n"
         "      - run: echo ${{ secrets.BEFORE }}\n"
         "      - uses: actions/checkout@v4\n"
         "        with:\n"
         "          ref: " +
         std::string(ref) + "\n" + std::string(after);
}
}  // namespace

TEST(LintSecurityUntrustedCheckout, ReportsPullRequestTargetRunningTheHead) {
  const std::string w =
      checkout_workflow("pull_request_target", "${{ github.event.pull_request.head.sha }}");
  EXPECT_EQ(check(w), (list{"7:23 PW0903", "12:20 PW0902"}));
  const auto d = findings(w);
  EXPECT_EQ(d[1].path, "/jobs/test/steps/1/with/ref");
  EXPECT_NE(d[1].message.find("pull_request_target"), std::string::npos);
}

TEST(LintSecurityUntrustedCheckout, ReportsWorkflowRunAndOtherHeadRefs) {
  EXPECT_EQ(check(checkout_workflow("workflow_run", "${{ github.event.workflow_run.head_sha }}")),
            (list{"7:23 PW0903", "12:20 PW0902"}));
  EXPECT_EQ(check(checkout_workflow("[pull_request_target]", "${{ github.head_ref }}")),
            (list{"7:23 PW0903", "12:20 PW0902"}));
  EXPECT_EQ(check(checkout_workflow("{pull_request_target: {types: [opened]}}",
                                    "refs/pull/${{ github.event.pull_request.number }}/merge")),
            (list{"7:23 PW0903", "12:30 PW0902"}));
}

TEST(LintSecurityUntrustedCheckout, ReportsSecretsGivenToStepsAfterTheCheckout) {
  const std::string w =
      checkout_workflow("pull_request_target", "${{ github.head_ref }}",
                        "      - run: make\n"
                        "        env:\n"
                        "          NPM: ${{ secrets.NPM_TOKEN }}\n"
                        "      - uses: some/action@0123456789abcdef0123456789abcdef01234567\n"
                        "        with:\n"
                        "          token: ${{ secrets.GITHUB_TOKEN }}\n");
  EXPECT_EQ(check(w), (list{"7:23 PW0903", "12:20 PW0902", "15:20 PW0903", "18:22 PW0903"}));
  const auto d = findings(w);
  EXPECT_NE(d[2].message.find("'secrets.NPM_TOKEN'"), std::string::npos);
  EXPECT_EQ(d[2].path, "/jobs/test/steps/2/env/NPM");
}

TEST(LintSecurityUntrustedCheckout, IgnoresSafeVariants) {
  // pull_request runs without the base repository's secrets.
  EXPECT_EQ(check(checkout_workflow("pull_request", "${{ github.event.pull_request.head.sha }}")),
            list{});
  // The base branch is what pull_request_target checks out by default.
  EXPECT_EQ(check(checkout_workflow("pull_request_target", "${{ github.base_ref }}")), list{});
  // Checked out but nothing runs afterwards.
  EXPECT_EQ(check(checkout_workflow("pull_request_target", "${{ github.head_ref }}",
                                    "      - uses: actions/upload-artifact@v4\n")),
            list{});
}

TEST(LintSecurityUntrustedCheckout, CountsALocalActionAsRunningCode) {
  const std::string w = checkout_workflow("pull_request_target", "${{ github.head_ref }}",
                                          "      - uses: ./.github/actions/build\n");
  EXPECT_EQ(check(w), (list{"7:23 PW0903", "12:20 PW0902"}));
}

// --- PW0904 / PW0905 permissions -----------------------------------------------------------

TEST(LintSecurityPermissions, ReportsJobsWithoutPermissionsAtTheirId) {
  const std::string w =
      "on: push\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: ubuntu-latest\n"
      "    steps: [{run: echo}]\n"
      "  b:\n"
      "    runs-on: ubuntu-latest\n"
      "    permissions:\n"
      "      contents: read\n"
      "    steps: [{run: echo}]\n";
  EXPECT_EQ(check(w), (list{"3:3 PW0904"}));
  EXPECT_EQ(findings(w)[0].path, "/jobs/a");
}

TEST(LintSecurityPermissions, AcceptsWorkflowLevelPermissionsAndReusableWorkflows) {
  EXPECT_EQ(check("on: push\npermissions: read-all\n"
                  "jobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n"),
            list{});
  EXPECT_EQ(check("on: workflow_call\n"
                  "jobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n"),
            list{});
  EXPECT_EQ(check("on: [workflow_call, push]\n"
                  "jobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n"),
            (list{"3:3 PW0904"}));
}

TEST(LintSecurityPermissions, ReportsWriteAllAtWorkflowAndJobLevel) {
  const std::string w =
      "on: push\n"
      "permissions: write-all\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: x\n"
      "    permissions: write-all\n"
      "    steps: [{run: echo}]\n";
  EXPECT_EQ(check(w), (list{"2:14 PW0905", "6:18 PW0905"}));
  EXPECT_EQ(findings(w)[1].path, "/jobs/a/permissions");
}

// --- PW0906 pinning -----------------------------------------------------------------------

TEST(LintSecurityPinning, ReportsThirdPartyTagsAsNotes) {
  const std::string w = job(
      "      - uses: actions/checkout@v4\n"
      "      - uses: github/codeql-action/init@v3\n"
      "      - uses: ./.github/actions/local\n"
      "      - uses: "
      "docker://alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
      "      - uses: someone/action@0123456789abcdef0123456789abcdef01234567\n"
      "      - uses: someone/action@v1\n"
      "      - uses: someone/action/sub@main\n"
      "      - uses: docker://alpine:3\n");
  EXPECT_EQ(check(w), (list{"12:15 PW0906", "13:15 PW0906", "14:15 PW0906"}));
  const auto d = findings(w);
  EXPECT_EQ(d[0].level, pw::severity::note);
  EXPECT_NE(d[0].notes[0].find("someone/action@<sha> # v1"), std::string::npos);
}

TEST(LintSecurityPinning, ChecksReusableWorkflowCalls) {
  const std::string w =
      "on: push\n"
      "permissions: {}\n"
      "jobs:\n"
      "  call:\n"
      "    uses: org/repo/.github/workflows/ci.yml@main\n"
      "  local:\n"
      "    uses: ./.github/workflows/ci.yml\n";
  EXPECT_EQ(check(w), (list{"5:11 PW0906"}));
}

// --- PW0907 secrets: inherit ---------------------------------------------------------------

TEST(LintSecuritySecretsInherit, ReportsInheritIntoAnotherRepository) {
  const std::string w =
      "on: push\n"
      "permissions: {}\n"
      "jobs:\n"
      "  call:\n"
      "    uses: org/repo/.github/workflows/ci.yml@0123456789abcdef0123456789abcdef01234567\n"
      "    secrets: inherit\n"
      "  local:\n"
      "    uses: ./.github/workflows/ci.yml\n"
      "    secrets: inherit\n"
      "  root:\n"
      "    uses: $/.github/workflows/ci.yml\n"
      "    secrets: inherit\n"
      "  explicit:\n"
      "    uses: org/repo/.github/workflows/ci.yml@0123456789abcdef0123456789abcdef01234567\n"
      "    secrets:\n"
      "      token: ${{ secrets.TOKEN }}\n";
  EXPECT_EQ(check(w), (list{"6:14 PW0907"}));
  EXPECT_EQ(findings(w)[0].path, "/jobs/call/secrets");
}

// --- Suppression --------------------------------------------------------------------------

TEST(LintSecuritySuppression, ACommentOnTheLineOrAboveSilencesItsCodes) {
  const std::string w =
      "on: push\n"
      "jobs:\n"
      "  # pipewright: ignore PW0904\n"
      "  a:\n"
      "    runs-on: x\n"
      "    steps:\n"
      "      - run: echo ${{ github.head_ref }}  # pipewright: ignore[PW0906, PW0901]\n"
      "      - run: echo ok\n"
      "      - run: echo ${{ github.head_ref }}  # pipewright: ignore[PW0906]\n"
      "      # pipewright: ignore[PW0901]\n"
      "      - run: |\n"
      "          echo ${{ github.head_ref }}\n"
      "      - run: |  # pipewright: ignore[PW0901]\n"
      "          echo ${{ github.head_ref }}\n"
      "  b:  # pipewright: ignore PW0904\n"
      "    runs-on: x\n"
      "    steps: [{run: echo}]\n";
  // Line 3's comment has no brackets (PW0904, once per workflow, sits at the first job without
  // permissions); line 9 names another code; line 12 is two lines below its comment.
  EXPECT_EQ(check(w), (list{"4:3 PW0904", "9:23 PW0901", "12:20 PW0901"}));
}

TEST(LintSecuritySuppression, OptionsIgnoreCodesAndCanTurnCommentsOff) {
  const std::string w =
      "on: push\n"
      "jobs:\n"
      "  a:  # pipewright: ignore[pw0904]\n"
      "    runs-on: x\n"
      "    steps:\n"
      "      - run: echo ${{ github.head_ref }}\n"
      "      - uses: some/action@v1\n";
  EXPECT_EQ(check(w), (list{"6:23 PW0901", "7:15 PW0906"}));
  pw::lint::security_options o;
  o.ignore = {"PW0906", "pw0901"};
  EXPECT_EQ(check(w, o), list{});
  o.ignore.clear();
  o.comment_suppressions = false;
  EXPECT_EQ(check(w, o), (list{"3:3 PW0904", "6:23 PW0901", "7:15 PW0906"}));
}

// --- Robustness ---------------------------------------------------------------------------

TEST(LintSecurity, WorksWithoutSourceAndOnBrokenWorkflows) {
  const std::string w = job("      - run: echo ${{ github.head_ref }}\n");
  auto report = pw::yaml::load_workflow_report(w);
  const auto d = pw::lint::check_security(report.workflow);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "PW0901");
  EXPECT_TRUE(d[0].span.known());  // the scalar's span: no source to refine it
  for (std::string_view bad : {"", "on: push", "jobs: 3", "on: push\njobs:\n  a: {steps: 7}\n",
                               "on: push\njobs:\n  a:\n    steps:\n      - run: ${{ github. }}\n",
                               "on: [pull_request_target]\njobs:\n  a:\n    steps:\n"
                               "      - uses: actions/checkout@v4\n        with: {ref: 3}\n"}) {
    auto r = pw::yaml::load_workflow_report(bad);
    (void)pw::lint::check_security(r.workflow, bad);
  }
}
