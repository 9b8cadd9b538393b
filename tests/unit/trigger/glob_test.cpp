// Filter globs: every example of GitHub's cheat sheet (SEMANTICS.md §6.3), matching and not.
#include "pipewright/trigger/glob.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace trigger = pipewright::trigger;
namespace codes = pipewright::codes;

namespace {

trigger::pattern_list compile(std::initializer_list<std::string_view> texts) {
  auto r = trigger::pattern_list::compile(texts);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.first_error()->message);
  return r.ok() ? std::move(*r) : trigger::pattern_list();
}

bool included(const trigger::pattern_list& list, std::string_view name) {
  return list.evaluate(name).included;
}

bool glob(std::string_view pattern, std::string_view name) {
  auto p = trigger::pattern::compile(pattern);
  EXPECT_TRUE(p.ok()) << pattern;
  return p.ok() && p->matches(name);
}

std::string pattern_error(std::string_view text) {
  auto p = trigger::pattern::compile(text);
  EXPECT_FALSE(p.ok()) << text;
  if (p.ok()) return {};
  EXPECT_EQ(p.first_error()->code, codes::trigger_invalid_pattern);
  return p.first_error()->message;
}

}  // namespace

TEST(TriggerGlobCheatSheet, FeatureStarMatchesOneLevel) {
  const auto l = compile({"feature/*"});
  EXPECT_TRUE(included(l, "feature/my-branch"));
  EXPECT_FALSE(included(l, "feature/a/b"));
  EXPECT_FALSE(included(l, "feature"));
}

TEST(TriggerGlobCheatSheet, FeatureDoubleStarMatchesAnyDepth) {
  const auto l = compile({"feature/**"});
  EXPECT_TRUE(included(l, "feature/beta-a/my-branch"));
  EXPECT_TRUE(included(l, "feature/mona/the/octocat"));
  EXPECT_FALSE(included(l, "features/x"));
}

TEST(TriggerGlobCheatSheet, StarMatchesNamesWithoutSlash) {
  const auto l = compile({"*"});
  EXPECT_TRUE(included(l, "main"));
  EXPECT_TRUE(included(l, "releases"));
  EXPECT_FALSE(included(l, "a/b"));
}

TEST(TriggerGlobCheatSheet, ClassesAndPlus) {
  const auto l = compile({"v[12].[0-9]+.[0-9]+"});
  EXPECT_TRUE(included(l, "v1.10.1"));
  EXPECT_TRUE(included(l, "v2.0.0"));
  EXPECT_FALSE(included(l, "v3.0.0"));
  EXPECT_FALSE(included(l, "v1..0"));
  EXPECT_FALSE(included(l, "v1.0.0-rc1"));
}

TEST(TriggerGlobCheatSheet, QuestionMarkMakesThePrecedingCharacterOptional) {
  const auto l = compile({"*.jsx?"});
  EXPECT_TRUE(included(l, "page.js"));
  EXPECT_TRUE(included(l, "page.jsx"));
  EXPECT_FALSE(included(l, "page.jsxx"));
  EXPECT_FALSE(included(l, "page.j"));
}

TEST(TriggerGlobCheatSheet, DoubleStarDotJsMatchesEveryDepth) {
  const auto l = compile({"**.js"});
  EXPECT_TRUE(included(l, "index.js"));
  EXPECT_TRUE(included(l, "js/index.js"));
  EXPECT_TRUE(included(l, "src/js/app.js"));
  EXPECT_FALSE(included(l, "src/js/app.jsx"));
}

TEST(TriggerGlobCheatSheet, DocsStarIsOneLevel) {
  const auto l = compile({"docs/*"});
  EXPECT_TRUE(included(l, "docs/README.md"));
  EXPECT_FALSE(included(l, "docs/a/b.md"));
}

TEST(TriggerGlobCheatSheet, DoubleStarSlashDocsMatchesAtAnyDepth) {
  const auto l = compile({"**/docs/**"});
  EXPECT_TRUE(included(l, "docs/hello.md"));
  EXPECT_TRUE(included(l, "dir/docs/my-file.txt"));
  EXPECT_TRUE(included(l, "a/b/docs/c/d"));
  EXPECT_FALSE(included(l, "documents/x"));
  EXPECT_FALSE(included(l, "mydocs/x"));
}

TEST(TriggerGlobCheatSheet, NegationExcludes) {
  const auto l = compile({"*.md", "!README.md"});
  EXPECT_TRUE(included(l, "hello.md"));
  EXPECT_FALSE(included(l, "README.md"));
  EXPECT_FALSE(included(l, "docs/hello.md"));
  const auto v = l.evaluate("README.md");
  EXPECT_EQ(v.decided_by, 1u);
  EXPECT_FALSE(l.evaluate("docs/hello.md").matched());
}

TEST(TriggerGlobCheatSheet, ALaterPositivePatternIncludesAgain) {
  const auto l = compile({"*.md", "!README.md", "README*"});
  EXPECT_TRUE(included(l, "hello.md"));
  EXPECT_TRUE(included(l, "README.md"));
  EXPECT_TRUE(included(l, "README.doc"));
  EXPECT_EQ(l.evaluate("README.md").decided_by, 2u);
  EXPECT_EQ(l.evaluate("hello.md").decided_by, 0u);
}

TEST(TriggerGlobCheatSheet, ReleasesExceptAlpha) {
  const auto l = compile({"releases/**", "!releases/**-alpha"});
  EXPECT_TRUE(included(l, "releases/10"));
  EXPECT_TRUE(included(l, "releases/beta/mona"));
  EXPECT_FALSE(included(l, "releases/10-alpha"));
  EXPECT_FALSE(included(l, "releases/beta/3-alpha"));
}

TEST(TriggerGlob, MatchesTheWholeName) {
  EXPECT_TRUE(glob("main", "main"));
  EXPECT_FALSE(glob("main", "main2"));
  EXPECT_FALSE(glob("main", "xmain"));
  EXPECT_FALSE(glob("mai", "main"));
  EXPECT_TRUE(glob("v*", "v1.0.0"));
  EXPECT_TRUE(glob("v*.*.*", "v1.0.0"));
  EXPECT_FALSE(glob("v*.*.*", "v1.0"));
  EXPECT_FALSE(glob("v*.*.*", "release/v1.0.0"));
}

TEST(TriggerGlob, StarNeverCrossesASlash) {
  EXPECT_TRUE(glob("src/*.py", "src/a.py"));
  EXPECT_FALSE(glob("src/*.py", "src/pkg/a.py"));
  EXPECT_TRUE(glob("*", ""));
  EXPECT_TRUE(glob("a*b*c", "abc"));
  EXPECT_TRUE(glob("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(glob("a*b*c", "aXb/c"));
}

TEST(TriggerGlob, DoubleStarSlashNeedsAtLeastOneDirectoryOrNone) {
  EXPECT_TRUE(glob("**/a.txt", "a.txt"));
  EXPECT_TRUE(glob("**/a.txt", "x/a.txt"));
  EXPECT_TRUE(glob("**/a.txt", "x/y/a.txt"));
  EXPECT_FALSE(glob("**/a.txt", "/a.txt"));  // (.+/)? needs a character before the slash
  EXPECT_FALSE(glob("**/a.txt", "xa.txt"));
  EXPECT_TRUE(glob("src/**/test_*.py", "src/test_a.py"));
  EXPECT_TRUE(glob("src/**/test_*.py", "src/a/b/test_a.py"));
  EXPECT_TRUE(glob("**", "any/thing/at/all"));
  EXPECT_TRUE(glob("a/**/", "a/b/"));
  EXPECT_TRUE(glob("a/**/", "a/"));
}

TEST(TriggerGlob, PlusAndQuestionMarkApplyToTheAtomBefore) {
  EXPECT_TRUE(glob("ab+c", "abbbc"));
  EXPECT_TRUE(glob("ab+c", "abc"));
  EXPECT_FALSE(glob("ab+c", "ac"));
  EXPECT_TRUE(glob("ab?c", "ac"));
  EXPECT_TRUE(glob("ab?c", "abc"));
  EXPECT_FALSE(glob("ab?c", "abbc"));
  EXPECT_TRUE(glob("[0-9]+", "2024"));
  EXPECT_FALSE(glob("[0-9]+", "20a4"));
  EXPECT_TRUE(glob("x[ab]?y", "xy"));
}

TEST(TriggerGlob, CharacterClassesAndRanges) {
  EXPECT_TRUE(glob("[CB]at", "Cat"));
  EXPECT_TRUE(glob("[CB]at", "Bat"));
  EXPECT_FALSE(glob("[CB]at", "Rat"));
  EXPECT_TRUE(glob("[1-2]00", "100"));
  EXPECT_TRUE(glob("[1-2]00", "200"));
  EXPECT_FALSE(glob("[1-2]00", "300"));
  EXPECT_TRUE(glob("[0-9a-z]", "q"));
  EXPECT_FALSE(glob("[0-9a-z]", "Q"));
  EXPECT_TRUE(glob("[a-]", "-"));
  EXPECT_TRUE(glob("[_.]x", ".x"));
}

TEST(TriggerGlob, EscapesMakeSpecialCharactersLiteral) {
  EXPECT_TRUE(glob("a\\*b", "a*b"));
  EXPECT_FALSE(glob("a\\*b", "axb"));
  EXPECT_TRUE(glob("\\[x\\]", "[x]"));
  EXPECT_TRUE(glob("what\\?", "what?"));
  EXPECT_FALSE(glob("what\\?", "wha"));
  EXPECT_TRUE(glob("\\!important", "!important"));
  EXPECT_TRUE(glob("a\\++", "a+++"));
}

TEST(TriggerGlob, BangIsOnlySpecialAtTheStart) {
  EXPECT_TRUE(glob("a!b", "a!b"));
  auto p = trigger::pattern::compile("!main");
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->negated());
  EXPECT_TRUE(p->matches("main"));
  EXPECT_EQ(p->text(), "!main");
}

TEST(TriggerGlob, LongPatternsUseTheLargeStateSet) {
  std::string pat;
  std::string name;
  for (int i = 0; i < 100; ++i) {
    pat += "*x";
    name += "ax";
  }
  EXPECT_TRUE(glob(pat, name));
  EXPECT_FALSE(glob(pat, name + "a"));
  EXPECT_FALSE(glob(pat, name.substr(2)));
}

TEST(TriggerGlob, NoBacktrackingBlowUp) {
  // (a*)* style patterns run in linear time in the NFA.
  std::string pat;
  for (int i = 0; i < 30; ++i) pat += "*a";
  pat += "b";
  const std::string name(5000, 'a');
  EXPECT_FALSE(glob(pat, name));
}

TEST(TriggerGlobErrors, InvalidPatternsAreReported) {
  EXPECT_NE(pattern_error("+a").find("'+' must follow"), std::string::npos);
  EXPECT_NE(pattern_error("?a").find("'?' must follow"), std::string::npos);
  pattern_error("a*+");
  pattern_error("a**?");
  pattern_error("ab+?");
  EXPECT_NE(pattern_error("a[bc").find("not closed"), std::string::npos);
  EXPECT_NE(pattern_error("a[]").find("empty"), std::string::npos);
  EXPECT_NE(pattern_error("[z-a]").find("reversed"), std::string::npos);
  EXPECT_NE(pattern_error("[a-Z]").find("a-z, A-Z or 0-9"), std::string::npos);
  EXPECT_NE(pattern_error("abc\\").find("escapes nothing"), std::string::npos);
  pattern_error("!");
  pattern_error("!+x");
  pattern_error("");
  pattern_error(std::string(trigger::max_pattern_length + 1, 'a'));
}

TEST(TriggerGlobErrors, ErrorSpanPointsAtTheCharacter) {
  auto p = trigger::pattern::compile("ab*+");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.first_error()->span.begin, 3u);
}

TEST(TriggerGlobErrors, AListOfOnlyNegationsIsAWarningAndMatchesNothing) {
  // GitHub accepts `tags: ['!**']` (a common way to leave tags out); nothing matches it.
  auto r = trigger::pattern_list::compile({"!main", "!dev"});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.diagnostics().size(), 1U);
  EXPECT_EQ(r.diagnostics()[0].code, codes::trigger_negation_only);
  EXPECT_EQ(r.diagnostics()[0].level, pipewright::severity::warning);
  EXPECT_FALSE(r->evaluate("feature").included);
  EXPECT_FALSE(r->evaluate("main").included);
}

TEST(TriggerGlobErrors, EveryBadPatternOfAListIsReportedWithItsIndex) {
  auto r = trigger::pattern_list::compile({"ok", "+bad", "fine", "[bad"});
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics().size(), 2u);
  EXPECT_EQ(r.diagnostics()[0].path, "/1");
  EXPECT_EQ(r.diagnostics()[1].path, "/3");
}
