#include "pipewright/yaml/yaml.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "pipewright/value/json.hpp"

namespace yaml = pipewright::yaml;
namespace codes = pipewright::codes;
using pipewright::value;

namespace {

value load_ok(std::string_view text) {
  auto r = yaml::load(text);
  EXPECT_TRUE(r.ok()) << text << "\n" << (r.ok() ? "" : r.first_error()->message);
  return r.ok() ? r->root : value();
}

pipewright::diagnostic load_error(std::string_view text, const yaml::load_options& o = {}) {
  auto r = yaml::load(text, o);
  EXPECT_FALSE(r.ok()) << text;
  if (r.ok()) return {};
  return *r.first_error();
}

std::string compact(const value& v) {
  return pipewright::json::dump(v, pipewright::json::compact_style);
}

}  // namespace

TEST(YamlLoad, ReadsAWorkflow) {
  const value v = load_ok(
      "name: CI\n"
      "on:\n  push:\n    branches: [main]\n"
      "jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n");
  EXPECT_EQ(
      compact(v),
      R"({"name":"CI","on":{"push":{"branches":["main"]}},"jobs":{"build":{"runs-on":"ubuntu-latest","steps":[{"run":"echo hi"}]}}})");
}

TEST(YamlLoad, PlainScalarsFollowTheYaml12CoreSchema) {
  const value v = load_ok(
      "- on\n- yes\n- no\n- off\n- y\n- true\n- True\n- TRUE\n- false\n- null\n- Null\n- ~\n-\n"
      "- 1\n- -1\n- +1\n- 0755\n- 0o10\n- 0xff\n- 0xFF\n- .5\n- -.5\n- 1.2e2\n- 1.2E-2\n"
      "- .inf\n- -.INF\n- .nan\n- 12_345\n- 2001-12-14\n- 1.2.3\n- 0x\n- TRUE1\n");
  EXPECT_EQ(compact(v), R"(["on","yes","no","off","y",true,true,true,false,null,null,null,null,)"
                        R"(1,-1,1,755,8,255,255,0.5,-0.5,120,0.012,"Infinity","-Infinity","NaN",)"
                        R"("12_345","2001-12-14","1.2.3","0x","TRUE1"])");
}

TEST(YamlLoad, QuotedAndBlockScalarsAreStrings) {
  const value v = load_ok("a: 'true'\nb: \"1\"\nc: |\n  line1\n  line2\nd: >-\n  folded\n  text\n");
  EXPECT_EQ(compact(v), R"({"a":"true","b":"1","c":"line1\nline2\n","d":"folded text"})");
}

TEST(YamlLoad, ExplicitCoreTagsAreHonoured) {
  const value v = load_ok(
      "- !!str 1\n- !!int 0xff\n- !!bool FALSE\n- !!null\n- !!float 1\n- !<tag:yaml.org,2002:int> "
      "-1\n");
  EXPECT_EQ(compact(v), R"(["1",255,false,null,1,-1])");
}

TEST(YamlLoad, OtherTagsAreRejected) {
  EXPECT_EQ(load_error("a: !!timestamp 2001-12-14\n").code, codes::yaml_unsupported_tag);
  EXPECT_EQ(load_error("a: !custom x\n").code, codes::yaml_unsupported_tag);
  const auto d = load_error("a: !!int \"1\"\n");
  EXPECT_EQ(d.code, codes::yaml_invalid_tagged_scalar);
  EXPECT_NE(d.message.find("'DoubleQuoted'"), std::string::npos);
  EXPECT_EQ(load_error("a: !!int abc\n").code, codes::yaml_invalid_tagged_scalar);
}

TEST(YamlLoad, AnchorsAndAliasesAreResolved) {
  const value v = load_ok("base: &b {os: linux, arch: x64}\nother: *b\nlist: [&x 1, *x]\n");
  EXPECT_EQ(
      compact(v),
      R"({"base":{"os":"linux","arch":"x64"},"other":{"os":"linux","arch":"x64"},"list":[1,1]})");
}

TEST(YamlLoad, AliasBombsStopEarly) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
    prev = c;
  }
  const auto d = load_error(bomb);
  EXPECT_EQ(d.code, codes::yaml_alias_limit);
}

TEST(YamlLoad, MergeKeysAreRejected) {
  EXPECT_EQ(load_error("base: &b {a: 1}\nx:\n  <<: *b\n").code, codes::yaml_merge_key);
}

TEST(YamlLoad, UnknownAliasesAreErrors) {
  EXPECT_EQ(load_error("a: *nope\n").code, codes::yaml_unknown_anchor);
  EXPECT_EQ(load_error("a: &r [1, *r]\n").code, codes::yaml_unknown_anchor);
}

TEST(YamlLoad, DuplicateKeysAreAllReported) {
  auto r = yaml::load("jobs:\n  a:\n    runs-on: x\n    runs-on: y\n  A: {}\n");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics().size(), 2u);
  EXPECT_EQ(r.diagnostics()[0].code, codes::yaml_duplicate_key);
  EXPECT_EQ(r.diagnostics()[0].message, "'runs-on' is already defined");
  EXPECT_EQ(r.diagnostics()[0].span.begin, std::string("jobs:\n  a:\n    runs-on: x\n    ").size());
  EXPECT_EQ(r.diagnostics()[1].message, "'A' is already defined");
}

TEST(YamlLoad, OneDocumentPerFile) {
  EXPECT_EQ(load_error("a: 1\n---\nb: 2\n").code, codes::yaml_multiple_documents);
}

TEST(YamlLoad, ComplexKeysAreRejected) {
  EXPECT_EQ(load_error("? [a, b]\n: 1\n").code, codes::yaml_complex_key);
}

TEST(YamlLoad, SyntaxErrorsPointAtTheProblem) {
  const std::string text = "jobs:\n  build:\n    runs-on: [ubuntu\n";
  const auto d = load_error(text);
  EXPECT_EQ(d.code, codes::yaml_syntax);
  EXPECT_GT(d.span.begin, text.find('['));
  EXPECT_LE(d.span.begin, text.size());
  EXPECT_EQ(load_error("a:\tb: c\n  - d\n").code, codes::yaml_syntax);
}

TEST(YamlLoad, LimitsHaveTheirOwnCodes) {
  yaml::load_options o;
  o.limits.max_bytes = 10;
  EXPECT_EQ(load_error("a: 12345678901\n", o).code, codes::yaml_size_limit);
  yaml::load_options d;
  d.limits.max_depth = 3;
  EXPECT_TRUE(yaml::load("[[[1]]]", d).ok());
  EXPECT_EQ(load_error("[[[[1]]]]", d).code, codes::yaml_depth_limit);
  yaml::load_options n;
  n.limits.max_nodes = 5;
  EXPECT_EQ(load_error("[1, 2, 3, 4, 5, 6]", n).code, codes::yaml_node_limit);
}

TEST(YamlLoad, DeepNestingDoesNotOverflowTheStack) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(load_error(deep).code, codes::yaml_depth_limit);
}

TEST(YamlLoad, EmptyFileIsANullDocument) {
  auto r = yaml::load("");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->root.is_null());
  EXPECT_FALSE(r->map.empty());
}

TEST(YamlSourceMap, SpansAreByteOffsetsEvenAfterNonAsciiText) {
  const std::string text = "name: \xc3\xa9t\xc3\xa9\njobs:\n  b\xc3\xbcild:\n    runs-on: linux\n";
  auto r = yaml::load(text);
  ASSERT_TRUE(r.ok());
  const auto& map = r->map;
  const auto id = map.find(r->root, "/jobs/b\xc3\xbcild/runs-on");
  ASSERT_NE(id, pipewright::source_map::none);
  EXPECT_EQ(map.span(id).begin, text.find("linux"));
  EXPECT_EQ(map.span(id).end, text.find("linux") + 5);
  EXPECT_EQ(map.key_span(id).begin, text.find("runs-on"));
  const auto job = map.find(r->root, "/jobs/B\xc3\x9cILD");
  EXPECT_EQ(map.key_span(job).begin, text.find("b\xc3\xbcild"));
}

TEST(YamlSourceMap, SequencesAndAliasesHaveSpans) {
  const std::string text = "a: &x [1, 2]\nb: *x\nc:\n  - k: v\n";
  auto r = yaml::load(text);
  ASSERT_TRUE(r.ok());
  const auto& map = r->map;
  EXPECT_EQ(map.span(map.find(r->root, "/a/1")).begin, text.find('2'));
  // An alias points at its anchor's text.
  EXPECT_EQ(map.span(map.find(r->root, "/b/0")).begin, text.find('1'));
  EXPECT_EQ(map.key_span(map.find(r->root, "/b")).begin, text.find("b:"));
  EXPECT_EQ(map.span(map.find(r->root, "/c/0/k")).begin, text.find('v', text.find("k:")));
  EXPECT_EQ(map.find(r->root, "/c/1"), pipewright::source_map::none);
  EXPECT_EQ(map.find(r->root, "/zzz"), pipewright::source_map::none);
}

TEST(YamlSourceMap, ByteOrderMarkIsSkipped) {
  const std::string text = "\xEF\xBB\xBFkey: value\n";
  auto r = yaml::load(text);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->map.span(r->map.find(r->root, "/key")).begin, text.find("value"));
}

TEST(YamlLoad, DuplicateKeysAreFoundInLargeMappings) {
  // Past object::index_threshold members the loader moves to the object's hash index: a
  // duplicate is found on both sides of that switch, ignoring case, and the first key wins.
  std::string text;
  for (int i = 0; i < 20; ++i) text += "key" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  text += "KEY3: x\nkey19: y\n";
  auto r = yaml::load(text);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics().size(), 2u);
  EXPECT_EQ(r.diagnostics()[0].message, "'KEY3' is already defined");
  EXPECT_EQ(r.diagnostics()[0].span.begin, text.find("KEY3"));
  EXPECT_EQ(r.diagnostics()[1].message, "'key19' is already defined");
  EXPECT_EQ(r.diagnostics()[1].span.begin, text.rfind("key19"));
  auto small = yaml::load("a: 1\nb: 2\nB: 3\nc: 4\n");
  ASSERT_EQ(small.diagnostics().size(), 1u);
  EXPECT_EQ(small.diagnostics()[0].message, "'B' is already defined");
}

TEST(YamlLoad, LargeMappingsAndSequencesKeepTheirOrder) {
  std::string text = "m:\n";
  std::string want = "{\"m\":{";
  for (int i = 0; i < 30; ++i) {
    const std::string k = "k" + std::to_string(29 - i);
    text += "  " + k + ": [" + std::to_string(i) + ", {x: " + std::to_string(i) + "}]\n";
    want += std::string(i ? "," : "") + "\"" + k + "\":[" + std::to_string(i) +
            ",{\"x\":" + std::to_string(i) + "}]";
  }
  want += "}}";
  const value v = load_ok(text);
  EXPECT_EQ(compact(v), want);
  EXPECT_EQ(compact(v["m"]["K7"]), "[22,{\"x\":22}]");  // case-insensitive lookup
  auto r = yaml::load(text);
  ASSERT_TRUE(r.ok());
  const auto id = r->map.find(r->root, "/m/k7/1/x");
  ASSERT_NE(id, pipewright::source_map::none);
  EXPECT_EQ(r->map.span(id).begin, text.find("x: 22") + 3);
}

TEST(YamlLoad, NonAsciiKeysAreDuplicatesIgnoringCase) {
  auto r = yaml::load("k\xc3\xa9t\xc3\xa9: 1\nk\xc3\x89T\xc3\x89: 2\n");
  ASSERT_EQ(r.diagnostics().size(), 1u);
  EXPECT_EQ(r.diagnostics()[0].code, codes::yaml_duplicate_key);
}

TEST(YamlLoad, AnchoredLargeMappingsAreShared) {
  std::string text = "a: &big\n";
  for (int i = 0; i < 12; ++i) text += "  k" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  text += "b: *big\nc: [*big]\n";
  const value v = load_ok(text);
  EXPECT_EQ(v["b"]["k11"].as_number(), 11);
  EXPECT_TRUE(v["a"].same_instance(v["b"]));
  EXPECT_TRUE(v["a"].same_instance(v["c"][0]));
}

TEST(YamlSourceMap, SpansStayRightWhenNonAsciiTextComesLate) {
  // Long ASCII runs, then multi-byte characters (2, 3 and 4 bytes), then ASCII again; and an
  // error span after them.
  std::string text = "description: " + std::string(40, 'x') + "\n";
  text += "emoji: \"\xf0\x9f\x98\x80 \xe2\x98\x83 \xc3\xa9\"\n";
  text += "list: [\xc3\xa9, \xe2\x98\x83, plain]\n";
  text += "after: " + std::string(30, 'y') + "\n";
  auto r = yaml::load(text);
  ASSERT_TRUE(r.ok());
  const auto& map = r->map;
  EXPECT_EQ(map.span(map.find(r->root, "/emoji")).begin, text.find('"'));
  EXPECT_EQ(map.span(map.find(r->root, "/emoji")).end, text.find('"', text.find('"') + 1) + 1);
  EXPECT_EQ(map.span(map.find(r->root, "/list/1")).begin, text.find("\xe2\x98\x83, plain"));
  EXPECT_EQ(map.span(map.find(r->root, "/list/2")).begin, text.find("plain"));
  EXPECT_EQ(map.span(map.find(r->root, "/list")).end, text.find(']') + 1);
  EXPECT_EQ(map.key_span(map.find(r->root, "/after")).begin, text.find("after"));
  EXPECT_EQ(map.span(map.find(r->root, "/after")).end, text.size() - 1);
  EXPECT_EQ(map.span(map.root()).end, text.size());
  const std::string bad = text + "tail: [\xc3\xa9\n";
  const auto d = load_error(bad);
  EXPECT_EQ(d.code, codes::yaml_syntax);
  EXPECT_GT(d.span.begin, text.size());
  EXPECT_LE(d.span.end, bad.size());
}

// Issue 18: a UTF-8 byte-order mark at the start is skipped, as GitHub and actionlint do, and
// spans stay byte offsets into the text as given (the mark included).
TEST(YamlLoad, AByteOrderMarkIsSkippedAndSpansCountItsBytes) {
  const std::string text = "\xEF\xBB\xBFon: push\njobs:\n  b\xc3\xbcild:\n    runs-on: [linux]\n";
  auto r = yaml::load(text);
  ASSERT_TRUE(r.ok()) << r.first_error()->message;
  EXPECT_EQ(r->root["on"].as_string(), "push");
  EXPECT_EQ(r->root["jobs"]["b\xc3\xbcild"]["runs-on"][0].as_string(), "linux");
  const auto& map = r->map;
  EXPECT_EQ(map.key_span(map.find(r->root, "/on")).begin, 3U);
  EXPECT_EQ(map.span(map.find(r->root, "/on")).begin, text.find("push"));
  const auto label = map.find(r->root, "/jobs/b\xc3\xbcild/runs-on/0");
  EXPECT_EQ(map.span(label).begin, text.find("linux"));
  EXPECT_EQ(map.span(label).end, text.find("linux") + 5);
  // A syntax error after the mark is located in the text as given.
  const std::string bad = "\xEF\xBB\xBFon: [push\n";
  const pipewright::diagnostic d = load_error(bad);
  EXPECT_EQ(d.code, codes::yaml_syntax);
  EXPECT_GE(d.span.begin, 3U);
  // Only at the start: a mark inside the text is still a character of it.
  EXPECT_EQ(load_ok("a: \"x\xEF\xBB\xBFy\"\n")["a"].as_string(), "x\xEF\xBB\xBFy");
}
