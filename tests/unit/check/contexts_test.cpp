// Tests of include/pipewright/check/contexts.hpp: the typed contexts and the semantic checks
// PW0910-PW0917, on defective workflows, on valid tricky ones (include-only matrix keys,
// dynamic matrices, case-insensitive and number comparisons, outputs of run and action steps,
// workflow_call inputs) and on the corpora (tests/data/model/corpus/real, whose files GitHub's
// parser accepts, and act's and actionlint's valid test workflows): every finding there is listed
// and reviewed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/check/contexts.hpp"
#include "pipewright/render.hpp"
#include "pipewright/yaml/workflow.hpp"
#include "pipewright/yaml/yaml.hpp"
#include "test_support.hpp"

namespace {

namespace pw = pipewright;
using strings = std::vector<std::string>;

/// The semantic checks as `pipewright lint` runs them: on the document the reader loaded.
std::vector<pw::diagnostic> semantic_findings(std::string_view text) {
  std::optional<pw::document> doc;
  auto report = pw::yaml::load_workflow_report(text, {}, doc);
  if (!doc) return {};
  return pw::lint::check_contexts(*doc, text, report.workflow);
}

/// "line:column code" per finding.
strings placed(const std::vector<pw::diagnostic>& diags, std::string_view text) {
  strings out;
  for (const auto& d : diags) {
    const auto lc = d.span.known() ? pw::locate(text, d.span.begin) : pw::line_col{};
    out.push_back(std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " + d.code);
  }
  return out;
}

bool all_warnings(const std::vector<pw::diagnostic>& diags) {
  return std::all_of(diags.begin(), diags.end(),
                     [](const pw::diagnostic& d) { return d.level == pw::severity::warning; });
}

}  // namespace

TEST(LintContexts, ReportsPropertiesThatCannotExistAtTheirColumn) {
  const std::string w =
      "on:\n"
      "  workflow_dispatch:\n"
      "    inputs:\n"
      "      target: {type: string}\n"
      "jobs:\n"
      "  build:\n"
      "    runs-on: ubuntu-latest\n"
      "    outputs:\n"
      "      version: ${{ steps.v.outputs.version }}\n"
      "    strategy:\n"
      "      matrix:\n"
      "        os: [a, b]\n"
      "    steps:\n"
      "      - id: v\n"
      "        run: echo ${{ github.refs }} ${{ runner.oss }} ${{ matrix.oss }}\n"
      "      - run: echo ${{ inputs.taget }} ${{ steps.v.outcom }} ${{ job.stats }}\n"
      "      - run: echo ${{ strategy.job_index }} ${{ steps.w.outputs.x }}\n"
      "  test:\n"
      "    needs: build\n"
      "    runs-on: ubuntu-latest\n"
      "    steps:\n"
      "      - run: echo ${{ needs.build.outputs.versoin }} ${{ needs.build.reslt }}\n"
      "      - run: echo ${{ needs.deploy.result }} ${{ matrix.os }}\n";
  const auto d = semantic_findings(w);
  EXPECT_EQ(placed(d, w),
            (strings{"15:30 PW0910", "15:49 PW0910", "15:67 PW0910", "16:30 PW0910", "16:51 PW0910",
                     "16:69 PW0910", "17:32 PW0910", "17:55 PW0910", "22:43 PW0910", "22:70 PW0910",
                     "23:29 PW0910", "23:57 PW0910"}));
  EXPECT_TRUE(all_warnings(d));
  ASSERT_EQ(d.size(), 12u);
  EXPECT_EQ(d[0].message,
            "'github.refs' cannot exist: the github context has no such property; did you mean "
            "'ref'?");
  EXPECT_EQ(d[0].path, "/jobs/build/steps/0/run");
  ASSERT_EQ(d[0].notes.size(), 1u);
  EXPECT_EQ(d[0].notes[0].rfind("known: action, action_path,", 0), 0u) << d[0].notes[0];
  EXPECT_NE(d[2].message.find("'matrix.oss'"), std::string::npos) << d[2].message;
  EXPECT_NE(d[2].message.find("did you mean 'os'?"), std::string::npos) << d[2].message;
  EXPECT_EQ(d[2].notes, (strings{"known: os"}));
  EXPECT_NE(d[3].message.find("did you mean 'target'?"), std::string::npos) << d[3].message;
  EXPECT_NE(d[4].message.find("did you mean 'outcome'?"), std::string::npos) << d[4].message;
  EXPECT_NE(d[6].message.find("did you mean 'job-index'?"), std::string::npos) << d[6].message;
  EXPECT_EQ(d[7].notes, (strings{"known: v"}));  // only the steps before this one
  EXPECT_NE(d[8].message.find("did you mean 'version'?"), std::string::npos) << d[8].message;
  EXPECT_EQ(d[8].notes, (strings{"known: version"}));
  EXPECT_EQ(d[10].notes, (strings{"known: build"}));
  EXPECT_NE(d[11].message.find("the job has no matrix"), std::string::npos) << d[11].message;
}

TEST(LintContexts, ReportsANeedThatIsNotDirect) {
  const std::string w =
      "on: push\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: x\n"
      "    outputs: {v: '1'}\n"
      "    steps: [{run: echo}]\n"
      "  b:\n"
      "    needs: a\n"
      "    runs-on: x\n"
      "    steps: [{run: echo}]\n"
      "  c:\n"
      "    needs: [b]\n"
      "    if: needs.a.outputs.v == '1'\n"
      "    runs-on: x\n"
      "    steps: [{run: echo}]\n";
  const auto d = semantic_findings(w);
  EXPECT_EQ(placed(d, w), (strings{"13:15 PW0911"}));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].message,
            "'needs.a' reads job 'a', which is not in this job's needs: (b); the needs context "
            "holds only direct needs, so it is null");
  EXPECT_EQ(d[0].path, "/jobs/c/if");
}

TEST(LintContexts, ReportsAStepReadBeforeItRuns) {
  const std::string w =
      "on: push\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: x\n"
      "    steps:\n"
      "      - run: echo ${{ steps.later.outputs.x }}\n"
      "      - id: later\n"
      "        if: steps.later.outcome == 'success'\n"
      "        run: echo\n"
      "      - run: echo ${{ steps.later.outputs.x }}\n";
  const auto d = semantic_findings(w);
  EXPECT_EQ(placed(d, w), (strings{"6:29 PW0912", "8:19 PW0912"}));
  ASSERT_EQ(d.size(), 2u);
  EXPECT_NE(d[0].message.find("before it runs (it is step 2 of the job, this is step 1)"),
            std::string::npos)
      << d[0].message;
  EXPECT_NE(d[1].message.find("in its own step"), std::string::npos) << d[1].message;
}

TEST(LintContexts, ReportsAnIfWithTextOutsideItsExpression) {
  const std::string w =
      "on: push\n"
      "jobs:\n"
      "  a:\n"
      "    if: ${{ github.ref }} == 'refs/heads/main'\n"
      "    runs-on: x\n"
      "    steps:\n"
      "      - if: ${{ false }} \n"
      "        run: echo\n"
      "      - if: \"true && ${{ false }}\"\n"
      "        run: echo\n"
      "      - if: ${{ false }}\n"
      "        run: echo\n"
      "      - if: github.ref == 'x'\n"
      "        run: echo\n"
      "      - uses: some/action@v1\n"
      "        with: {if: github.refs, else: 'a ${{ 1 }}'}\n"  // inputs, not conditions
      "      - parallel:\n"
      "          - if: ${{ true }} x\n"
      "            run: echo\n";
  const auto d = semantic_findings(w);
  // A plain scalar loses its trailing space: `${{ false }} ` is one expression.
  EXPECT_EQ(placed(d, w), (strings{"4:9 PW0913", "9:13 PW0913", "18:17 PW0913"}));
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].path, "/jobs/a/if");
}

TEST(LintContexts, ReportsAnExcludeEntryThatMatchesNothing) {
  const std::string w =
      "on: push\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: x\n"
      "    strategy:\n"
      "      matrix:\n"
      "        os: [linux, windows]\n"
      "        v: [1, 2]\n"
      "        exclude:\n"
      "          - os: linux\n"
      "            v: 2\n"
      "          - os: macos\n"
      "          - os: windows\n"
      "            v: 3\n"
      "    steps: [{run: echo}]\n"
      "  dynamic:\n"
      "    runs-on: x\n"
      "    strategy:\n"
      "      matrix:\n"
      "        os: ${{ fromJSON('[\"linux\"]') }}\n"
      "        exclude: [{os: macos}]\n"
      "    steps: [{run: echo}]\n";
  const auto d = semantic_findings(w);
  EXPECT_EQ(placed(d, w), (strings{"12:13 PW0914", "13:13 PW0914"}));
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].path, "/jobs/a/strategy/matrix/exclude/1");
}

TEST(LintContexts, ReportsDeprecatedWorkflowCommands) {
  const std::string w =
      "on: push\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: x\n"
      "    steps:\n"
      "      - run: |\n"
      "          echo \"::set-output name=x::1\"\n"
      "          # echo \"::set-output name=x::1\" (a comment)\n"
      "          echo ::save-state name=s::1; echo '::set-env name=A::b'\n"
      "          echo \"::add-path::/bin\"\n"
      "          echo \"::set-outputs are not a command\"\n"
      "          echo \"x=1\" >> $GITHUB_OUTPUT\n"
      "      - name: echo ::set-output name=x::1\n"
      "        run: echo\n";
  const auto d = semantic_findings(w);
  EXPECT_EQ(placed(d, w), (strings{"7:17 PW0915", "9:16 PW0915", "9:46 PW0915", "10:17 PW0915"}));
  ASSERT_EQ(d.size(), 4u);
  EXPECT_NE(d[0].message.find("'set-output' is a deprecated workflow command"), std::string::npos)
      << d[0].message;
  EXPECT_NE(d[2].message.find("GitHub disabled it in 2020"), std::string::npos) << d[2].message;
}

TEST(LintContexts, AcceptsValidTrickyWorkflows) {
  const std::string w =
      "on:\n"
      "  workflow_call:\n"
      "    inputs:\n"
      "      level: {type: number}\n"
      "    outputs:\n"
      "      v:\n"
      "        value: ${{ jobs.build.outputs.version }} ${{ jobs.call.outputs.anything }}\n"
      "  workflow_dispatch:\n"
      "    inputs:\n"
      "      name: {type: string}\n"
      "jobs:\n"
      "  build:\n"
      "    runs-on: ${{ matrix.os }}\n"
      "    outputs:\n"
      "      version: ${{ steps.run.outputs.anything }}${{ steps.act.outputs.other }}\n"
      "    strategy:\n"
      "      matrix:\n"
      "        os: [linux]\n"
      "        include:\n"
      "          - os: linux\n"
      "            extra: 1\n"
      "          - only-here: yes\n"
      "    steps:\n"
      "      - id: run\n"
      "        run: echo \"anything=1\" >> $GITHUB_OUTPUT\n"
      "      - id: act\n"
      "        uses: actions/cache@v4\n"
      "        with:\n"
      "          key: ${{ matrix.extra }} ${{ matrix.only-here }} ${{ matrix.OS }}\n"
      "      - run: echo ${{ steps.run.outputs.x }} ${{ steps.ACT.conclusion }}\n"
      "        env:\n"
      "          A: ${{ env.ANYTHING }} ${{ vars.X }} ${{ secrets.Y }} ${{ github.event.a.b }}\n"
      "          B: ${{ inputs.level }} ${{ inputs.NAME }} ${{ github.repositoryurl }}\n"
      "          C: ${{ steps.*.outputs.x }} ${{ matrix[inputs.name] }} ${{ runner.workspace }}\n"
      "          D: ${{ job.services.db.ports }} ${{ strategy.job-index }} ${{ github['sha'] }}\n"
      "  dyn:\n"
      "    needs: [build, call]\n"
      "    runs-on: x\n"
      "    strategy:\n"
      "      matrix: ${{ fromJSON(needs.build.outputs.version) }}\n"
      "    steps:\n"
      "      - run: echo ${{ matrix.whatever }} ${{ needs.call.outputs.any }} ${{ matrix.a == 'b' "
      "}}\n"
      "        if: ${{ needs.build.result == 'success' }}\n"
      "  inc:\n"
      "    runs-on: x\n"
      "    strategy:\n"
      "      matrix:\n"
      "        os: [a]\n"
      "        include: ${{ fromJSON('[]') }}\n"
      "    steps:\n"
      "      - run: echo ${{ matrix.whatever }} ${{ matrix.os == 'b' }}\n"
      "  call:\n"
      "    uses: ./.github/workflows/other.yml\n"
      "    with: {x: '${{ inputs.name }}'}\n";
  const auto d = semantic_findings(w);
  EXPECT_EQ(placed(d, w), strings{});
}

// Both comparison tests read a workflow whose dispatch inputs have these types (lines 1-7).
const std::string typed_dispatch_inputs =
    "on:\n"
    "  push:\n"
    "  workflow_dispatch:\n"
    "    inputs:\n"
    "      count: {type: number}\n"
    "      flag: {type: boolean}\n"
    "      env: {type: choice, options: [staging, prod]}\n";

TEST(LintContexts, ReportsComparisonsThatCanNeverBeTrue) {
  const std::string w =
      typed_dispatch_inputs +
      "jobs:\n"
      "  a:\n"
      "    runs-on: ${{ matrix.os }}\n"
      "    strategy:\n"
      "      matrix:\n"
      "        os: [ubuntu-latest, windows-latest]\n"
      "        include: [{os: macos-latest}]\n"
      "    steps:\n"
      "      - id: s\n"
      "        if: inputs.count == 'abc' || inputs.flag == 'true'\n"
      "        run: echo ${{ inputs.env == 'production' }}\n"
      "      - if: matrix.os == 'ubuntu-lastest' && steps.s.outcome != 'sucess'\n"
      "        run: echo ${{ contains(github.ref, 'main') == 'true' }}\n"
      "      - if: github.event_name == 'pull-request' || runner.os == 'linus'\n"
      "        run: echo ${{ job.status == 'succeeded' }} ${{ (runner.arch == 'x86_64') }}\n"
      "  b:\n"
      "    needs: a\n"
      "    if: needs.a.result == 'succeeded'\n"
      "    runs-on: x\n"
      "    steps: [{run: echo}]\n";
  const auto d = semantic_findings(w);
  EXPECT_EQ(placed(d, w), (strings{"17:13 PW0916", "17:38 PW0916", "18:23 PW0916", "19:13 PW0916",
                                   "19:46 PW0916", "20:23 PW0916", "21:13 PW0916", "21:52 PW0916",
                                   "22:23 PW0916", "22:57 PW0916", "25:9 PW0916"}));
  EXPECT_TRUE(all_warnings(d));
  ASSERT_EQ(d.size(), 11u);
  EXPECT_NE(d[0].message.find("this == is always false: 'inputs.count' can only be any number, "
                              "null (input 'count' has type number)"),
            std::string::npos)
      << d[0].message;
  EXPECT_NE(d[3].message.find("'matrix.os' can only be 'ubuntu-latest', 'windows-latest', "
                              "'macos-latest'"),
            std::string::npos)
      << d[3].message;
  EXPECT_NE(d[4].message.find("this != is always true"), std::string::npos) << d[4].message;
  EXPECT_NE(d[6].message.find("'push', 'workflow_dispatch'"), std::string::npos) << d[6].message;
}

TEST(LintContexts, ReportsCallsThatFailByTheirLiteralText) {
  // Failing: fromJSON of a literal that is not JSON; format with too few arguments, a lone
  // brace, a specifier. Not reported: valid literals, a format string or JSON text read
  // from a context, an argument that is a call (which might fail on its own).
  const std::string w =
      "on: push\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: ubuntu-latest\n"
      "    steps:\n"
      "      - run: echo ${{ fromJSON('{not json}') }}\n"
      "      - run: echo ${{ format('{0}-{1}', github.ref) }}\n"
      "      - run: echo ${{ format('{0', github.ref) }} ${{ format('{0:x}', 1) }}\n"
      "      - run: echo ${{ fromJSON('[1, 2]')[0] }} ${{ format('{0}-{{1}}', github.ref) }}\n"
      "      - run: echo ${{ fromJSON(env.J) }} ${{ format(env.F, 1) }}\n"
      "      - run: echo ${{ format('{0}', fromJSON(env.J)) }} ${{ format('{1}', toJSON(github)) "
      "}}\n";
  const auto d = semantic_findings(w);
  EXPECT_EQ(placed(d, w), (strings{"6:23 PW0917", "7:23 PW0917", "8:23 PW0917", "8:55 PW0917"}));
  EXPECT_TRUE(all_warnings(d));
  ASSERT_EQ(d.size(), 4u);
  EXPECT_NE(d[1].message.find("references more arguments than were supplied"), std::string::npos)
      << d[1].message;
}

TEST(LintContexts, AcceptsComparisonsThatCanBeTrue) {
  const std::string w =
      typed_dispatch_inputs +
      "      name: {type: string}\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: x\n"
      "    outputs: {x: a}\n"
      "    strategy:\n"
      "      matrix:\n"
      "        os: [ubuntu-latest]\n"
      "        node: [18, 20]\n"
      "        include: [{os: ubuntu-latest, experimental: true}, {special: only}]\n"
      "    steps:\n"
      "      - if: inputs.count == '1' && inputs.count == 1 && inputs.count != ''\n"
      "        run: echo ${{ inputs.flag == true }} ${{ inputs.flag == 1 }} ${{ inputs.flag }}\n"
      "      - if: inputs.env == 'PROD' && inputs.name == 'anything' && inputs.env != 'staging'\n"
      "        run: echo ${{ runner.os == 'linux' }} ${{ runner.arch == 'arm64' }}\n"
      "      - if: matrix.special == 'only' && matrix.experimental == true && matrix.node == '18'\n"
      "        run: echo ${{ matrix.os == 'UBUNTU-LATEST' }} ${{ matrix.special == null }}\n"
      "      - if: fromJSON(inputs.name) == 'x' && format('{0}', 1) == '1' && 'a' == 'b'\n"
      "        run: echo ${{ github.event_name == 'workflow_dispatch' }} ${{ job.status == "
      "'Success' }}\n"
      "  b:\n"
      "    needs: a\n"
      "    if: needs.a.result == 'skipped' && needs.a.outputs.x == 'y'\n"
      "    runs-on: x\n"
      "    steps: [{run: echo}]\n";
  const auto d = semantic_findings(w);
  EXPECT_EQ(placed(d, w), strings{});
}

TEST(LintContexts, EventNameOfACalledWorkflowIsOpen) {
  // A called workflow sees its caller's event, whatever its own on: says.
  const std::string called =
      "on: [push, workflow_call]\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: x\n"
      "    if: github.event_name == 'pull_request'\n"
      "    steps: [{run: echo}]\n";
  EXPECT_EQ(placed(semantic_findings(called), called), strings{});
  const std::string own = "on: [push]\n" + called.substr(called.find('\n') + 1);
  EXPECT_EQ(placed(semantic_findings(own), own), (strings{"5:9 PW0916"}));
}

TEST(LintContexts, InputsWithoutADeclaringEventCannotExist) {
  const std::string w =
      "on: push\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: x\n"
      "    steps: [{run: 'echo ${{ inputs.x }}'}]\n";
  const auto d = semantic_findings(w);
  EXPECT_EQ(placed(d, w), (strings{"5:36 PW0910"}));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].notes, (strings{"known: none"}));
}

// Every finding on the 384 real workflows (380 of which GitHub's parser accepts,
// GITHUB_PARSER.tsv), reviewed one by one: each is a defect GitHub runs into.
TEST(LintContexts, FindsOnlyTheReviewedDefectsInTheRealCorpus) {
  const std::filesystem::path dir =
      std::filesystem::path(PIPEWRIGHT_TEST_DATA_DIR) / "model/corpus/real";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 384u);
  strings found;
  for (const auto& path : files) {
    const std::string text = pw::test::read_data(path.string());
    const auto d = semantic_findings(text);
    EXPECT_TRUE(all_warnings(d)) << path;
    for (const std::string& p : placed(d, text))
      found.push_back(path.filename().string() + ":" + p);
  }
  const strings reviewed = {
      // `github.event_name != 'pull_request'` in a workflow that runs on workflow_dispatch and
      // push only: the condition is always true.
      "actions__runner__release.yml:99:11 PW0916",
      "actions__runner__release.yml:120:11 PW0916",
      // `echo "::set-output name=..."` in run: scripts.
      "apache__arrow__cpp.yml:177:17 PW0915",
      "apache__arrow__cpp.yml:273:17 PW0915",
      // `inputs.bump`: workflow_dispatch declares only `version`; the value is always ''.
      "astral-sh__uv__release-prepare.yml:63:34 PW0910",
      // `matrix.cxxflags`: no axis or include entry defines it; CXXFLAGS is always ''.
      "catchorg__Catch2__linux-meson-builds.yml:31:53 PW0910",
      "catchorg__Catch2__linux-other-builds.yml:84:29 PW0910",
      "catchorg__Catch2__linux-other-builds.yml:130:29 PW0910",
      "catchorg__Catch2__linux-simple-builds.yml:103:29 PW0910",
      "catchorg__Catch2__mac-builds-m1.yml:26:29 PW0910",
      "catchorg__Catch2__mac-builds.yml:26:29 PW0910",
      // `needs.setup.outputs.src` in jobs that need checkout-linux / checkout-windows, not
      // setup: needs.setup is null, so these if: conditions are always false.
      "electron__electron__build.yml:231:19 PW0911",
      "electron__electron__build.yml:300:19 PW0911",
      "electron__electron__build.yml:323:19 PW0911",
      "electron__electron__build.yml:345:19 PW0911",
      "electron__electron__build.yml:366:19 PW0911",
      "electron__electron__build.yml:399:19 PW0911",
      "electron__electron__build.yml:420:19 PW0911",
      "electron__electron__build.yml:439:19 PW0911",
      // `matrix.os == 'macos-13'`: the only os is macos-14, so the Xcode 14.3 step never runs.
      "fmtlib__fmt__macos.yml:35:15 PW0916",
      // `github.event_name == 'pull_request'` in a workflow that runs on
      // branch_protection_rule, schedule and push only: that part of the if: is dead.
      "google__gson__scorecard.yml:25:70 PW0916",
      // `::set-output` in run: scripts.
      "home-assistant__core__ci.yml:61:17 PW0915",
      "home-assistant__core__ci.yml:68:17 PW0915",
      "home-assistant__core__ci.yml:147:17 PW0915",
      "home-assistant__core__ci.yml:149:17 PW0915",
      "home-assistant__core__ci.yml:151:17 PW0915",
      "home-assistant__core__ci.yml:153:17 PW0915",
      "home-assistant__core__ci.yml:155:17 PW0915",
      "home-assistant__core__ci.yml:157:17 PW0915",
      "home-assistant__core__ci.yml:479:17 PW0915",
      "python__cpython__build.yml:33:19 PW0915",
      "python__cpython__build.yml:34:19 PW0915",
      "python__cpython__build.yml:50:103 PW0915",
      "python__cpython__build.yml:51:110 PW0915",
      // `needs.changes.outputs.macossign`: job `changes` declares nine outputs, not this one
      // (a paths-filter filter of that name is not forwarded), so it is always ''.
      "tauri-apps__tauri__udeps.yml:74:29 PW0910",
      "tauri-apps__tauri__udeps.yml:104:48 PW0910",
      // `matrix.rustflags`, `matrix.target`, `matrix.rust`: keys of other jobs' matrices.
      "tokio-rs__tokio__ci.yml:671:120 PW0910",
      "tokio-rs__tokio__ci.yml:756:30 PW0910",
      "tokio-rs__tokio__ci.yml:1210:39 PW0910",
  };
  EXPECT_EQ(found, reviewed);
  EXPECT_EQ(found.size(), 39u);
}

// act's and actionlint's workflows that are meant to be valid: only act's deliberate uses of
// the deprecated commands (its tests of those commands) are reported.
TEST(LintContexts, FindsOnlyDeprecatedCommandsInActAndActionlintValidWorkflows) {
  const std::filesystem::path root = std::filesystem::path(PIPEWRIGHT_TEST_DATA_DIR) / "corpus";
  std::vector<std::filesystem::path> files;
  for (const char* sub : {"act", "actionlint/testdata/ok"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / sub)) {
      const std::string ext = entry.path().extension().string();
      if (entry.is_regular_file() && (ext == ".yml" || ext == ".yaml")) {
        files.push_back(entry.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 200u);
  std::size_t deprecated = 0;
  for (const auto& path : files) {
    const std::string text = pw::test::read_data(path.string());
    for (const auto& d : semantic_findings(text)) {
      EXPECT_EQ(d.code, "PW0915") << path << ": " << d.message;
      EXPECT_EQ(d.level, pw::severity::warning);
      ++deprecated;
    }
  }
  EXPECT_EQ(deprecated, 18u);
}

// Every YAML file of act's and actionlint's test data (workflows, broken files, action
// metadata, configuration): the checks never fail on them and give only warnings, so no
// file's lint verdict changes. The counts on actionlint's 1,503 real workflows
// (realworld/dataset, no verdict of GitHub's) and its projects are pinned: the 72 findings
// other than PW0915 were read one by one (undefined step ids, matrix keys of jobs without
// them, `if: (! ${{ ... }} )`, a step read two steps early, `steps.x.python-versions`
// without `.outputs`); the PW0915 ones are `echo "::set-output ..."` lines. The 16 PW0916
// were read too: 9 compare github.event_name with an event the workflow does not run on (dead
// or always-true parts of an if:; one `== 'disabled'` on purpose), 1 `startsWith(...) ==
// 'true'` (a Boolean never equals 'true'), 6 compare a matrix key with a value it does not
// have (steps that never run).
TEST(LintContexts, GivesOnlyWarningsOnTheWholeCorpus) {
  const std::filesystem::path root = std::filesystem::path(PIPEWRIGHT_TEST_DATA_DIR) / "corpus";
  std::size_t files = 0;
  std::map<std::string, std::size_t> realworld;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".yml" && ext != ".yaml")) continue;
    ++files;
    const std::string text = pw::test::read_data(entry.path().string());
    const auto d = semantic_findings(text);
    EXPECT_TRUE(all_warnings(d)) << entry.path();
    const std::string rel = std::filesystem::relative(entry.path(), root).string();
    if (rel.rfind("actionlint/testdata/realworld/", 0) == 0 ||
        rel.rfind("actionlint/testdata/projects/", 0) == 0) {
      for (const auto& f : d) ++realworld[f.code];
    }
  }
  EXPECT_EQ(files, 2056u);
  EXPECT_EQ(realworld,
            (std::map<std::string, std::size_t>{
                {"PW0910", 69}, {"PW0912", 1}, {"PW0913", 2}, {"PW0915", 398}, {"PW0916", 16}}));
}

TEST(LintContexts, JobFinderAgreesWithFindJob) {
  pw::model::workflow wf;
  for (const char* id : {"build", "Build", "test", "d\xc3\xa9ploy", "D\xc3\x89PLOY", "lint"}) {
    pw::model::job j;
    j.id = id;
    wf.jobs.push_back(std::move(j));
  }
  for (int k = 0; k < 200; ++k) {  // past the first table sizes
    pw::model::job j;
    j.id = "job_" + std::to_string(k);
    wf.jobs.push_back(std::move(j));
  }
  const pw::lint::detail::job_finder jobs(wf);
  EXPECT_EQ(jobs.find("BUILD"), &wf.jobs[0]);  // the first spelling wins
  EXPECT_EQ(jobs.find("Build"), &wf.jobs[0]);
  EXPECT_EQ(jobs.find("d\xc3\x89ploy"), &wf.jobs[3]);
  EXPECT_EQ(jobs.find("JOB_199"), &wf.jobs[205]);
  EXPECT_EQ(jobs.find("job_200"), nullptr);
  EXPECT_EQ(jobs.find(""), nullptr);
  for (const std::string_view id : {"build", "TEST", "test ", "tes", "lint", "LINT", "job_0",
                                    "job_57", "Job_57", "job_", "deploy", "D\xc3\xa9PLOY"}) {
    EXPECT_EQ(jobs.find(id), wf.find_job(id)) << id;
  }
  const pw::model::workflow empty;
  EXPECT_EQ(pw::lint::detail::job_finder(empty).find("build"), nullptr);
}

TEST(LintContexts, ChecksTheDocumentTheReaderLoaded) {
  const std::string text = R"(on: push
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      v: ${{ steps.s.outputs.v }}
    steps:
      - run: echo "${{ steps.later.outputs.x }}"
      - id: later
        run: echo "::set-output name=x::1"
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo ${{ needs.build.outputs.v }} ${{ matrix.os }}
)";
  std::optional<pw::document> doc;
  const auto report = pw::yaml::load_workflow_report(text, {}, doc);
  ASSERT_TRUE(doc.has_value());
  auto again = pw::yaml::load(text, pw::yaml::workflow_load_options());
  ASSERT_TRUE(again);
  EXPECT_EQ(doc->root, again->root);
  EXPECT_EQ(doc->map.find(doc->root, "/jobs/test/steps/0/run"),
            again->map.find(again->root, "/jobs/test/steps/0/run"));
  // The same diagnostics as the overload without the document, and the same findings as
  // on a second load of the text.
  EXPECT_EQ(placed(report.diagnostics, text),
            placed(pw::yaml::load_workflow_report(text).diagnostics, text));
  const auto found = pw::lint::check_contexts(*doc, text, report.workflow);
  EXPECT_EQ(placed(found, text),
            placed(pw::lint::check_contexts(*again, text, report.workflow), text));
  EXPECT_EQ(placed(found, text), (strings{"6:20 PW0910", "8:30 PW0912", "10:20 PW0915",
                                          "14:29 PW0911", "14:59 PW0910"}));

  // YAML that does not load: no document, the loader's diagnostics.
  std::optional<pw::document> none = pw::document{};
  const auto bad = pw::yaml::load_workflow_report("on: [push\n", {}, none);
  EXPECT_FALSE(none.has_value());
  EXPECT_FALSE(bad.ok());
}

TEST(LintContexts, PointerTokensReuseTheVector) {
  strings tokens{"left", "over", "from", "a", "longer", "path"};
  pw::lint::detail::pointer_tokens("/jobs/a~1b/steps/10", tokens);
  EXPECT_EQ(tokens, (strings{"jobs", "a/b", "steps", "10"}));
  pw::lint::detail::pointer_tokens("/x~0y", tokens);
  EXPECT_EQ(tokens, (strings{"x~y"}));
  pw::lint::detail::pointer_tokens("/", tokens);
  EXPECT_EQ(tokens, (strings{""}));
  pw::lint::detail::pointer_tokens("", tokens);
  EXPECT_TRUE(tokens.empty());
}

TEST(LintContexts, ForEachStringGivesEachStringItsPath) {
  auto doc = pw::yaml::load(R"(on: push
jobs:
  a/b:
    if: true
    steps:
      - run: x
        if: "${{ y }}"
      - [p, q]
  c~d: {env: {K: v}}
)");
  ASSERT_TRUE(doc);
  strings seen;
  pw::lint::detail::for_each_string(
      *doc, [&](std::string_view text, pw::source_span span, const std::string& path, bool is_if) {
        seen.push_back(path + "=" + std::string(text) + (is_if ? " if" : "") +
                       (span.known() ? "" : " ?"));
      });
  EXPECT_EQ(seen,
            (strings{"/on=push", "/jobs/a~1b/steps/0/run=x", "/jobs/a~1b/steps/0/if=${{ y }} if",
                     "/jobs/a~1b/steps/1/0=p", "/jobs/a~1b/steps/1/1=q", "/jobs/c~0d/env/K=v"}));
}
