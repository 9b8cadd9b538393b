// GitHub's expression suite (languageservices) and the differential cases, run through
// pipewright::expr exactly as `pipewright eval --jsonl` runs them.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "pipewright/export/jsonl.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/host/hash_files.hpp"
#include "pipewright/value/json.hpp"

namespace pe = pipewright::expr;
namespace json = pipewright::json;
using pipewright::value;

namespace {

// Cases that still fail, with the reason (docs/expressions.md explains each). The test fails
// when a case outside this list fails, or when a listed case passes.
const std::map<std::string, std::string>& known_failures() {
  static const std::map<std::string, std::string> list = {};
  return list;
}

std::string read_file(const std::filesystem::path& p) {
  std::string out;
  std::FILE* f = std::fopen(p.string().c_str(), "rb");
  if (f == nullptr) return out;
  char buf[65536];
  for (;;) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, f);
    out.append(buf, n);
    if (n < sizeof buf) break;
  }
  std::fclose(f);
  return out;
}

const std::filesystem::path data_dir =
    std::filesystem::path(PIPEWRIGHT_TEST_DATA_DIR) / "expressions";

struct outcome {
  bool compiled = false;
  bool ok = false;
  value result;
  std::string error;
};

outcome run(const std::string& text, const value& contexts, pe::job_status status) {
  outcome o;
  pe::compile_options options;
  if (contexts.is_object()) {
    for (const auto& m : contexts.as_object()) options.contexts.push_back(m.first);
  }
  auto e = pe::compile(text, options);
  if (!e) {
    o.error = e.first_error()->message;
    return o;
  }
  o.compiled = true;
  pe::evaluation_options eo;
  eo.status = status;
  auto r = e->evaluate(contexts, eo);
  if (!r) {
    o.error = r.first_error()->message;
    return o;
  }
  o.ok = true;
  o.result = *r;
  return o;
}

// The value as the JSON Lines contract writes it, read back (NaN and infinities as strings).
value contract_value(const value& v) {
  auto parsed = json::parse(json::dump(v, json::compact_style));
  return parsed ? *parsed : value();
}

bool same_json(const value& a, const value& b) {
  if (a.is_number() && b.is_number()) return a.as_number() == b.as_number();
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.as_array().size() != b.as_array().size()) return false;
    for (std::size_t i = 0; i < a.as_array().size(); ++i) {
      if (!same_json(a.as_array()[i], b.as_array()[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.as_object().size() != b.as_object().size()) return false;
    for (std::size_t i = 0; i < a.as_object().size(); ++i) {
      if (a.as_object()[i].first != b.as_object()[i].first) return false;
      if (!same_json(a.as_object()[i].second, b.as_object()[i].second)) return false;
    }
    return true;
  }
  return a == b;
}

struct tally {
  std::map<std::string, std::pair<int, int>> per;  // category -> (pass, total)
  std::vector<std::string> unexpected;
  std::set<std::string> seen_known;
  void record(const std::string& category, const std::string& id, bool pass,
              const std::string& why) {
    auto& p = per[category];
    ++p.second;
    const bool known = known_failures().count(id) != 0;
    if (known) seen_known.insert(id);
    if (pass) {
      ++p.first;
      if (known) unexpected.push_back(id + ": listed as a known failure but passes");
    } else if (!known) {
      unexpected.push_back(id + ": " + why);
    }
  }
  void print(const char* title) const {
    std::printf("%s\n", title);
    int pass = 0;
    int total = 0;
    for (const auto& [cat, p] : per) {
      std::printf("  %-32s %5d / %5d\n", cat.c_str(), p.first, p.second);
      pass += p.first;
      total += p.second;
    }
    std::printf("  %-32s %5d / %5d\n", "TOTAL", pass, total);
  }
};

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

}  // namespace

TEST(ExprConformance, LanguageServicesSuitePasses) {
  tally t;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir / "languageservices")) {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 28u);
  for (const auto& file : files) {
    auto doc = json::parse(read_file(file));
    ASSERT_TRUE(doc.ok()) << file;
    const std::string category = file.stem().string();
    for (const auto& [group, cases] : doc->as_object()) {
      std::size_t n = 0;
      for (const value& c : cases.as_array()) {
        const std::string id = category + "/" + group + "#" + std::to_string(n++);
        const std::string text(c["expr"].as_string());
        const outcome o = run(text, c["contexts"], pe::job_status::success);
        std::string why;
        bool pass = false;
        if (c["err"].is_object()) {
          const std::string phase(c["err"]["kind"].as_string());
          const bool want_compile_error = phase != "evaluation";
          pass = !o.ok && (o.compiled != want_compile_error);
          why = "expected a " + phase + " error, got " +
                (o.ok ? "ok " + json::dump(o.result, json::compact_style)
                      : (o.compiled ? "evaluation error: " : "compile error: ") + o.error);
        } else {
          const value& want = c["result"];
          if (o.ok) {
            const std::string kind(pipewright::kind_name(o.result.type()));
            pass = kind == lower(std::string(want["kind"].as_string())) &&
                   same_json(contract_value(o.result), want["value"]);
            why = "got " + kind + " " + json::dump(o.result, json::compact_style) + ", expected " +
                  json::dump(want, json::compact_style);
          } else {
            why = "failed: " + o.error;
          }
        }
        t.record(category, id, pass, text + " -> " + why);
      }
    }
  }
  t.print("languageservices suite (pass / total per file):");
  for (const auto& u : t.unexpected) ADD_FAILURE() << u;
}

TEST(ExprConformance, DifferentialCasesPass) {
  tally t;
  const std::string text = read_file(data_dir / "differential.jsonl");
  ASSERT_FALSE(text.empty());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    const std::string_view line(text.data() + pos, eol - pos);
    pos = eol + 1;
    if (line.empty()) continue;
    auto c = json::parse(line);
    ASSERT_TRUE(c.ok());
    const std::string id((*c)["id"].as_string());
    const std::string category((*c)["category"].as_string());
    const std::string expr((*c)["expr"].as_string());
    // Exactly what `pipewright eval --jsonl` answers for this line (which reads only the
    // contexts the expression names), and what the contract gives for the parsed line.
    const value got =
        pipewright::export_::eval_jsonl_line(line, pipewright::host::default_hash_files("."));
    EXPECT_TRUE(got ==
                pipewright::export_::eval_jsonl_case(*c, pipewright::host::default_hash_files(".")))
        << line;
    const value& want = (*c)["expected"];
    bool pass = false;
    std::string why;
    if (!want["ok"].as_bool()) {
      // Lexing and parsing errors are PW0201-PW0209 (compile time); evaluation errors later.
      const std::string err(got["error"].is_string() ? got["error"].as_string() : "");
      const bool compile_code = err.compare(0, 6, "PW0210") < 0 || err.compare(0, 6, "PW0218") == 0;
      const bool want_compile = want["phase"].as_string() != "eval";
      pass = got["ok"].is_bool() && !got["ok"].as_bool() && compile_code == want_compile;
      why = "expected a " + std::string(want["phase"].as_string()) + " error, got " +
            json::dump(got, json::compact_style);
    } else if (got["ok"].as_bool()) {
      pass = got["kind"] == want["kind"] &&
             same_json(contract_value(got["value"]), want["value"]) && got["str"] == want["str"];
      why = "got " + json::dump(got, json::compact_style) + ", expected " +
            json::dump(want, json::compact_style);
    } else {
      why = "failed: " + std::string(got["error"].as_string());
    }
    t.record(category, id, pass, expr + " -> " + why);
  }
  t.print("differential.jsonl (pass / total per category):");
  for (const auto& u : t.unexpected) ADD_FAILURE() << u;
}

TEST(ExprConformance, KnownFailuresAreReported) {
  for (const auto& [id, reason] : known_failures()) {
    std::printf("known failure %s: %s\n", id.c_str(), reason.c_str());
  }
  SUCCEED();
}
