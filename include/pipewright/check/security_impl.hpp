/// @file security_impl.hpp
/// The definitions behind check/security.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/check/findings.hpp"
#include "pipewright/check/security.hpp"
#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/parser.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/render.hpp"
#include "pipewright/value/path.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace lint {

namespace detail {

/// One node of the tree of untrusted event fields: a property name (`*` for an array
/// element) and its parent's index.
struct untrusted_field {
  std::string_view name;
  int parent;
};

/// GitHub's documented list of untrusted inputs, actionlint's additions (review_comment,
/// discussion) and the pull-request data of `workflow_run` events. Leaves are untrusted
/// strings; inner nodes are objects that hold some.
inline constexpr std::array<untrusted_field, 49> untrusted_fields{{
    {"github", -1},          // 0
    {"event", 0},            // 1
    {"issue", 1},            // 2
    {"title", 2},            // 3
    {"body", 2},             // 4
    {"pull_request", 1},     // 5
    {"title", 5},            // 6
    {"body", 5},             // 7
    {"head", 5},             // 8
    {"ref", 8},              // 9
    {"label", 8},            // 10
    {"repo", 8},             // 11
    {"default_branch", 11},  // 12
    {"comment", 1},          // 13
    {"body", 13},            // 14
    {"review", 1},           // 15
    {"body", 15},            // 16
    {"review_comment", 1},   // 17
    {"body", 17},            // 18
    {"pages", 1},            // 19
    {"*", 19},               // 20
    {"page_name", 20},       // 21
    {"commits", 1},          // 22
    {"*", 22},               // 23
    {"message", 23},         // 24
    {"author", 23},          // 25
    {"email", 25},           // 26
    {"name", 25},            // 27
    {"head_commit", 1},      // 28
    {"message", 28},         // 29
    {"author", 28},          // 30
    {"email", 30},           // 31
    {"name", 30},            // 32
    {"discussion", 1},       // 33
    {"title", 33},           // 34
    {"body", 33},            // 35
    {"head_ref", 0},         // 36
    {"workflow_run", 1},     // 37
    {"head_branch", 37},     // 38
    {"display_title", 37},   // 39
    {"head_commit", 37},     // 40
    {"message", 40},         // 41
    {"author", 40},          // 42
    {"email", 42},           // 43
    {"name", 42},            // 44
    {"pull_requests", 37},   // 45
    {"*", 45},               // 46
    {"head", 46},            // 47
    {"ref", 47},             // 48
}};

inline bool has_children(int field) noexcept {
  for (const untrusted_field& f : untrusted_fields) {
    if (f.parent == field) return true;
  }
  return false;
}

/// The dotted path of a field (`github.event.commits.*.message`).
inline std::string field_path(int field) {
  std::string out;
  std::vector<int> chain;
  for (int f = field; f >= 0; f = untrusted_fields[static_cast<std::size_t>(f)].parent) {
    chain.push_back(f);
  }
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!out.empty()) out += '.';
    out += untrusted_fields[static_cast<std::size_t>(*it)].name;
  }
  return out;
}

/// Where an access chain may point: fields of the tree, and whether the value is the array
/// an object filter (`.*`) made, so that the next `[0]` picks an element, not a field.
struct chain_state {
  std::vector<int> fields;
  bool filtered = false;
};

/// The text of a string-literal node (bare `.name` or quoted `'name'`).
PIPEWRIGHT_DECL std::string literal_text(const expr::expression& e, const expr::node& n) {
  const std::string_view t = e.text().substr(n.begin, n.end - n.begin);
  if (n.flag || t.size() < 2) return std::string(t);
  std::string out;
  for (std::size_t i = 1; i + 1 < t.size(); ++i) {
    out += t[i];
    if (t[i] == '\'' && i + 2 < t.size() && t[i + 1] == '\'') ++i;
  }
  return out;
}

inline bool is_chain(expr::node_kind k) noexcept {
  return k == expr::node_kind::context || k == expr::node_kind::index ||
         k == expr::node_kind::wildcard;
}

/// The context node an access chain starts from; only called on chains that resolved.
inline std::int32_t chain_root(const expr::expression& e, std::int32_t i) {
  while (at(e, i).kind != expr::node_kind::context) i = at(e, i).a;
  return i;
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

/// Steps every field of `s` to its children named `name` (`*` children for an element).
inline void step_to(chain_state& s, std::string_view name, bool any_child) {
  std::vector<int> next;
  for (int f : s.fields) {
    bool array = false;
    for (std::size_t c = 0; c < untrusted_fields.size(); ++c) {
      if (untrusted_fields[c].parent == f && untrusted_fields[c].name == "*") array = true;
    }
    for (std::size_t c = 0; c < untrusted_fields.size(); ++c) {
      const untrusted_field& u = untrusted_fields[c];
      if (u.parent != f) continue;
      const bool match = any_child ? (!array || u.name == "*") : iequals(u.name, name);
      if (match) next.push_back(static_cast<int>(c));
    }
  }
  s.fields = std::move(next);
}

/// The untrusted fields an access chain (`github.event.*.body`, `github['head_ref']`) may
/// read. A computed index (`pages[x]`) reads an element.
inline chain_state resolve_chain(const expr::expression& e, std::int32_t i) {
  const expr::node& n = at(e, i);
  if (n.kind == expr::node_kind::context) {
    chain_state s;
    if (n.ref < e.context_names().size() && iequals(e.context_names()[n.ref], "github")) {
      s.fields.push_back(0);
    }
    return s;
  }
  if (n.a < 0 || !is_chain(at(e, n.a).kind)) return {};
  chain_state s = resolve_chain(e, n.a);
  if (s.fields.empty()) return s;
  if (n.kind == expr::node_kind::wildcard) {
    step_to(s, "*", true);
    s.filtered = true;
    return s;
  }
  const expr::node& key = at(e, n.b);
  if (key.kind == expr::node_kind::string_literal) {
    step_to(s, literal_text(e, key), false);
  } else if (s.filtered) {
    s.filtered = false;  // `github.event.*.body[0]`: an element of the filtered array
  } else {
    step_to(s, "*", false);  // an element; a computed key is taken as one too (actionlint)
  }
  return s;
}

/// How the value of a sub-expression reaches the text: as is, only through a Boolean
/// (`contains(...)`, `==`, `!`), or serialised by toJSON (objects then count too).
enum class flow : std::uint8_t { value, boolean, json };

/// One reference to untrusted data found in an expression.
struct untrusted_use {
  std::uint32_t begin = 0;  ///< span of the chain in the expression text
  std::uint32_t end = 0;
  std::vector<std::string> paths;  ///< sorted field paths it may read
  bool whole_object = false;       ///< an object holding untrusted fields (via toJSON)
};

inline void find_untrusted(const expr::expression& e, std::int32_t i, flow f,
                           std::vector<untrusted_use>& out) {
  if (i < 0) return;
  const expr::node& n = at(e, i);
  using k = expr::node_kind;
  switch (n.kind) {
    case k::context:
    case k::index:
    case k::wildcard: {
      const chain_state s = resolve_chain(e, i);
      if (f != flow::boolean && !s.fields.empty()) {
        untrusted_use use;
        use.begin = at(e, chain_root(e, i)).begin;
        use.end = n.end;
        for (int field : s.fields) {
          const bool leaf = !has_children(field);
          if (leaf) {
            use.paths.push_back(field_path(field));
          } else if (f == flow::json) {
            use.paths.push_back(field_path(field) + "' (an object holding untrusted fields)");
          }
          if (!leaf && f == flow::json) use.whole_object = true;
        }
        std::sort(use.paths.begin(), use.paths.end());
        use.paths.erase(std::unique(use.paths.begin(), use.paths.end()), use.paths.end());
        if (!use.paths.empty()) out.push_back(std::move(use));
      }
      // Keys inside the chain are expressions of their own; so is a base that is no
      // context (`fromJSON(x).y`).
      std::int32_t c = i;
      for (; c >= 0 && at(e, c).kind != k::context; c = at(e, c).a) {
        const expr::node& cn = at(e, c);
        if (cn.kind == k::index && cn.b >= 0) {
          find_untrusted(e, cn.b, f == flow::boolean ? flow::boolean : flow::value, out);
        }
        if (cn.a >= 0 && !is_chain(at(e, cn.a).kind)) {
          find_untrusted(e, cn.a, f, out);
          break;
        }
      }
      return;
    }
    case k::call: {
      const auto id = static_cast<expr::builtin>(n.ref);
      std::size_t arg = 0;
      for (std::int32_t c = n.a; c >= 0; c = at(e, c).next, ++arg) {
        flow cf = f == flow::boolean ? flow::boolean : flow::value;
        if (n.ref < expr::first_user_function) {
          if (id == expr::builtin::contains || id == expr::builtin::starts_with ||
              id == expr::builtin::ends_with || id == expr::builtin::hash_files ||
              expr::is_status_function(n.ref)) {
            cf = flow::boolean;
          } else if (id == expr::builtin::to_json && f != flow::boolean) {
            cf = flow::json;
          } else if (id == expr::builtin::case_ && arg % 2 == 0 && at(e, c).next >= 0) {
            cf = flow::boolean;  // a predicate
          }
        }
        find_untrusted(e, c, cf, out);
      }
      return;
    }
    case k::group: find_untrusted(e, n.a, f, out); return;
    case k::and_:
    case k::or_:
      for (std::int32_t c = n.a; c >= 0; c = at(e, c).next) find_untrusted(e, c, f, out);
      return;
    case k::not_:
    case k::equal:
    case k::not_equal:
    case k::less:
    case k::less_equal:
    case k::greater:
    case k::greater_equal:
      find_untrusted(e, n.a, flow::boolean, out);
      find_untrusted(e, n.b, flow::boolean, out);
      return;
    default: return;
  }
}

/// A compiled expression of a templated value and where its text starts in the source.
struct expression_site {
  const expr::expression* expression = nullptr;
  std::size_t offset = 0;  ///< source offset of the expression text (or of the scalar)
  bool exact = false;      ///< whether node offsets can be added to `offset`
};

/// Pairs the compiled expressions of `v` with their place in `source`: the scalar's own
/// text is split the same way, so `${{ }}` number k of the value is number k in the file.
inline std::vector<expression_site> sites(const model::template_value& v, std::string_view source) {
  std::vector<expression_site> out;
  if (!v.compiled || !v.raw.is_string()) return out;
  const auto& exprs = v.compiled->expressions();
  auto raw = expr::split_template(v.text());
  if (!raw) return out;
  std::vector<std::string_view> raw_exprs;
  for (const auto& s : *raw) {
    if (s.is_expression) raw_exprs.emplace_back(s.text);
  }
  std::vector<expr::template_segment> src_exprs;
  const bool have_source =
      v.span.known() && v.span.end <= source.size() && v.span.end >= v.span.begin;
  if (have_source) {
    auto src = expr::split_template(source.substr(v.span.begin, v.span.end - v.span.begin));
    if (src) {
      for (auto& s : *src) {
        if (s.is_expression) src_exprs.push_back(std::move(s));
      }
    }
  }
  const bool aligned = src_exprs.size() == raw_exprs.size();
  std::size_t next = 0;
  for (std::size_t k = 0; k < raw_exprs.size() && next < exprs.size(); ++k) {
    if (exprs[next].text() != raw_exprs[k]) continue;  // a folded string literal
    expression_site site{&exprs[next++], v.span.known() ? v.span.begin : 0, false};
    if (aligned) {
      site.offset = v.span.begin + src_exprs[k].begin;
      site.exact = src_exprs[k].text == raw_exprs[k];
    }
    out.push_back(site);
  }
  return out;
}

/// The source span of expression text [begin, end) (the scalar's start when not exact).
inline source_span text_span(const expression_site& s, std::uint32_t begin, std::uint32_t end) {
  if (!s.exact) return {s.offset, s.offset + 1};
  return {s.offset + begin, s.offset + end};
}

/// The dotted path of a chain, lower-cased, `*` for any element (`github.head_ref`).
inline std::string chain_text(const expr::expression& e, std::int32_t i) {
  const expr::node& n = at(e, i);
  if (n.kind == expr::node_kind::context) {
    return n.ref < e.context_names().size() ? lower(e.context_names()[n.ref]) : std::string();
  }
  if (n.a < 0 || !is_chain(at(e, n.a).kind)) return {};
  std::string base = chain_text(e, n.a);
  if (base.empty()) return base;
  if (n.kind == expr::node_kind::index && at(e, n.b).kind == expr::node_kind::string_literal) {
    return base + "." + lower(literal_text(e, at(e, n.b)));
  }
  return base + ".*";
}

/// The last node of every maximal access chain of an expression (`a.b.c`, not `a.b`).
PIPEWRIGHT_DECL std::vector<std::int32_t> chain_ends(const expr::expression& e) {
  const auto& nodes = e.nodes();
  std::vector<bool> inner(nodes.size(), false);
  for (const expr::node& n : nodes) {
    if ((n.kind == expr::node_kind::index || n.kind == expr::node_kind::wildcard) && n.a >= 0) {
      inner[static_cast<std::size_t>(n.a)] = true;
    }
  }
  std::vector<std::int32_t> out;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (!inner[i] && is_chain(nodes[i].kind)) out.push_back(static_cast<std::int32_t>(i));
  }
  return out;
}

/// Every maximal access chain of an expression: (node, dotted path).
inline void chains(const expr::expression& e,
                   std::vector<std::pair<std::int32_t, std::string>>& out) {
  for (const std::int32_t i : chain_ends(e)) {
    std::string t = chain_text(e, i);
    if (!t.empty()) out.emplace_back(i, std::move(t));
  }
}

/// A step with its document path.
struct step_ref {
  const model::step* step;
  std::string path;
};

inline void flatten_steps(const std::vector<model::step>& steps, const std::string& base,
                          std::vector<step_ref>& out) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string p = base + "/" + std::to_string(i);
    out.push_back({&steps[i], p});
    flatten_steps(steps[i].parallel, p + "/parallel", out);
  }
}

/// The JSON-pointer form of a key (`~` and `/` escaped).
PIPEWRIGHT_DECL std::string pointer_key(std::string_view key) {
  std::string out;
  append_pointer_token(out, key);
  return out;
}

/// The owner and the ref of `owner/repo[/path]@ref`; empty owner for other forms.
inline std::pair<std::string_view, std::string_view> split_uses(std::string_view uses) {
  const std::size_t at_sign = uses.rfind('@');
  const std::size_t slash = uses.find('/');
  if (at_sign == std::string_view::npos || slash == std::string_view::npos || slash > at_sign) {
    return {};
  }
  return {uses.substr(0, slash), uses.substr(at_sign + 1)};
}

inline bool is_hex_sha(std::string_view ref) noexcept {
  if (ref.size() != 40 && ref.size() != 64) return false;
  return std::all_of(ref.begin(), ref.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

inline bool starts_with_i(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

/// Whether the workflow's `on:` names `event`.
inline bool has_event(const value& on, std::string_view event) {
  if (on.is_string()) return on.as_string() == event;
  if (const auto* a = on.if_array()) {
    for (const value& v : *a) {
      if (v.is_string() && v.as_string() == event) return true;
    }
    return false;
  }
  if (const auto* o = on.if_object()) return o->find(event) != nullptr;
  return false;
}

/// Whether `workflow_call` is the only event.
inline bool only_workflow_call(const value& on) {
  if (on.is_string()) return on.as_string() == "workflow_call";
  std::size_t n = 0;
  bool call = false;
  if (const auto* a = on.if_array()) {
    for (const value& v : *a) {
      ++n;
      call = call || (v.is_string() && v.as_string() == "workflow_call");
    }
  } else if (const auto* o = on.if_object()) {
    for (const auto& kv : *o) {
      ++n;
      call = call || kv.first == "workflow_call";
    }
  }
  return n == 1 && call;
}

/// Refs of the pull request's own code (what `actions/checkout`'s `ref:` should not be in a
/// privileged workflow).
inline constexpr std::array<std::string_view, 12> pull_request_head_refs{{
    "github.event.pull_request.head.sha",
    "github.event.pull_request.head.ref",
    "github.event.pull_request.merge_commit_sha",
    "github.event.pull_request.number",
    "github.event.number",
    "github.head_ref",
    "github.event.workflow_run.head_sha",
    "github.event.workflow_run.head_branch",
    "github.event.workflow_run.head_commit.id",
    "github.event.workflow_run.pull_requests.*.head.sha",
    "github.event.workflow_run.pull_requests.*.head.ref",
    "github.event.workflow_run.pull_requests.*.number",
}};

/// Whether a comment on the line of `offset`, or on the line above, silences `code`.
inline bool suppressed_by_comment(const line_index& lines, std::size_t offset,
                                  std::string_view code) {
  const std::size_t line = lines.locate(offset).line;
  std::vector<suppression> found;
  for (std::size_t n = line > 1 ? line - 1 : line; n <= line; ++n) {
    lint::detail::suppressions_on_line(lines.line(n), n, lines.line_begin(n), found);
  }
  return std::any_of(found.begin(), found.end(),
                     [code](const suppression& s) { return iequals(s.code, code); });
}

/// The checker; one per call of check_security().
class security_checker {
 public:
  security_checker(const model::workflow& wf, std::string_view source,
                   const security_options& options)
      : wf_(wf), source_(source), options_(options) {}

  std::vector<diagnostic> run() {
    check_permissions();
    for (const model::job& j : wf_.jobs) {
      const std::string job_path = "/jobs/" + pointer_key(j.id);
      std::vector<step_ref> steps;
      flatten_steps(j.steps, job_path + "/steps", steps);
      for (const step_ref& s : steps) {
        check_injection(*s.step, s.path);
        if (s.step->uses) check_pinned(*s.step->uses, s.path + "/uses");
      }
      if (j.uses) check_pinned(*j.uses, job_path + "/uses");
      check_untrusted_checkout(j, job_path, steps);
      check_secrets_inherit(j, job_path);
    }
    return std::move(out_);
  }

 private:
  void add(diagnostic d, std::string note) {
    d.notes.push_back(std::move(note));
    out_.push_back(std::move(d));
  }

  void check_injection(const model::step& s, const std::string& path) {
    if (s.run) injection_in(*s.run, path + "/run", "a run: script", "the shell");
    if (s.uses && starts_with_i(s.uses->text, "actions/github-script@")) {
      for (const model::named_value& nv : s.with.entries) {
        if (iequals(nv.name.text, "script")) {
          injection_in(nv.value, path + "/with/script", "an actions/github-script script",
                       "JavaScript");
        }
      }
    }
  }

  void injection_in(const model::template_value& v, const std::string& path, std::string_view where,
                    std::string_view language) {
    for (const expression_site& site : sites(v, source_)) {
      std::vector<untrusted_use> uses;
      find_untrusted(*site.expression, site.expression->root(), flow::value, uses);
      for (const untrusted_use& u : uses) {
        std::string names;
        for (const std::string& p : u.paths) {
          if (!names.empty()) names += ", ";
          names += "'" + p;
          if (p.back() != ')') names += "'";
        }
        std::string message;
        if (u.paths.size() == 1 && !u.whole_object) {
          message = "Untrusted input " + names + " is expanded into " + std::string(where) +
                    ": ${{ }} is substituted before " + std::string(language) +
                    " runs, so a crafted value can run arbitrary code";
        } else {
          message = "The expression expands untrusted input (" + names + ") into " +
                    std::string(where) + ": ${{ }} is substituted before " + std::string(language) +
                    " runs, so a crafted value can run arbitrary code";
        }
        add(make_warning(codes::security_untrusted_input, std::move(message),
                         text_span(site, u.begin, u.end), path),
            std::string(language == "JavaScript"
                            ? "fix: pass the value in an environment variable (env: VALUE: "
                              "${{ ... }}) and read process.env.VALUE in the script"
                            : "fix: pass the value in an environment variable (env: VALUE: "
                              "${{ ... }}) and use \"$VALUE\" in the script"));
      }
    }
  }

  void check_permissions() {
    if (wf_.permissions && wf_.permissions->kind == model::permissions::form::write_all) {
      write_all(*wf_.permissions, "/permissions", "the workflow");
    }
    const bool needs_permissions = !wf_.permissions && !only_workflow_call(wf_.on);
    // One finding per workflow, at its first job without permissions, naming every such job.
    const model::job* first = nullptr;
    std::vector<std::string_view> without;
    for (const model::job& j : wf_.jobs) {
      if (j.permissions) {
        if (j.permissions->kind == model::permissions::form::write_all) {
          write_all(*j.permissions, "/jobs/" + pointer_key(j.id) + "/permissions",
                    "job '" + j.id + "'");
        }
        continue;
      }
      if (!needs_permissions) continue;
      if (first == nullptr) first = &j;
      without.push_back(j.id);
    }
    if (first == nullptr) return;
    std::string who;
    if (without.size() == 1) {
      who = "Job '" + first->id + "' does";
    } else {
      constexpr std::size_t shown = 5;
      who = std::to_string(without.size()) + " jobs (";
      for (std::size_t i = 0; i < without.size() && i < shown; ++i) {
        if (i > 0) who += ", ";
        who += "'" + std::string(without[i]) + "'";
      }
      if (without.size() > shown) who += ", ...";
      who += ") do";
    }
    add(make_warning(codes::security_permissions_missing,
                     who + " not set permissions and neither does the workflow, so the "
                           "GITHUB_TOKEN gets the repository's default permissions, which may "
                           "include write access to code, packages and releases",
                     first->id_span, "/jobs/" + pointer_key(first->id)),
        "fix: add 'permissions:' at the top of the workflow (for example 'permissions: "
        "contents: read') and grant more per job only where needed");
  }

  void write_all(const model::permissions& p, const std::string& path, const std::string& who) {
    add(make_warning(codes::security_permissions_write_all,
                     "'permissions: write-all' gives the GITHUB_TOKEN of " + who +
                         " write access to every scope; any step, action or injected command "
                         "can then push code, publish releases or change settings",
                     p.span, path),
        "fix: list only the scopes the jobs need (for example 'contents: read', "
        "'pull-requests: write')");
  }

  void check_pinned(const model::located_string& uses, const std::string& path) {
    const std::string_view u = uses.text;
    if (u.empty() || u.front() == '.' || u.front() == '$') return;  // local
    if (starts_with_i(u, "docker://")) {
      if (u.find("@sha256:") != std::string_view::npos) return;
      add(diagnostic{std::string(codes::security_unpinned_action),
                     severity::note,
                     "Container action '" + std::string(u) +
                         "' is referenced by a tag, which the image's publisher can point at "
                         "different code at any time",
                     path,
                     uses.span,
                     {}},
          "fix: pin the image by digest (docker://image@sha256:...)");
      return;
    }
    const auto [owner, ref] = split_uses(u);
    if (owner.empty() || iequals(owner, "actions") || iequals(owner, "github")) return;
    if (is_hex_sha(ref)) return;
    add(diagnostic{std::string(codes::security_unpinned_action),
                   severity::note,
                   "'" + std::string(u) + "' is referenced by the tag or branch '" +
                       std::string(ref) +
                       "', which its owner (or anyone who takes over the repository) can move "
                       "to different code",
                   path,
                   uses.span,
                   {}},
        "fix: pin the full 40-character commit SHA and keep the tag as a comment (" +
            std::string(u.substr(0, u.rfind('@'))) + "@<sha> # " + std::string(ref) + ")");
  }

  void check_untrusted_checkout(const model::job& j, const std::string& job_path,
                                const std::vector<step_ref>& steps) {
    const bool target = has_event(wf_.on, "pull_request_target");
    if (!target && !has_event(wf_.on, "workflow_run")) return;
    const std::string_view trigger = target ? "pull_request_target" : "workflow_run";
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const model::step& s = *steps[i].step;
      if (!s.uses || !starts_with_i(s.uses->text, "actions/checkout@")) continue;
      const model::template_value* ref = nullptr;
      std::string ref_key;
      for (const model::named_value& nv : s.with.entries) {
        if (iequals(nv.name.text, "ref")) {
          ref = &nv.value;
          ref_key = nv.name.text;
        }
      }
      if (ref == nullptr) continue;
      source_span where = ref->span;
      std::string head;
      for (const expression_site& site : sites(*ref, source_)) {
        std::vector<std::pair<std::int32_t, std::string>> found;
        chains(*site.expression, found);
        for (const auto& [node, text] : found) {
          const bool is_head =
              std::find(pull_request_head_refs.begin(), pull_request_head_refs.end(), text) !=
              pull_request_head_refs.end();
          if (is_head && head.empty()) {
            head = text;
            where = text_span(site, at(*site.expression, chain_root(*site.expression, node)).begin,
                              at(*site.expression, node).end);
          }
        }
      }
      if (head.empty()) continue;
      // Does a later step run code from the checkout?
      std::size_t runner = steps.size();
      for (std::size_t k = i + 1; k < steps.size() && runner == steps.size(); ++k) {
        const model::step& t = *steps[k].step;
        if (t.run || (t.uses && !t.uses->text.empty() && t.uses->text.front() == '.')) runner = k;
      }
      if (runner == steps.size()) continue;
      const model::step& r = *steps[runner].step;
      const std::string what = r.run ? "a run: step" : "the local action '" + r.uses->text + "'";
      add(make_warning(codes::security_untrusted_checkout,
                       "This " + std::string(trigger) +
                           " workflow checks out the pull request's code (" + head +
                           ") and then runs " + what +
                           " in the same job; the workflow runs with the base repository's "
                           "secrets and a write token, so a pull request from a fork can take "
                           "them over",
                       where, steps[i].path + "/with/" + pointer_key(ref_key)),
          "fix: build untrusted code in a 'pull_request' workflow without secrets and pass "
          "results as artifacts, or do not run anything from the checkout");
      check_secrets_after(j, job_path, steps, i);
      return;
    }
  }

  void secrets_in(const model::template_value& v, const std::string& path, const std::string& job) {
    for (const expression_site& site : sites(v, source_)) {
      std::vector<std::pair<std::int32_t, std::string>> found;
      chains(*site.expression, found);
      for (const auto& [node, text] : found) {
        if (text.rfind("secrets", 0) != 0 || (text.size() > 7 && text[7] != '.')) continue;
        const expr::expression& e = *site.expression;
        const expr::node& root = at(e, chain_root(e, node));
        // As written, for the message (the chain text is lower-cased).
        const std::string written(e.text().substr(root.begin, at(e, node).end - root.begin));
        add(make_warning(codes::security_secret_in_untrusted_job,
                         "Secret '" + written + "' is given to a step of job '" + job +
                             "', which runs code from the pull request it checked out; that "
                             "code can read the secret and send it anywhere",
                         text_span(site, root.begin, at(e, node).end), path),
            "fix: move the steps that need '" + written +
                "' to a job (or a workflow_run workflow) that does not check out the pull "
                "request's code");
      }
    }
  }

  void map_secrets(const model::template_map& m, const std::string& path, const std::string& job) {
    for (const model::named_value& nv : m.entries) {
      secrets_in(nv.value, path + "/" + pointer_key(nv.name.text), job);
    }
    if (m.expression) secrets_in(*m.expression, path, job);
  }

  void check_secrets_after(const model::job& j, const std::string& job_path,
                           const std::vector<step_ref>& steps, std::size_t checkout) {
    map_secrets(j.env, job_path + "/env", j.id);
    for (std::size_t k = checkout + 1; k < steps.size(); ++k) {
      const model::step& s = *steps[k].step;
      map_secrets(s.env, steps[k].path + "/env", j.id);
      map_secrets(s.with, steps[k].path + "/with", j.id);
      if (s.run) secrets_in(*s.run, steps[k].path + "/run", j.id);
    }
  }

  void check_secrets_inherit(const model::job& j, const std::string& job_path) {
    if (!j.secrets_inherit || !j.uses) return;
    const std::string_view u = j.uses->text;
    if (u.empty() || u.front() == '.' || u.front() == '$') return;  // this repository
    const std::string& own = options_.repository;
    if (!own.empty() && u.size() > own.size() && u[own.size()] == '/' &&
        iequals(u.substr(0, own.size()), own)) {
      return;  // this repository's own workflow, called by its full name
    }
    // The model keeps no span for `inherit`: find `secrets: inherit` in the job's text.
    source_span where = j.uses->span;
    if (j.span.known() && j.span.end <= source_.size()) {
      const std::string_view text = source_.substr(j.span.begin, j.span.end - j.span.begin);
      for (std::size_t at_s = text.find("secrets"); at_s != std::string_view::npos;
           at_s = text.find("secrets", at_s + 1)) {
        std::size_t i = at_s + 7;
        while (i < text.size() && (text[i] == ' ' || text[i] == '"' || text[i] == '\'')) ++i;
        if (i < text.size() && text[i] == ':') {
          ++i;
          while (i < text.size() && (text[i] == ' ' || text[i] == '"' || text[i] == '\'')) ++i;
          if (text.substr(i, 7) == "inherit") {
            where = {j.span.begin + i, j.span.begin + i + 7};
            break;
          }
        }
      }
    }
    add(make_warning(codes::security_secrets_inherit,
                     "Job '" + j.id +
                         "' passes every secret of this repository ('secrets: "
                         "inherit') to '" +
                         std::string(u) +
                         "', a workflow in another repository whose owner decides what it does "
                         "with them",
                     where, job_path + "/secrets"),
        "fix: pass only the secrets it needs (secrets: NAME: ${{ secrets.NAME }}), or use a "
        "local workflow (./.github/workflows/...)");
  }

  const model::workflow& wf_;
  std::string_view source_;
  const security_options& options_;
  std::vector<diagnostic> out_;
};

}  // namespace detail

/// Runs every security check on `wf`. `source` is the text `wf` was read from (spans are
/// offsets into it); without it findings sit at the scalar and comments cannot silence them.
/// Findings come sorted by position; none is an error.
PIPEWRIGHT_DECL std::vector<diagnostic> check_security(const model::workflow& wf,
                                                       std::string_view source,
                                                       const security_options& options) {
  std::vector<diagnostic> found = detail::security_checker(wf, source, options).run();
  std::vector<diagnostic> out;
  const line_index lines(source);
  for (diagnostic& d : found) {
    const bool ignored =
        std::any_of(options.ignore.begin(), options.ignore.end(),
                    [&d](const std::string& c) { return pipewright::detail::iequals(c, d.code); });
    if (ignored) continue;
    if (options.comment_suppressions && d.span.known() &&
        detail::suppressed_by_comment(lines, d.span.begin, d.code)) {
      continue;
    }
    out.push_back(std::move(d));
  }
  std::stable_sort(out.begin(), out.end(), [](const diagnostic& a, const diagnostic& b) {
    const std::size_t pa = a.span.known() ? a.span.begin : 0;
    const std::size_t pb = b.span.known() ? b.span.begin : 0;
    if (pa != pb) return pa < pb;
    return a.code < b.code;
  });
  return out;
}

}  // namespace lint
}  // namespace v0
}  // namespace pipewright
