#include "pipewright/value/json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "pipewright/diagnostic_codes.hpp"
#include "test_support.hpp"

namespace json = pipewright::json;
namespace codes = pipewright::codes;
using pipewright::source_map;
using pipewright::source_span;
using pipewright::value;

namespace {

// The first error of parsing `text`; fails the test when parsing succeeds.
pipewright::diagnostic error_of(std::string_view text, const json::read_options& o = {}) {
  auto r = json::parse(text, o);
  EXPECT_FALSE(r.ok()) << "parsed: " << text;
  if (r.ok() || r.first_error() == nullptr) return {};
  return *r.first_error();
}

}  // namespace

TEST(JsonRead, ParsesEveryKind) {
  auto r = json::parse(R"( {"n": null, "t": true, "f": false, "i": -12, "d": 2.5e3,
                           "s": "x", "a": [1, [2]], "o": {"k": {}}} )");
  ASSERT_TRUE(r.ok());
  const value& v = *r;
  EXPECT_TRUE(v["n"].is_null());
  EXPECT_TRUE(v["t"].as_bool());
  EXPECT_FALSE(v["f"].as_bool());
  EXPECT_EQ(v["i"].as_number(), -12.0);
  EXPECT_EQ(v["d"].as_number(), 2500.0);
  EXPECT_EQ(v["s"].as_string(), "x");
  EXPECT_EQ(v["a"][1][0].as_number(), 2.0);
  EXPECT_TRUE(v["o"]["k"].is_object());
}

TEST(JsonRead, DecodesEscapesAndSurrogatePairs) {
  auto r = json::parse(R"("a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\ud83d\ude00")");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->as_string(), "a\"b\\c/d\b\f\n\r\tA\xc3\xa9\xf0\x9f\x98\x80");
}

TEST(JsonRead, KeepsLoneSurrogatesAndWritesThemBackEscaped) {
  auto r = json::parse(R"("x\ud800y")");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(json::dump(*r), R"("x\ud800y")");
}

TEST(JsonRead, AcceptsRawUtf8) {
  auto r = json::parse("\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\"");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->as_string(), "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80");
}

TEST(JsonRead, NumbersBecomeDoublesLikeJavaScript) {
  EXPECT_EQ(json::parse("12345678901234567890")->as_number(), 12345678901234567890.0);
  EXPECT_TRUE(std::isinf(json::parse("1e400")->as_number()));
  EXPECT_GT(json::parse("1e400")->as_number(), 0);
  EXPECT_LT(json::parse("-1e400")->as_number(), 0);
  EXPECT_EQ(json::parse("1e-400")->as_number(), 0.0);
  EXPECT_EQ(json::parse("-0")->as_number(), 0.0);
  EXPECT_TRUE(std::signbit(json::parse("-0")->as_number()));
  EXPECT_EQ(json::parse("0.30000000000000004")->as_number(), 0.1 + 0.2);
}

TEST(JsonRead, DuplicateKeysKeepTheFirstOccurrence) {
  auto r = json::parse(R"({"a": 1, "a": 2, "A": 3, "b": 4})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->as_object().size(), 2u);
  EXPECT_EQ((*r)["a"].as_number(), 1.0);
}

TEST(JsonRead, RejectsWhatFromJsonRejects) {
  EXPECT_EQ(error_of("{").code, codes::json_unexpected_end);
  EXPECT_EQ(error_of("[1,2,]").code, codes::json_unexpected_character);
  EXPECT_EQ(error_of("01").code, codes::json_invalid_number);
  EXPECT_EQ(error_of("NaN").code, codes::json_unexpected_character);
  EXPECT_EQ(error_of("'x'").code, codes::json_unexpected_character);
  EXPECT_EQ(error_of("").code, codes::json_empty_input);
  EXPECT_EQ(error_of("  \n ").code, codes::json_empty_input);
  EXPECT_EQ(error_of("1 2").code, codes::json_trailing_content);
  EXPECT_EQ(error_of("{\"a\":1}}").code, codes::json_trailing_content);
  EXPECT_EQ(error_of("// c\n1").code, codes::json_unexpected_character);
  EXPECT_EQ(error_of("tru").code, codes::json_unexpected_end);
  EXPECT_EQ(error_of("nul1").code, codes::json_unexpected_character);
  EXPECT_EQ(error_of("-").code, codes::json_invalid_number);
  EXPECT_EQ(error_of("1.").code, codes::json_invalid_number);
  EXPECT_EQ(error_of("1e").code, codes::json_invalid_number);
  EXPECT_EQ(error_of(".5").code, codes::json_unexpected_character);
  EXPECT_EQ(error_of("+1").code, codes::json_unexpected_character);
  EXPECT_EQ(error_of("{1:2}").code, codes::json_unexpected_character);
  EXPECT_EQ(error_of("{\"a\" 1}").code, codes::json_unexpected_character);
}

TEST(JsonRead, StringErrorsHaveTheirOwnCodes) {
  EXPECT_EQ(error_of("\"abc").code, codes::json_invalid_string);
  EXPECT_EQ(error_of("\"a\nb\"").code, codes::json_invalid_string);
  EXPECT_EQ(error_of(R"("\x")").code, codes::json_invalid_escape);
  EXPECT_EQ(error_of(R"("\u12")").code, codes::json_invalid_escape);
  EXPECT_EQ(error_of(R"("\u12G4")").code, codes::json_invalid_escape);
  EXPECT_EQ(error_of("\"\xff\"").code, codes::json_invalid_utf8);
  EXPECT_EQ(error_of("\"\xc3\"").code, codes::json_invalid_utf8);
  EXPECT_EQ(error_of("\"\xed\xa0\x80\"").code, codes::json_invalid_utf8);  // raw surrogate
}

TEST(JsonRead, ErrorsCarryOffsetAndPointer) {
  const std::string text = R"({"jobs": {"build": [1, 2, {"x": tru]}})";
  const auto d = error_of(text);
  EXPECT_EQ(d.path, "/jobs/build/2/x");
  EXPECT_EQ(d.span.begin, text.find("tru]") + 3);
  EXPECT_EQ(d.level, pipewright::severity::error);
  EXPECT_FALSE(d.message.empty());
}

TEST(JsonRead, PointerEscapesKeys) {
  EXPECT_EQ(error_of(R"({"a/b": {"~": [}})").path, "/a~1b/~0/0");
}

TEST(JsonRead, DepthLimitStopsDeepNesting) {
  json::read_options o;
  o.limits.max_depth = 10;
  EXPECT_TRUE(json::parse(std::string(10, '[') + std::string(10, ']'), o).ok());
  const auto d = error_of(std::string(11, '[') + std::string(11, ']'), o);
  EXPECT_EQ(d.code, codes::json_depth_limit);
  EXPECT_EQ(d.span.begin, 10u);
}

TEST(JsonRead, DefaultDepthLimitHoldsAgainstAMillionBrackets) {
  const std::string deep(1'000'000, '[');
  const auto d = error_of(deep);
  EXPECT_EQ(d.code, codes::json_depth_limit);
  const auto d2 = error_of(std::string(500'000, '{'));
  EXPECT_EQ(d2.code, codes::json_unexpected_character);  // '{' is not a key
}

TEST(JsonRead, SizeLimitIsCheckedBeforeReading) {
  json::read_options o;
  o.limits.max_bytes = 16;
  EXPECT_TRUE(json::parse("[1,2,3]", o).ok());
  EXPECT_EQ(error_of("[1,2,3,4,5,6,7,8,9]", o).code, codes::json_size_limit);
}

TEST(JsonRead, HugeFlatDocumentsParse) {
  std::string big = "[";
  for (int i = 0; i < 200000; ++i) {
    if (i != 0) big += ',';
    big += R"({"id":)" + std::to_string(i) + R"(,"name":"item-)" + std::to_string(i) + "\"}";
  }
  big += ']';
  auto r = json::parse(big);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->as_array().size(), 200000u);
  EXPECT_EQ((*r)[199999]["NAME"].as_string(), "item-199999");
}

TEST(JsonRead, RandomBytesNeverCrash) {
  std::mt19937 rng(12345);
  const std::string alphabet = "{}[]:,\"\\ntrufalse0123456789.-+eE \x80\xff\xc3\xa9u";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> len(0, 64);
  int ok = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const int n = len(rng);
    for (int k = 0; k < n; ++k) s += alphabet[pick(rng)];
    auto r = json::parse(s);
    if (r.ok()) {
      ++ok;
      // Whatever parses must write back and reparse to the same value.
      auto again = json::parse(json::dump(*r, json::compact_style));
      ASSERT_TRUE(again.ok()) << s;
      EXPECT_TRUE(*again == *r) << s;
    } else {
      ASSERT_NE(r.first_error(), nullptr);
      EXPECT_LE(r.first_error()->span.begin, s.size());
    }
  }
  EXPECT_GT(ok, 0);
}

namespace {

// parse_shallow(text) against parse(text): the same diagnostics, or the object's members with
// their values' texts parsing to the same values (a text that is not an object: no members).
void expect_shallow_agrees(std::string_view text) {
  auto whole = json::parse(text);
  auto top = json::parse_shallow(text);
  ASSERT_EQ(whole.ok(), top.ok()) << text;
  if (!whole.ok()) {
    const pipewright::diagnostic& a = *whole.first_error();
    const pipewright::diagnostic& b = *top.first_error();
    EXPECT_EQ(a.code, b.code) << text;
    EXPECT_EQ(a.message, b.message) << text;
    EXPECT_EQ(a.path, b.path) << text;
    EXPECT_EQ(a.span, b.span) << text;
    return;
  }
  ASSERT_EQ(top->is_object, whole->is_object()) << text;
  if (!top->is_object) {
    EXPECT_TRUE(top->members.empty());
    return;
  }
  const pipewright::object& o = whole->as_object();
  ASSERT_EQ(top->members.size(), o.size()) << text;
  for (std::size_t i = 0; i < o.size(); ++i) {
    EXPECT_EQ(top->members[i].key, o[i].first) << text;
    auto member = json::parse(top->members[i].text);
    ASSERT_TRUE(member.ok()) << top->members[i].text;
    EXPECT_TRUE(*member == o[i].second) << text;
  }
}

}  // namespace

TEST(JsonShallow, GivesEachMemberAndTheTextOfItsValue) {
  auto r = json::parse_shallow(R"( {"a": [1, {"b": "x"}], "s" : "q\"", "n":null} )");
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->is_object);
  ASSERT_EQ(r->members.size(), 3u);
  EXPECT_EQ(r->members[0].key, "a");
  EXPECT_EQ(r->members[0].text, R"([1, {"b": "x"}])");
  EXPECT_EQ(r->members[1].key, "s");
  EXPECT_EQ(r->members[1].text, R"("q\"")");
  EXPECT_EQ(r->members[2].text, "null");
}

TEST(JsonShallow, KeepsTheFirstOfKeysEqualIgnoringCaseAsParseDoes) {
  auto r = json::parse_shallow(R"({"Env": 1, "ENV": 2, "x\u00e9": 3, "X\u00c9": 4})");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->members.size(), 2u);
  EXPECT_EQ(r->members[0].text, "1");
  EXPECT_EQ(r->members[1].key, "x\xc3\xa9");
  expect_shallow_agrees(R"({"Env": 1, "ENV": 2, "x\u00e9": 3, "X\u00c9": 4})");
}

TEST(JsonShallow, ATextThatIsNotAnObjectHasNoMembers) {
  for (const char* text : {"[1, {\"a\": 2}]", "\"s\"", "12", "null"}) {
    auto r = json::parse_shallow(text);
    ASSERT_TRUE(r.ok()) << text;
    EXPECT_FALSE(r->is_object) << text;
  }
}

TEST(JsonShallow, ChecksTheWholeTextAsParseDoes) {
  for (const char* text :
       {"{", "{\"a\": [1, {\"x\": tru]}}", R"({"a/b": {"~": [}})", "{\"a\": 1} 2", "",
        "{\"a\": \"\xff\"}", R"({"a": "\u12"})", R"({"a": {"b": 01}})", "{\"a\" 1}",
        R"({"k": {"deep": [[[["x", 1e999, -0.5, "\ud83d\ude00"]]]]}, "k2": false})"}) {
    expect_shallow_agrees(text);
  }
  json::read_options o;
  o.limits.max_depth = 3;
  auto r = json::parse_shallow("{\"a\": [[[1]]]}", o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.first_error()->code, codes::json_depth_limit);
  EXPECT_EQ(r.first_error()->path, "/a/0/0");
}

TEST(JsonIndex, ListsTheMembersOfObjectsBelowMembersWithTheirParents) {
  const std::string text =
      R"({"a": {"b": 1, "B": {"c\u0041": [{"in": "array"}]}}, "d": [1], "a": 2})";
  auto r = json::index_members(text);
  ASSERT_TRUE(r.ok());
  const std::vector<json::member_span>& m = *r;
  ASSERT_EQ(m.size(), 6u);  // "in" is inside an array: not listed
  EXPECT_EQ(m[0].parent, json::member_span::top);
  EXPECT_EQ(m[0].key, "a");
  EXPECT_EQ(m[1].parent, 0u);
  EXPECT_EQ(m[1].text, "1");
  EXPECT_EQ(m[2].key, "B");  // listed, though parse() drops it for "b"
  EXPECT_EQ(m[3].parent, 2u);
  EXPECT_TRUE(m[3].escaped);
  EXPECT_EQ(m[3].key, "c\\u0041");
  EXPECT_EQ(json::member_key(m[3]), "cA");
  EXPECT_EQ(m[3].text, R"([{"in": "array"}])");
  EXPECT_EQ(m[4].key, "d");
  EXPECT_EQ(m[5].parent, json::member_span::top);
  EXPECT_EQ(m[5].text, "2");
  EXPECT_TRUE(json::index_members("[{\"a\": 1}]")->empty());
  EXPECT_EQ(json::index_members("{\"a\": [1,]}").first_error()->code,
            codes::json_unexpected_character);
}

TEST(JsonShallow, AgreesWithParseOnRandomTexts) {
  std::mt19937 rng(2026);
  // Mostly well-formed objects (with a byte changed now and then), and random bytes.
  const std::vector<std::string> parts = {R"("a")",
                                          R"("B\n")",
                                          "1",
                                          "-2.5e3",
                                          "true",
                                          "null",
                                          R"("\u00e9x")",
                                          "[]",
                                          "{}",
                                          R"(["x", 2])",
                                          R"({"k": "v", "K": 1})"};
  const std::string alphabet = "{}[]:,\"\\ntrufalse0123456789.-+eE \x80\xff\xc3\xa9u";
  std::uniform_int_distribution<std::size_t> part(0, parts.size() - 1);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> members(0, 5);
  std::uniform_int_distribution<int> coin(0, 3);
  for (int i = 0; i < 5000; ++i) {
    std::string s = "{";
    const int n = members(rng);
    for (int k = 0; k < n; ++k) {
      if (k != 0) s += ',';
      s += "\"" + std::string(1, "aAbB"[coin(rng)]) + "\":" + parts[part(rng)];
      if (coin(rng) == 0) s += ",\"o\":{\"x\":" + parts[part(rng)] + "}";
    }
    s += "}";
    if (coin(rng) == 0 && !s.empty()) {
      s[std::uniform_int_distribution<std::size_t>(0, s.size() - 1)(rng)] = alphabet[pick(rng)];
    }
    expect_shallow_agrees(s);
    std::string noise;
    const int len = members(rng) * 6;
    for (int k = 0; k < len; ++k) noise += alphabet[pick(rng)];
    expect_shallow_agrees(noise);
  }
}

TEST(JsonWrite, GithubStyleLayout) {
  value v = json::parse_or_throw(R"({"a": [1, "x", null, true, [], {}], "b": {"c": 1.5}})");
  EXPECT_EQ(json::dump(v),
            "{\n  \"a\": [\n    1,\n    \"x\",\n    null,\n    true,\n    [],\n    {}\n  ],\n"
            "  \"b\": {\n    \"c\": 1.5\n  }\n}");
}

TEST(JsonWrite, CompactStyleHasNoSpaces) {
  value v = json::parse_or_throw(R"({"a": [1, "x"], "b": {"c": -0.5}})");
  EXPECT_EQ(json::dump(v, json::compact_style), R"({"a":[1,"x"],"b":{"c":-0.5}})");
}

TEST(JsonWrite, TopLevelPrimitivesPrintBare) {
  EXPECT_EQ(json::dump(value(1)), "1");
  EXPECT_EQ(json::dump(value("x")), "\"x\"");
  EXPECT_EQ(json::dump(value()), "null");
  EXPECT_EQ(json::dump(value(false)), "false");
}

TEST(JsonWrite, EscapesLikeJsonStringify) {
  EXPECT_EQ(json::dump(value(std::string("q\"b\\n\n\t\r\b\f\x01\x1f\x7f"))),
            R"("q\"b\\n\n\t\r\b\f\u0001\u001f)"
            "\x7f\"");
  // Non-ASCII text, U+2028 and <>& are left as they are.
  EXPECT_EQ(json::dump(value("\xe2\x80\xa8<>&\xc3\xa9")), "\"\xe2\x80\xa8<>&\xc3\xa9\"");
  // An invalid byte cannot be written as JSON text; it becomes U+FFFD.
  EXPECT_EQ(json::dump(value(std::string("a\xff"))), R"("a\ufffd")");
}

TEST(JsonWrite, NonFiniteNumbersFollowTheChosenPolicy) {
  const double inf = std::numeric_limits<double>::infinity();
  value v = value::make_array({inf, -inf, std::numeric_limits<double>::quiet_NaN()});
  EXPECT_EQ(json::dump(v, json::compact_style), R"(["Infinity","-Infinity","NaN"])");
  json::write_options o = json::github_style;
  o.indent = 0;
  EXPECT_EQ(json::dump(v, o), "[null,null,null]");
}

TEST(JsonWrite, G15NumbersOnRequest) {
  json::write_options o = json::compact_style;
  o.numbers = pipewright::number_style::g15;
  EXPECT_EQ(json::dump(value(0.1 + 0.2), o), "0.3");
  EXPECT_EQ(json::dump(value(1e21), o), "1E+21");
}

// Every toJSON case of GitHub's suites whose argument is data (not an expression to
// evaluate); the rest run in the expression conformance tests.
TEST(JsonWrite, MatchesGithubToJsonConformanceCases) {
  const std::string data = pipewright::test::read_data("value/tojson_cases.json");
  ASSERT_FALSE(data.empty()) << "tests/data/value/tojson_cases.json is missing";
  const value suite = json::parse_or_throw(data);
  int passed = 0;
  int total = 0;
  for (const value& c : suite["cases"].as_array()) {
    ++total;
    auto input = json::parse(c["input"].as_string());
    ASSERT_TRUE(input.ok()) << c["source"].as_string();
    const std::string got = json::dump(*input);
    if (got == c["expected"].as_string()) {
      ++passed;
    } else {
      ADD_FAILURE() << c["source"].as_string() << " " << c["expr"].as_string() << "\n got: " << got
                    << "\nwant: " << c["expected"].as_string();
    }
  }
  std::printf("toJSON conformance: %d/%d passed (%zu more cases need the evaluator)\n", passed,
              total, suite["skipped_need_evaluator"].as_array().size());
  EXPECT_GE(total, 70);
}

// The writer scans strings eight bytes at a time: a byte to escape must be found wherever it
// falls in a word, and in the tail after the last whole word.
TEST(JsonWrite, EscapesAtEveryPositionOfAWord) {
  const std::pair<char, std::string> specials[] = {
      {'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\n"}, {'\x01', "\\u0001"}, {'\x1f', "\\u001f"}};
  for (std::size_t size = 1; size <= 24; ++size) {
    for (std::size_t at = 0; at < size; ++at) {
      for (const auto& [c, escaped] : specials) {
        std::string s(size, 'a');
        s[at] = c;
        const std::string expected =
            "\"" + std::string(at, 'a') + escaped + std::string(size - at - 1, 'a') + "\"";
        EXPECT_EQ(json::dump(value(s)), expected) << size << " " << at;
      }
    }
  }
  // Bytes next to the special ones pass through: space, DEL, '!' and '#' around '"'.
  EXPECT_EQ(json::dump(value(std::string(" \x7f!#[]{}~ \x7f!#[]{}~"))),
            "\" \x7f!#[]{}~ \x7f!#[]{}~\"");
}

TEST(JsonWrite, IntegersPrintWithoutAnExponentBelowTenToTheFifteen) {
  EXPECT_EQ(json::dump(value(999999999999999.0)), "999999999999999");
  EXPECT_EQ(json::dump(value(-999999999999999.0)), "-999999999999999");
  EXPECT_EQ(json::dump(value(1e15)), "1000000000000000");
  EXPECT_EQ(json::dump(value(-0.0)), "0");
  json::write_options g15 = json::compact_style;
  g15.numbers = pipewright::number_style::g15;
  EXPECT_EQ(json::dump(value(999999999999999.0), g15), "999999999999999");
  EXPECT_EQ(json::dump(value(1e15), g15), "1E+15");
  EXPECT_EQ(json::dump(value(-42.0), g15), "-42");
}

TEST(JsonWrite, WriteAppendsToWhatIsThere) {
  std::string out = "prefix:";
  json::write(out, value::make_array({1, "two", value::make_object({{"k", 3.5}})}),
              json::compact_style);
  EXPECT_EQ(out, R"(prefix:[1,"two",{"k":3.5}])");
  // Deep indentation (past eight spaces per newline) and a large document.
  value deep = value("x");
  for (int i = 0; i < 12; ++i) deep = value::make_array({deep});
  const std::string d = json::dump(deep);
  EXPECT_NE(d.find("\n" + std::string(24, ' ') + "\"x\""), std::string::npos);
  EXPECT_TRUE(json::parse(d).ok());
  pipewright::array big;
  for (std::size_t i = 0; i < 5000; ++i) big.push_back(value(std::string(i % 40, 'q') + "\"é"));
  const value v(std::move(big));
  const std::string text = json::dump(v);
  auto back = json::parse(text);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(*back == v);
}

TEST(JsonLoad, EveryValueAndKeyHasItsSpan) {
  const std::string_view text = R"({"a": [1, {"b": "x"}], "c": true})";
  auto doc = json::load(text);
  ASSERT_TRUE(doc.ok());
  const source_map& m = doc->map;
  auto text_of = [&text](source_span s) { return text.substr(s.begin, s.end - s.begin); };
  const source_map::node_id root = m.root();
  EXPECT_EQ(text_of(m.span(root)), text);
  ASSERT_EQ(m[root].count, 2U);
  const source_map::node_id a = m.child(root, 0);
  EXPECT_EQ(text_of(m[a].key_span), "\"a\"");
  EXPECT_EQ(text_of(m.span(a)), R"([1, {"b": "x"}])");
  ASSERT_EQ(m[a].count, 2U);
  EXPECT_EQ(text_of(m.span(m.child(a, 0))), "1");
  const source_map::node_id inner = m.child(a, 1);
  EXPECT_EQ(text_of(m.span(inner)), R"({"b": "x"})");
  EXPECT_EQ(text_of(m[m.child(inner, 0)].key_span), "\"b\"");
  EXPECT_EQ(text_of(m.span(m.child(inner, 0))), "\"x\"");
  const source_map::node_id c = m.child(root, 1);
  EXPECT_EQ(text_of(m[c].key_span), "\"c\"");
  EXPECT_EQ(text_of(m.span(c)), "true");
  // The same values as parse(); errors are parse()'s.
  EXPECT_EQ(json::dump(doc->root), json::dump(json::parse(text).value()));
  auto bad = json::load(R"({"a": [1,]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.diagnostics().front().code,
            json::parse(R"({"a": [1,]})").diagnostics().front().code);
  EXPECT_EQ(bad.diagnostics().front().path, "/a/1");
}

TEST(JsonLoad, MembersWalkAnObjectWithTheNodeOfEachMember) {
  const std::string_view text = R"({"a": 1, "bb": [2], "c": {}})";
  auto doc = json::load(text);
  ASSERT_TRUE(doc.ok());
  const source_map& m = doc->map;
  const pipewright::object& o = doc->root.as_object();
  auto text_of = [&text](source_span s) {
    return std::string(text.substr(s.begin, s.end - s.begin));
  };
  std::vector<std::string> seen;
  std::size_t k = 0;
  for (const auto [key, item, node] : m.members(o, m.root())) {
    EXPECT_EQ(&item, &o[k].second);
    EXPECT_EQ(&key, &o[k].first);
    EXPECT_EQ(node, m.child(m.root(), k));
    seen.push_back(key + "@" + text_of(m.span(node)) + "@" + text_of(m.key_span(node)));
    ++k;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{R"(a@1@"a")", R"(bb@[2]@"bb")", R"(c@{}@"c")"}));
  const pipewright::object empty;
  EXPECT_EQ(m.members(empty, m.root()).begin(), m.members(empty, m.root()).end());
}
