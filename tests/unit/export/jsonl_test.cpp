// export_::eval_jsonl_line: the answer of eval_jsonl_case() on the parsed line (or
// jsonl_parse_error() when the line is not JSON), line for line.
#include "pipewright/export/jsonl.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/value/json.hpp"

namespace {

namespace json = pipewright::json;
namespace export_ = pipewright::export_;
using pipewright::value;

value answer_of_parsed_line(std::string_view line) {
  auto parsed = json::parse(line);
  return parsed ? export_::eval_jsonl_case(*parsed)
                : export_::jsonl_parse_error(*parsed.first_error());
}

}  // namespace

// clang-format off
// The last lines: chains of `.name`, which read only the members they reach; then leaves
// that the evaluator reads without the JSON reader (plain strings, integers, literals) and
// their neighbours that it parses.
constexpr std::string_view jsonl_lines[] = {
      R"j({"id":1,"expr":"github.ref == 'refs/heads/main' && env.CI","contexts":{"github":{"ref":"refs/heads/main","event":{"a":[1,2,{"b":null}]}},"env":{"CI":"true"},"matrix":{"os":"x"}}})j",
      R"j({"id":"t","expr":"build-${{ env.A }}-${{ matrix.os }}","contexts":{"env":{"A":"1"},"matrix":{"os":"linux"},"github":{}}})j",
      R"j({"id":"lone","expr":"${{ matrix }}","contexts":{"matrix":{"os":"linux","n":[1,2]}}})j",
      R"j({"id":2,"expr":"success()","status":"failure","contexts":{}})j",
      R"j({"id":3,"expr":"1 == 1"})j",
      R"j({"id":4,"expr":"1 == 1","contexts":null})j",
      R"j({"id":5,"expr":"1 == 1","contexts":[1]})j",
      R"j({"id":6,"expr":5,"contexts":{}})j",
      R"j([1,2])j",
      R"j({"id":1,"expr":)j",
      R"j({"id":1,"expr":"env.a","contexts":{"env":{"a":"1"}}} trailing)j",
      R"j({"ID":7,"Expr":"env.a","CONTEXTS":{"Env":{"a":"1"},"env":{"a":"2"}},"expr":"env.b"})j",
      R"j({"id":8,"expr":"secrets.X","contexts":{"env":{}}})j",
      R"j({"id":9,"expr":"fromJSON('x')","contexts":{}})j",
      R"j({"id":10,"expr":"hashFiles('**/x')","contexts":{}})j",
      R"j({"id":11,"expr":"   ","contexts":{}})j",
      R"j({"id":12,"expr":"toJSON(env)","contexts":{"env":{"q":"a\"b\\c\u00e9\ud83d\ude00","n":1e400}}})j",
      R"j({"id":{"nested":[true]},"expr":"env.x[0]","contexts":{"env":{"x":["first"]},"unused":{"bad":[1,2,3]}}})j",
      R"j({"expr":"matrix.os","contexts":{"MATRIX":{"OS":"mac"}}})j",
      R"j({"id":13,"expr":"github.event.*.b","contexts":{"github":{"event":{"x":{"b":1},"y":{"b":2}}}}})j",
      R"j({"id":14,"expr":"format('{0}', github.sha)","contexts":{"github":{"sha":"abc"}},"status":"bogus"})j",
      R"j({"id":15,"expr":"1 +","contexts":{}})j",
      R"j({"id":16,"expr":"github.event.head_commit.message","contexts":{"github":{"ref":"r","event":{"head_commit":{"message":"m","id":"x"},"other":[1]}}}})j",
      R"j({"id":17,"expr":"github.EVENT.x == github.event.X && github.Event.y","contexts":{"github":{"Event":{"x":1,"Y":"q"},"event":{"x":2}}}})j",
      R"j({"id":18,"expr":"github.event == github.event","contexts":{"github":{"event":{"a":1}}}})j",
      R"j({"id":19,"expr":"github.ref.x || github.list.x || github.n.x","contexts":{"github":{"ref":"r","list":[{"x":1}],"n":3}}})j",
      R"j({"id":20,"expr":"github['event'].a","contexts":{"github":{"event":{"a":"quoted"}}}})j",
      R"j({"id":21,"expr":"github.event.a && toJSON(github.event)","contexts":{"github":{"event":{"a":1,"b":[true,null]}}}})j",
      R"j({"id":22,"expr":"github.event.*.b","contexts":{"github":{"event":{"x":{"b":1},"y":{"c":2}}}}})j",
      R"j({"id":23,"expr":"format('{0}-{1}', github.ev\u0065nt.a, github.missing.deep)","contexts":{"github":{"ev\u0065nt":{"a":"esc"},"EVENT":{"a":"second"}}}})j",
      R"j({"id":24,"expr":"toJSON(github.event) == toJSON(github.event.a)","contexts":{"github":{"event":{"a":{"b":1}}}}})j",
      R"j({"id":25,"expr":"github.event['a'].b","contexts":{"github":{"event":{"a":{"b":"mixed"},"z":0}}}})j",
      R"j({"id":26,"expr":"join(github.event.*, ',')","contexts":{"github":{"event":{"a":"1","b":"2"}}}})j",
      R"j({"id":27,"expr":"pre-${{ github.event.a }}-${{ github.ref }}","contexts":{"github":{"ref":"r","event":{"a":"t"}}}})j",
      R"j({"id":123456789012345,"expr":"github.n","contexts":{"github":{"n":999999999999999}}})j",
      R"j({"id":1234567890123456789,"expr":"github.n","contexts":{"github":{"n":12.50}}})j",
      R"j({"id":-0,"expr":"github.n + 1","contexts":{"github":{"n":1E2}}})j",
      R"j({"id":0.5e1,"expr":"github.n","contexts":{"github":{"n":-7}}})j",
      R"j({"id":true,"expr":"github.a","contexts":{"github":{"a":false,"b":null}}})j",
      R"j({"id":null,"expr":"github.b","contexts":{"github":{"a":false,"b":null}}})j",
      R"j({"id":false,"expr":"github.x == 'ÉCOLE'","contexts":{"github":{"é":1,"x":"école","y":"\u00e9"}}})j",
      R"j({"id":"é","expr":"github.y","contexts":{"github":{"y":"a\u00e9\"b"}}})j",
      R"j({"id":"\u0041","expr":"github.é","contexts":{"github":{"É":"upper","é":"lower"}}})j",
      R"j({"id":28,"expr":"github.ref\u0020== 'r'","contexts":{"github":{"ref":"r"}}})j",
      R"j({ "id" : 29 , "expr" : "github.ref" , "contexts" : { "github" : { "ref" : "spaced" } } })j",
};
// clang-format on

TEST(EvalJsonlLine, AnswersEachLineAsTheCaseOfItsParsedValue) {
  for (std::string_view line : jsonl_lines) {
    const value got = export_::eval_jsonl_line(line);
    const value want = answer_of_parsed_line(line);
    EXPECT_TRUE(got == want) << line << "\n  got  " << json::dump(got, json::compact_style)
                             << "\n  want " << json::dump(want, json::compact_style);
  }
}

TEST(EvalJsonlLine, AnEvaluatorWritesEachAnswerAsItsCompactJson) {
  // write_answer() writes the usual answer without building it: the same text as the
  // answer object written, and its "ok"; after text already in the buffer.
  export_::jsonl_evaluator evaluator;
  for (int round = 0; round < 2; ++round) {
    for (std::string_view line : jsonl_lines) {
      const value want = evaluator.answer(line);
      std::string written = "before\n";
      const bool ok = evaluator.write_answer(written, line);
      EXPECT_EQ(written, "before\n" + json::dump(want, json::compact_style)) << line;
      EXPECT_EQ(ok, want["ok"].as_bool()) << line;
    }
  }
}

TEST(EvalJsonlLine, ReadsOnlyTheContextsTheExpressionNames) {
  // "big" is never parsed into a value, but it is checked: a line that is not JSON anywhere
  // gets the reader's error.
  const value ok = export_::eval_jsonl_line(
      R"({"id":1,"expr":"env.A","contexts":{"env":{"A":"x"},"big":{"k":[1,2,3]}}})");
  EXPECT_TRUE(ok["ok"].as_bool());
  EXPECT_EQ(ok["value"].as_string(), "x");
  const value bad = export_::eval_jsonl_line(
      R"({"id":1,"expr":"env.A","contexts":{"env":{"A":"x"},"big":{"k":[1,2,]}}})");
  EXPECT_FALSE(bad["ok"].as_bool());
  EXPECT_TRUE(bad["id"].is_null());
  EXPECT_EQ(bad["error"].as_string().substr(0, 6), pipewright::codes::json_unexpected_character);
}

TEST(EvalJsonlLine, AnEvaluatorCompilesEachTextOnceForItsContextNames) {
  // One evaluator answers a batch: the same text with other context names (another order,
  // another spelling, a name missing) is compiled again, and every answer is the parsed
  // line's.
  export_::jsonl_evaluator evaluator;
  const std::string_view lines[] = {
      R"j({"id":1,"expr":"env.A == github.ref","contexts":{"env":{"A":"x"},"github":{"ref":"x"}}})j",
      R"j({"id":2,"expr":"env.A == github.ref","contexts":{"github":{"ref":"y"},"env":{"A":"x"}}})j",
      R"j({"id":3,"expr":"env.A == github.ref","contexts":{"GITHUB":{"ref":"x"},"Env":{"A":"x"}}})j",
      R"j({"id":4,"expr":"env.A == github.ref","contexts":{"github":{"ref":"x"}}})j",
      R"j({"id":5,"expr":"env.A == github.ref","contexts":{"env":{"A":"x"},"github":{"ref":"x"}}})j",
      R"j({"id":6,"expr":"a-${{ env.A }}","contexts":{"env":{"A":"t"}}})j",
      R"j({"id":7,"expr":"a-${{ env.A }}","contexts":{"env":{"A":"u"}}})j",
      R"j({"id":8,"expr":"1 +","contexts":{}})j",
      R"j({"id":9,"expr":"1 +","contexts":{}})j",
  };
  for (int round = 0; round < 2; ++round) {
    for (std::string_view line : lines) {
      const value got = evaluator.answer(line);
      EXPECT_TRUE(got == answer_of_parsed_line(line))
          << line << "\n  got  " << json::dump(got, json::compact_style);
    }
  }
}

TEST(EvalJsonlLine, AnEvaluatorForgetsPastItsBoundAndStillAnswers) {
  // More distinct texts than it keeps: it starts again, and the answers do not change.
  export_::jsonl_evaluator evaluator;
  const std::size_t n = export_::jsonl_evaluator::max_cached + 100;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string line = R"({"id":)" + std::to_string(i) + R"(,"expr":"env.N == )" +
                             std::to_string(i % 7) + R"(","contexts":{"env":{"N":)" +
                             std::to_string(i % 7) + "}}}";
    // A distinct text per line: the number is written with i's digits in a string.
    const std::string distinct = R"({"id":)" + std::to_string(i) + R"(,"expr":"format('{0}', )" +
                                 std::to_string(i) + R"() == env.N","contexts":{"env":{"N":")" +
                                 std::to_string(i) + "\"}}}";
    const value a = evaluator.answer(line);
    const value b = evaluator.answer(distinct);
    ASSERT_TRUE(a["ok"].as_bool()) << line;
    EXPECT_TRUE(a["value"].as_bool()) << line;
    ASSERT_TRUE(b["ok"].as_bool()) << distinct;
    EXPECT_TRUE(b["value"].as_bool()) << distinct;
  }
}
