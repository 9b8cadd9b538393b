// Branch protections and rulesets read from the REST API's shapes (JSON) and the seed's YAML
// form, and whether they govern a base branch. Shapes from GitHub's REST API reference
// (branch protection, rulesets); ref patterns from "Creating rulesets for a repository"
// (fnmatch with File::FNM_PATHNAME).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pipewright/repository/protection.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/yaml/yaml.hpp"
#include "test_support.hpp"

namespace {

using namespace pipewright;
using repository::applicability;

result<std::vector<repository::protection_rule>> read_yaml(const std::string& text) {
  auto doc = yaml::load(text);
  EXPECT_TRUE(doc.ok());
  return repository::read_protection(*doc);
}

TEST(Protection, RestBranchProtectionJson) {
  // The shape of GET /repos/{owner}/{repo}/branches/{branch}/protection.
  const std::string text = R"({
  "url": "https://api.github.com/repos/octo/app/branches/release/protection",
  "required_status_checks": {
    "url": "https://api.github.com/repos/octo/app/branches/release/protection/required_status_checks",
    "strict": true,
    "contexts": ["ci/build", "lint"],
    "contexts_url": "https://api.github.com/repos/octo/app/branches/release/protection/required_status_checks/contexts",
    "checks": [{"context": "ci/build", "app_id": 15368}, {"context": "lint", "app_id": null}]
  },
  "enforce_admins": {"enabled": true}
})";
  auto rules = read_yaml(text);
  ASSERT_TRUE(rules.ok());
  ASSERT_EQ(rules->size(), 1u);
  const auto& r = rules->front();
  EXPECT_EQ(r.kind, repository::rule_kind::branch_protection);
  EXPECT_EQ(r.branch, "release");
  EXPECT_TRUE(r.strict);
  ASSERT_EQ(r.checks.size(), 2u);
  EXPECT_EQ(r.checks[0].context, "ci/build");
  EXPECT_EQ(r.checks[0].app_id, 15368);
  EXPECT_EQ(r.checks[1].context, "lint");
  EXPECT_FALSE(r.checks[1].app_id.has_value());
  EXPECT_EQ(repository::applies(r, "release").decision, applicability::answer::yes);
  const auto other = repository::applies(r, "main");
  EXPECT_EQ(other.decision, applicability::answer::no);
  EXPECT_NE(other.reason.find("'release'"), std::string::npos);
}

TEST(Protection, SeedYamlForm) {
  auto rules = read_yaml(test::read_data("schedule/seeds/ai-etl-branch-protection.yml"));
  ASSERT_TRUE(rules.ok());
  ASSERT_EQ(rules->size(), 1u);
  const auto& r = rules->front();
  EXPECT_TRUE(r.strict);
  ASSERT_EQ(r.checks.size(), 3u);
  EXPECT_EQ(r.checks[0].context, "backend-test");
  EXPECT_EQ(r.checks[1].context, "frontend-test");
  EXPECT_EQ(r.checks[2].context, "security-scan");
  // No url: the file does not name its branch; it is taken as the base branch's, and says so.
  EXPECT_TRUE(r.branch.empty());
  const auto a = repository::applies(r, "main");
  EXPECT_EQ(a.decision, applicability::answer::yes);
  EXPECT_NE(a.reason.find("names no branch"), std::string::npos);
}

TEST(Protection, NullRequiredChecksWarns) {
  auto rules = read_yaml("required_status_checks: null\nenforce_admins: true\n");
  ASSERT_TRUE(rules.ok());
  ASSERT_EQ(rules.diagnostics().size(), 1u);
  EXPECT_EQ(rules.diagnostics()[0].code, "PW1203");
}

TEST(Protection, RulesetWithConditions) {
  // The shape of GET /repos/{owner}/{repo}/rulesets/{id}.
  const std::string text = R"({
  "id": 42, "name": "protect releases", "target": "branch", "enforcement": "active",
  "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH", "refs/heads/release/*"],
                              "exclude": ["refs/heads/release/old-*"]}},
  "rules": [
    {"type": "deletion"},
    {"type": "required_status_checks",
     "parameters": {"strict_required_status_checks_policy": true,
                    "required_status_checks": [{"context": "build", "integration_id": 15368},
                                               {"context": "test"}]}}
  ]
})";
  auto rules = read_yaml(text);
  ASSERT_TRUE(rules.ok()) << rules.diagnostics().front().message;
  ASSERT_EQ(rules->size(), 1u);
  const auto& r = rules->front();
  EXPECT_EQ(r.kind, repository::rule_kind::ruleset);
  EXPECT_EQ(r.name, "protect releases");
  EXPECT_TRUE(r.strict);
  ASSERT_EQ(r.checks.size(), 2u);
  EXPECT_EQ(r.checks[0].app_id, 15368);
  EXPECT_EQ(r.checks[1].context, "test");

  using answer = applicability::answer;
  EXPECT_EQ(repository::applies(r, "release/1.0").decision, answer::yes);
  // `*` stops at `/` (FNM_PATHNAME); whether it is the default branch is not known without it.
  EXPECT_EQ(repository::applies(r, "release/1.0/hotfix").decision, answer::unknown);
  EXPECT_EQ(repository::applies(r, "release/1.0/hotfix", "main").decision, answer::no);
  EXPECT_EQ(repository::applies(r, "release/old-2").decision, answer::no);
  // ~DEFAULT_BRANCH: known only with the default branch.
  EXPECT_EQ(repository::applies(r, "main").decision, answer::unknown);
  EXPECT_EQ(repository::applies(r, "main", "main").decision, answer::yes);
  EXPECT_EQ(repository::applies(r, "develop", "main").decision, answer::no);
}

TEST(Protection, RulesetAllAndEnforcement) {
  auto rules = read_yaml(R"(- name: everything
  enforcement: active
  conditions: {ref_name: {include: ["~ALL"], exclude: []}}
  rules: [{type: required_status_checks, parameters: {required_status_checks: [{context: ci}]}}]
- name: trial
  enforcement: evaluate
  conditions: {ref_name: {include: ["~ALL"]}}
  rules: [{type: required_status_checks, parameters: {required_status_checks: [{context: ci}]}}]
- name: tags
  target: tag
  conditions: {ref_name: {include: ["~ALL"]}}
  rules: [{type: required_status_checks, parameters: {required_status_checks: [{context: ci}]}}]
- name: nowhere
  rules: [{type: required_status_checks, parameters: {required_status_checks: [{context: ci}]}}]
)");
  ASSERT_TRUE(rules.ok());
  ASSERT_EQ(rules->size(), 4u);
  using answer = applicability::answer;
  EXPECT_EQ(repository::applies((*rules)[0], "anything/at/all").decision, answer::yes);
  EXPECT_EQ(repository::applies((*rules)[1], "main").decision, answer::no);
  EXPECT_EQ(repository::applies((*rules)[2], "main").decision, answer::no);
  EXPECT_EQ(repository::applies((*rules)[3], "main").decision, answer::unknown);
}

TEST(Protection, RefPatterns) {
  using repository::ref_pattern_matches;
  EXPECT_TRUE(ref_pattern_matches("refs/heads/qa/*", "refs/heads/qa/one"));
  EXPECT_FALSE(ref_pattern_matches("refs/heads/qa/*", "refs/heads/qa/foo/bar"));
  EXPECT_TRUE(ref_pattern_matches("refs/heads/qa/**/*", "refs/heads/qa/foo/bar/hello-world"));
  EXPECT_TRUE(ref_pattern_matches("refs/heads/qa/**/*", "refs/heads/qa/one"));
  EXPECT_TRUE(ref_pattern_matches("refs/heads/v[0-9]", "refs/heads/v7"));
  EXPECT_FALSE(ref_pattern_matches("refs/heads/v[0-9]", "refs/heads/vx"));
  EXPECT_TRUE(ref_pattern_matches("refs/heads/ma?n", "refs/heads/main"));
  EXPECT_FALSE(ref_pattern_matches("refs/heads/main", "refs/heads/main2"));
}

TEST(Protection, DiagnosticsCarryCodePathAndSpan) {
  const std::string text = R"(required_status_checks:
  strict: yes-please
  contexts: [build, 3]
)";
  auto rules = read_yaml(text);
  ASSERT_FALSE(rules.ok());
  ASSERT_EQ(rules.diagnostics().size(), 2u);
  const diagnostic& d = rules.diagnostics()[0];
  EXPECT_EQ(d.code, "PW1201");
  EXPECT_EQ(d.path, "/required_status_checks/strict");
  ASSERT_TRUE(d.span.known());
  EXPECT_EQ(text.substr(d.span.begin, d.span.end - d.span.begin), "yes-please");
  EXPECT_EQ(rules.diagnostics()[1].path, "/required_status_checks/contexts/1");

  auto bad = read_yaml(R"(name: r
conditions: {ref_name: {include: ["~MAIN", "main", "refs/heads/[^x]"]}}
rules: [{type: required_status_checks, parameters: {required_status_checks: [{context: ci}]}}]
)");
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.diagnostics().size(), 3u);
  EXPECT_EQ(bad.diagnostics()[0].code, "PW1202");
  EXPECT_EQ(bad.diagnostics()[0].level, severity::error);
  EXPECT_EQ(bad.diagnostics()[1].level, severity::warning);  // not a full ref name
  EXPECT_EQ(bad.diagnostics()[1].path, "/conditions/ref_name/include/1");
  EXPECT_EQ(bad.diagnostics()[2].level, severity::error);  // [^...]

  auto neither = read_yaml("name: x\n");
  ASSERT_FALSE(neither.ok());
  EXPECT_EQ(neither.diagnostics()[0].code, "PW1201");
}

}  // namespace
