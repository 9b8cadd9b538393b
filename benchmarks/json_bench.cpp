// pipewright's JSON reader and writer (value/json.hpp) beside nlohmann::json, in one process.
//
// Two documents: a 5 KB GitHub push payload (benchmarks/data/push_event.json, pretty-printed)
// and a ~5 MB array of event-like objects generated deterministically here (compact, one
// event per line; strings with escapes and non-ASCII text, integers and fractions, nesting).
// For each: parse, dump in GitHub's toJSON layout (2-space indent) and dump compact.
// Throughput is reported in bytes of JSON read (parse) or written (dump).
//
// Both parsers are checked once at start-up, outside timing: they must accept both documents
// and read the same content, and pipewright's output must reparse to an equal value.

#include <benchmark/benchmark.h>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#ifndef PIPEWRIGHT_BENCH_HAS_NLOHMANN
#define PIPEWRIGHT_BENCH_HAS_NLOHMANN 0
#endif
#if PIPEWRIGHT_BENCH_HAS_NLOHMANN
#include <exception>
#include <nlohmann/json.hpp>
#endif

#include "pipewright/value/json.hpp"

namespace {

namespace pj = pipewright::json;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "json_bench: %s\n", what.c_str());
  std::abort();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot open " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// --- the generated document ---------------------------------------------------------------

/// xorshift64: the same sequence on every platform, so the document is always the same.
class rng {
 public:
  std::uint64_t next() noexcept {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
  }
  std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }
  bool chance(std::uint64_t one_in) noexcept { return below(one_in) == 0; }

 private:
  std::uint64_t state_ = 0x9E3779B97F4A7C15ull;
};

void put_uint(std::string& out, std::uint64_t n) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof(buf), n);
  out.append(buf, r.ptr);
}

void put_sha(std::string& out, rng& r) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (int i = 0; i < 40; ++i) out += hex[r.below(16)];
  out += '"';
}

/// A fraction with up to four decimals, e.g. 12.5, 0.0625, -3.1416.
void put_fraction(std::string& out, rng& r) {
  if (r.chance(4)) out += '-';
  put_uint(out, r.below(1000));
  out += '.';
  const std::uint64_t decimals = 1 + r.below(9999);
  std::string d = std::to_string(decimals);
  while (d.size() < 4) d.insert(0, 1, '0');
  while (d.size() > 1 && d.back() == '0') d.pop_back();
  out += d;
}

// Fictional names; JSON-escaped where they contain escapes.
constexpr std::string_view names[] = {
    R"(Avery Quill)",  R"(Zoë Marlow)",     R"(Jürgen Feldt)",      R"(Åsa Lindqvist)",
    R"(Łukasz Brzęk)", R"(Nguyễn Thị Lan)", R"(森 太郎)",           R"(Ольга Ветрова)",
    R"(José Núñez)",   R"(Rin Sol\u00e9)",  R"(Dana \"Dee\" Cole)", R"(Kofi Mensah-Ode)",
    R"(Ιωάννα Πάπα)",  R"(Mira O'Hanlon)",  R"(Tarek El-Amin)",     R"(Priya Ramanathan)",
};

constexpr std::string_view messages[] = {
    R"(Fix flaky test in matrix expansion\n\nThe \"include\" entries were applied before \"exclude\".)",
    R"(Bump actions/checkout from 3 to 4)",
    R"(docs: explain C:\\runner\\work paths on Windows runners)",
    R"(Ship it 🚀 — release notes for the café build)",
    R"(Revert \"speed up graph levels\"\n\nThis reverts commit 1f2e3d4c.\tSee #88.)",
    R"(expr: handle \u00e9t\u00e9 and emoji \ud83d\ude80 in format())",
    R"(Merge branch 'main' into feature/日本語-docs)",
    R"(ci: cache ~/.cache/pip and /tmp/build\/out)",
};

constexpr std::string_view branches[] = {"main",        "develop",           "feature/json-speed",
                                         "release/1.4", "fix/ünïcode-paths", "dependabot/npm"};

constexpr std::string_view labels[] = {
    "bug", "ci", "docs", "performance", "good first issue", "wontfix", "ünicode", "needs: triage"};

constexpr std::string_view odd_numbers[] = {"0",       "-0",    "1e3",       "2.5E-3", "6.02e23",
                                            "-1.5e-7", "1e+21", "123456789", "0.1",    "-42"};

void put_commit(std::string& out, rng& r, std::uint64_t index) {
  const auto& name = names[r.below(std::size(names))];
  out += R"({"sha":)";
  put_sha(out, r);
  out += R"(,"author":{"email":"dev)";
  put_uint(out, r.below(500));
  out += R"(@example.com","name":")";
  out += name;
  out += R"("},"message":")";
  out += messages[r.below(std::size(messages))];
  out += " (#";
  put_uint(out, index);
  out += ')';
  out += R"(","distinct":)";
  out += r.chance(5) ? "false" : "true";
  out += R"(,"url":"https://api.github.com/repos/octo-org/octo-repo/commits/)";
  out += std::to_string(index);
  out += R"("})";
}

void put_event(std::string& out, rng& r, std::uint64_t index) {
  const std::uint64_t actor = 1000 + r.below(90000);
  const std::uint64_t repo = r.below(64);
  out += R"({"id":")";
  put_uint(out, 30000000000ull + index * 7);
  out += R"(","type":"PushEvent","actor":{"id":)";
  put_uint(out, actor);
  out += R"(,"login":"user-)";
  put_uint(out, actor);
  out += R"(","display_login":"user-)";
  put_uint(out, actor);
  out += R"(","gravatar_id":"","url":"https://api.github.com/users/user-)";
  put_uint(out, actor);
  out += R"(","avatar_url":"https://avatars.githubusercontent.com/u/)";
  put_uint(out, actor);
  out += R"(?"},"repo":{"id":)";
  put_uint(out, 500000000 + repo);
  out += R"(,"name":"octo-org/repo-)";
  put_uint(out, repo);
  out += R"(","url":"https://api.github.com/repos/octo-org/repo-)";
  put_uint(out, repo);
  const std::uint64_t commits = r.below(4);
  out += R"("},"payload":{"repository_id":)";
  put_uint(out, 500000000 + repo);
  out += R"(,"push_id":)";
  put_uint(out, 15000000000ull + index);
  out += R"(,"size":)";
  put_uint(out, commits);
  out += R"(,"distinct_size":)";
  put_uint(out, commits);
  out += R"(,"ref":"refs/heads/)";
  out += branches[r.below(std::size(branches))];
  out += R"(","head":)";
  put_sha(out, r);
  out += R"(,"before":)";
  put_sha(out, r);
  out += R"(,"commits":[)";
  for (std::uint64_t c = 0; c < commits; ++c) {
    if (c != 0) out += ',';
    put_commit(out, r, index * 4 + c);
  }
  out += R"(]},"public":)";
  out += r.chance(10) ? "false" : "true";
  out += R"(,"created_at":"2024-05-)";
  put_uint(out, 10 + r.below(20));
  out += R"(T11:)";
  put_uint(out, 10 + r.below(50));
  out += R"(:45Z","metrics":{"duration_s":)";
  put_fraction(out, r);
  out += R"(,"queued_ms":)";
  put_uint(out, r.below(100000));
  out += R"(,"score":)";
  out += odd_numbers[r.below(std::size(odd_numbers))];
  out += R"(,"samples":[)";
  const std::uint64_t samples = r.below(6);
  for (std::uint64_t s = 0; s < samples; ++s) {
    if (s != 0) out += ',';
    if (r.chance(2)) {
      put_fraction(out, r);
    } else {
      put_uint(out, r.below(2000));
    }
  }
  out += R"(]},"labels":[)";
  const std::uint64_t label_count = r.below(3);
  for (std::uint64_t l = 0; l < label_count; ++l) {
    if (l != 0) out += ',';
    out += '"';
    out += labels[r.below(std::size(labels))];
    out += '"';
  }
  out += R"(],"assignee":null,"org":{"login":"octo-org","id":90210001},"extra":{}})";
}

/// About `target` bytes of compact JSON: an array of events, one per line.
std::string make_events_document(std::size_t target) {
  rng r;
  std::string out;
  out.reserve(target + 4096);
  out += "[\n";
  for (std::uint64_t i = 0; out.size() < target; ++i) {
    if (i != 0) out += ",\n";
    put_event(out, r, i);
  }
  out += "\n]\n";
  return out;
}

// --- the documents, parsed and checked once -------------------------------------------------

struct document {
  std::string name;
  std::string text;
  pipewright::value pw;
  std::size_t pw_indented_bytes = 0;
  std::size_t pw_compact_bytes = 0;
#if PIPEWRIGHT_BENCH_HAS_NLOHMANN
  nlohmann::json nl;
  std::size_t nl_indented_bytes = 0;
  std::size_t nl_compact_bytes = 0;
#endif
};

#if PIPEWRIGHT_BENCH_HAS_NLOHMANN
/// True when both parsers read the same content. nlohmann::json keeps object keys sorted
/// (std::map) where pipewright keeps document order, so members are matched by key.
bool same_content(const pipewright::value& a, const nlohmann::json& b) {
  switch (a.type()) {
    case pipewright::kind::null: return b.is_null();
    case pipewright::kind::boolean: return b.is_boolean() && b.get<bool>() == a.as_bool();
    case pipewright::kind::number: return b.is_number() && b.get<double>() == a.as_number();
    case pipewright::kind::string:
      return b.is_string() && b.get_ref<const std::string&>() == a.as_string();
    case pipewright::kind::array: {
      const pipewright::array& items = a.as_array();
      if (!b.is_array() || b.size() != items.size()) return false;
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (!same_content(items[i], b[i])) return false;
      }
      return true;
    }
    case pipewright::kind::object: {
      if (!b.is_object() || b.size() != a.as_object().size()) return false;
      for (const auto& [key, member] : a.as_object()) {
        const auto it = b.find(key);
        if (it == b.end() || !same_content(member, *it)) return false;
      }
      return true;
    }
  }
  return false;
}
#endif

pipewright::value pw_parse_checked(const std::string& text, const std::string& what) {
  auto r = pj::parse(text);
  if (!r) {
    const pipewright::diagnostic* d = r.first_error();
    if (d == nullptr) die("pipewright cannot parse " + what);
    die("pipewright cannot parse " + what + ": " + d->code + " " + d->message + " at byte " +
        std::to_string(d->span.begin) + " (" + d->path + ")");
  }
  return std::move(r).value();
}

document load(std::string name, std::string text) {
  document doc;
  doc.name = std::move(name);
  doc.text = std::move(text);
  doc.pw = pw_parse_checked(doc.text, doc.name);

  const std::string indented = pj::dump(doc.pw);
  const std::string compact = pj::dump(doc.pw, pj::compact_style);
  if (!(pw_parse_checked(indented, doc.name + " as written by dump()") == doc.pw) ||
      !(pw_parse_checked(compact, doc.name + " as written compact") == doc.pw)) {
    die("pipewright's output of " + doc.name + " does not reparse to an equal value");
  }
  doc.pw_indented_bytes = indented.size();
  doc.pw_compact_bytes = compact.size();

#if PIPEWRIGHT_BENCH_HAS_NLOHMANN
  try {
    doc.nl = nlohmann::json::parse(doc.text);
  } catch (const std::exception& e) {
    die("nlohmann::json cannot parse " + doc.name + ": " + e.what());
  }
  if (!same_content(doc.pw, doc.nl)) {
    die("pipewright and nlohmann::json read " + doc.name + " differently");
  }
  doc.nl_indented_bytes = doc.nl.dump(2).size();
  doc.nl_compact_bytes = doc.nl.dump().size();
#endif
  return doc;
}

std::vector<document>& documents() {
  static std::vector<document> docs;
  return docs;
}

// --- the benchmarks -------------------------------------------------------------------------

void set_bytes(benchmark::State& state, std::size_t bytes_per_iteration) {
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes_per_iteration));
}

void parse_pipewright(benchmark::State& state, const document& doc) {
  for (auto _ : state) {
    auto r = pj::parse(doc.text);
    benchmark::DoNotOptimize(r);
  }
  set_bytes(state, doc.text.size());
}

void dump_indented_pipewright(benchmark::State& state, const document& doc) {
  for (auto _ : state) {
    std::string out = pj::dump(doc.pw);
    benchmark::DoNotOptimize(out);
  }
  set_bytes(state, doc.pw_indented_bytes);
}

void dump_compact_pipewright(benchmark::State& state, const document& doc) {
  for (auto _ : state) {
    std::string out = pj::dump(doc.pw, pj::compact_style);
    benchmark::DoNotOptimize(out);
  }
  set_bytes(state, doc.pw_compact_bytes);
}

#if PIPEWRIGHT_BENCH_HAS_NLOHMANN
void parse_nlohmann(benchmark::State& state, const document& doc) {
  for (auto _ : state) {
    nlohmann::json j = nlohmann::json::parse(doc.text);
    benchmark::DoNotOptimize(j);
  }
  set_bytes(state, doc.text.size());
}

void dump_indented_nlohmann(benchmark::State& state, const document& doc) {
  for (auto _ : state) {
    std::string out = doc.nl.dump(2);
    benchmark::DoNotOptimize(out);
  }
  set_bytes(state, doc.nl_indented_bytes);
}

void dump_compact_nlohmann(benchmark::State& state, const document& doc) {
  for (auto _ : state) {
    std::string out = doc.nl.dump();
    benchmark::DoNotOptimize(out);
  }
  set_bytes(state, doc.nl_compact_bytes);
}
#endif

using bench_fn = void (*)(benchmark::State&, const document&);

void add(const std::string& op, const document& doc, const char* library, bench_fn fn,
         benchmark::TimeUnit unit) {
  const std::string name = op + "/" + doc.name + "/" + library;
  benchmark::RegisterBenchmark(name.c_str(), [fn, &doc](benchmark::State& state) {
    fn(state, doc);
  })->Unit(unit);
}

/// Loads and checks the documents, then registers every benchmark (before main runs).
int register_all() {
  std::vector<document>& docs = documents();
  docs.reserve(2);
  docs.push_back(load("push_event_5KB", read_file(PIPEWRIGHT_BENCH_DATA_DIR "/push_event.json")));
  docs.push_back(load("events_5MB", make_events_document(std::size_t{5} << 20)));

  for (const document& doc : docs) {
    const auto unit = doc.text.size() < (std::size_t{1} << 20) ? benchmark::kMicrosecond
                                                               : benchmark::kMillisecond;
    add("parse", doc, "pipewright", parse_pipewright, unit);
#if PIPEWRIGHT_BENCH_HAS_NLOHMANN
    add("parse", doc, "nlohmann", parse_nlohmann, unit);
#endif
    add("dump_indent2", doc, "pipewright", dump_indented_pipewright, unit);
#if PIPEWRIGHT_BENCH_HAS_NLOHMANN
    add("dump_indent2", doc, "nlohmann", dump_indented_nlohmann, unit);
#endif
    add("dump_compact", doc, "pipewright", dump_compact_pipewright, unit);
#if PIPEWRIGHT_BENCH_HAS_NLOHMANN
    add("dump_compact", doc, "nlohmann", dump_compact_nlohmann, unit);
#endif
  }
  return 0;
}

[[maybe_unused]] const int registered = register_all();

}  // namespace
