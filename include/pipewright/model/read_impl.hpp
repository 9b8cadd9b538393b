/// @file read_impl.hpp
/// The definitions behind model/read.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/model/read.hpp"
#include "pipewright/model/workflow_schema.hpp"
#include "pipewright/semantics/ids.hpp"
#include "pipewright/semantics/template_scan.hpp"
#include "pipewright/value/path.hpp"

namespace pipewright {
inline namespace v0 {
namespace model {

namespace detail {

PIPEWRIGHT_DECL std::string id_problem(std::string_view id) {
  switch (semantics::check_id(id)) {
    case semantics::id_error::none: return {};
    case semantics::id_error::invalid:
      return "The identifier '" + std::string(id) +
             "' is invalid. IDs may only contain alphanumeric characters, '_', and '-'. IDs "
             "must start with a letter or '_' and and must be less than 100 characters.";
    case semantics::id_error::reserved:
      return "The identifier '" + std::string(id) +
             "' is invalid. IDs starting with '__' are reserved.";
  }
  return {};
}

/// Builds GitHub's generated step ids (`__run`, `__actions_checkout`, `__run_2`).
class id_builder {
 public:
  /// Registers an explicit id; false when it was already used (ignoring case).
  bool add_known(std::string_view id) { return used_.emplace(id).second; }
  /// The generated id for a step whose base is `segment` (e.g. `__actions_checkout`).
  std::string generate(std::string_view segment);

 private:
  struct ihash {
    std::size_t operator()(std::string_view s) const noexcept {
      return static_cast<std::size_t>(pipewright::detail::ihash(s));
    }
  };
  struct iequal {
    bool operator()(std::string_view a, std::string_view b) const noexcept {
      return pipewright::detail::iequals(a, b);
    }
  };
  std::unordered_set<std::string, ihash, iequal> used_;               ///< ids taken, ignoring case
  std::unordered_map<std::string, int, ihash, iequal> next_attempt_;  ///< by base name
};

PIPEWRIGHT_DECL std::string id_builder::generate(std::string_view segment) {
  std::string name;
  if (!segment.empty()) {
    const char first = segment[0];
    const bool alpha = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z');
    if (!alpha && first != '_' && ((first >= '0' && first <= '9') || first == '-')) name += '_';
    for (const char c : segment) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-';
      name += ok ? c : '_';
    }
  }
  if (name.empty()) name = "job";
  // GitHub tries `name`, `name_2`, `name_3`... and takes the first unused one. Ids are
  // never released, so the attempts before the last one taken for this name stay used:
  // starting there gives the same id without rescanning (a job with n `run` steps would
  // otherwise cost n^2 tries).
  int& next = next_attempt_[name];
  for (int attempt = next < 1 ? 1 : next; attempt < 1000; ++attempt) {
    const std::string suffix = attempt == 1 ? std::string() : "_" + std::to_string(attempt);
    std::string candidate = name.substr(0, std::min(name.size(), 100 - suffix.size())) + suffix;
    if (add_known(candidate)) {
      next = attempt + 1;
      return candidate;
    }
  }
  return name;
}

PIPEWRIGHT_DECL std::string action_step_id(std::string_view uses) {
  if (uses.substr(0, 9) == "docker://") return std::string(uses.substr(9));
  if (uses.substr(0, 2) == "./" || uses.substr(0, 2) == ".\\") return "self";
  const std::size_t at = uses.find('@');
  if (at == std::string_view::npos || uses.find('@', at + 1) != std::string_view::npos) return {};
  const std::string_view path = uses.substr(0, at);
  const std::string_view ref = uses.substr(at + 1);
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/' || path[i] == '\\') {
      if (i > start) segments.push_back(path.substr(start, i - start));
      start = i + 1;
    }
  }
  if (segments.size() >= 2 && !ref.empty()) {
    return std::string(segments[0]) + "/" + std::string(segments[1]);
  }
  return {};
}

/// True when `uses` is a valid step reference: `docker://…`, `./…`, or
/// `{owner}/{repo}[/path]@ref`.
inline bool valid_step_uses(std::string_view uses) noexcept {
  if (uses.substr(0, 9) == "docker://") return uses.size() > 9;
  if (uses.substr(0, 2) == "./" || uses.substr(0, 2) == ".\\" || uses.substr(0, 2) == "$/") {
    return true;
  }
  const std::size_t at = uses.find('@');
  if (at == std::string_view::npos || uses.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view path = uses.substr(0, at);
  if (at + 1 >= uses.size()) return false;
  std::size_t segments = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/' || path[i] == '\\') {
      if (i > start) ++segments;
      start = i + 1;
    }
  }
  if (segments < 2) return false;
  const char first = path.empty() ? '\0' : path[0];
  return first != '/' && first != '\\' && first != '.' && first != '$';
}

/// Why a git ref is not valid as the version of a workflow reference (git's check-ref-format
/// rules as GitHub applies them, ValidateRefName); empty when it is valid.
inline std::string ref_problem(std::string_view ref) {
  if (ref.empty()) return "no version specified";
  if (ref == "@") return "version cannot be the single character '@'";
  for (const std::string_view bad : {"?", "*", "[", "]", "\\", "~", "^", ":", "@{", "..", "//"}) {
    if (ref.find(bad) != std::string_view::npos) {
      return "invalid character '" + std::string(bad) + "' in version :" + std::string(ref);
    }
  }
  if (ref.front() == '/' || ref.back() == '/' || ref.front() == '.' || ref.back() == '.') {
    return "version cannot begin or end with a slash '/' or a dot '.'";
  }
  std::size_t start = 0;
  while (start <= ref.size()) {
    std::size_t slash = ref.find('/', start);
    if (slash == std::string_view::npos) slash = ref.size();
    const std::string_view part = ref.substr(start, slash - start);
    const bool lock = part.size() >= 5 && part.substr(part.size() - 5) == ".lock";
    if ((!part.empty() && part.front() == '.') || lock) {
      return "invalid version: " + std::string(ref);
    }
    start = slash + 1;
  }
  for (const char c : ref) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      return "version cannot have ASCII control characters: " + std::string(ref);
    }
  }
  if (ref.find(' ') != std::string_view::npos) {
    return "version cannot have whitespace: " + std::string(ref);
  }
  return {};
}

/// Why `uses` is not a valid reusable-workflow reference (`./.github/workflows/F.yml`, or
/// `OWNER/REPO/.github/workflows/F.yml@REF`; `workflows-lab` too); empty when it is valid.
/// The rules and messages of GitHub's service that starts runs (ParseWorkflowRef). `$/…`
/// (the repository root, as GitHub's own repositories write it) is not checked.
inline std::string workflow_uses_problem(std::string_view uses) {
  constexpr std::string_view local = "./.github/workflows";
  if (uses.substr(0, 2) == "$/") return {};
  const std::size_t at = uses.find('@');
  const bool is_local = uses.substr(0, local.size()) == local;
  if (at == std::string_view::npos) {
    if (!is_local) return "no version specified";
  } else if (uses.find('@', at + 1) != std::string_view::npos) {
    return "too many '@' in workflow reference";
  } else if (is_local) {
    return "cannot specify version when calling local workflows";
  } else {
    std::string problem = ref_problem(uses.substr(at + 1));
    if (!problem.empty()) return problem;
  }
  const std::string_view whole = uses.substr(0, at);
  const std::size_t root = whole.find(".github/workflows");
  if (root == std::string_view::npos) {
    return "references to workflows must be rooted in '.github/workflows'";
  }
  // ".github", "workflows" or "workflows-lab", the file: no subfolders.
  const std::string_view path = whole.substr(root);
  const std::size_t first = path.find('/');
  const std::size_t second = path.find('/', first + 1);
  const std::string_view folder = path.substr(first + 1, second - first - 1);
  const std::string_view file =
      second == std::string_view::npos ? std::string_view{} : path.substr(second + 1);
  if (second == std::string_view::npos || file.find('/') != std::string_view::npos ||
      (folder != "workflows" && folder != "workflows-lab")) {
    return "workflows must be defined at the top level of the .github/workflows/ directory";
  }
  const bool yml = file.size() >= 4 && file.substr(file.size() - 4) == ".yml";
  const bool yaml = file.size() >= 5 && file.substr(file.size() - 5) == ".yaml";
  if (!yml && !yaml) return "workflow file should have either a '.yml' or '.yaml' file extension";
  if (file == ".yml" || file == ".yaml") return "invalid workflow file name";
  const std::string_view nwo = whole.substr(0, root);
  if (nwo == "./") return {};
  const std::size_t slash = nwo.find('/');
  if (nwo.empty() || nwo.back() != '/' || slash + 1 == nwo.size() ||
      nwo.find('/', slash + 1) + 1 != nwo.size()) {
    return "references to workflows must be prefixed with format 'owner/repository/' or './' "
           "for local workflows";
  }
  auto name_ok = [](std::string_view n) {
    for (const char c : n) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '.' || c == '-';
      if (!ok) return false;
    }
    return !n.empty();
  };
  if (!name_ok(nwo.substr(0, slash))) return "owner name must be a valid repository owner name";
  if (!name_ok(nwo.substr(slash + 1, nwo.size() - slash - 2))) return "repository name is invalid";
  return {};
}

/// True when `shell` is a shell GitHub's runner knows (bash, pwsh, python, sh, cmd,
/// powershell; any case) or a custom command with `{0}` where the script's path goes.
inline bool known_shell(std::string_view shell) noexcept {
  if (shell.find("{0}") != std::string_view::npos) return true;
  for (const std::string_view s : {"bash", "pwsh", "python", "sh", "cmd", "powershell"}) {
    if (pipewright::detail::iequals(shell, s)) return true;
  }
  return false;
}

/// True when `name` can be an environment variable name: no `=` and no whitespace.
inline bool valid_env_name(std::string_view name) noexcept {
  for (const char c : name) {
    if (c == '=' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      return false;
    }
  }
  return !name.empty();
}

namespace ctx = schema::ctx;
namespace wd = schema::workflow_defs;

PIPEWRIGHT_DECL workflow converter::convert(const value& root, source_map::node_id rn,
                                            const read_options& options) {
  hooks_ = options.hooks;
  workflow w;
  const object& o = root.as_object();
  for (const auto [key, v, n] : map_.members(o, rn)) {
    if (key == "name") {
      w.name = tv(v, n, 0);
    } else if (key == "run-name") {
      w.run_name = tv(v, n, wd::giv);
    } else if (key == "on") {
      w.on = v;
      w.on_node = n;
      w.on_span = map_.span(n);
      if (hooks_ != nullptr) hooks_->on(v, map_, n, out_);
    } else if (key == "env") {
      w.env = tmap(v, n, wd::row("env"));
      check_env_names(w.env);
    } else if (key == "defaults") {
      w.defaults = read_defaults(v, n, 0);
    } else if (key == "permissions") {
      w.permissions = read_permissions(v, n);
    } else if (key == "concurrency") {
      w.concurrency = read_concurrency(v, n, wd::giv);
    } else if (key == "jobs") {
      w.jobs_span = map_.span(n);
      read_jobs(w, v, n, options);
    }
  }
  return w;
}

PIPEWRIGHT_DECL std::vector<step> converter::steps(const value& x, source_map::node_id n) {
  std::vector<step> out;
  const array* a = x.if_array();
  if (a == nullptr) return out;
  id_builder ids;
  out.reserve(a->size());
  for (std::size_t i = 0; i < a->size(); ++i)
    out.push_back(read_step((*a)[i], map_.child(n, i), ids));
  for (step& s : out) generate_id(s, ids);
  return out;
}

PIPEWRIGHT_DECL template_value converter::tv(const value& v, source_map::node_id n,
                                             schema::context_set c) {
  template_value t;
  t.raw = v;
  t.span = map_.span(n);
  if (v.is_string() && semantics::contains_expression(v.as_string())) {
    if (cache_ != nullptr) {
      if (schema::template_cache::pointer kept = cache_->find(n, c)) {
        if (kept->is_literal()) {
          auto folded = kept->evaluate(value());
          if (folded) t.raw = *folded;
        } else {
          t.compiled = std::move(kept);
        }
        return t;
      }
    }
    auto compiled = schema::compile_scalar(v.as_string(), c, source_, t.span, {}, functions_);
    if (compiled) {
      if (compiled->is_literal()) {
        auto folded = compiled->evaluate(value());
        if (folded) t.raw = *folded;
      } else {
        t.compiled = std::make_shared<const expr::compiled_template>(std::move(*compiled));
      }
    }
  }
  return t;
}

PIPEWRIGHT_DECL template_map converter::tmap(const value& v, source_map::node_id n,
                                             schema::context_set c) {
  template_map m;
  m.span = map_.span(n);
  if (!v.is_object()) {
    if (v.is_string()) m.expression = tv(v, n, c);
    return m;
  }
  const object& o = v.as_object();
  for (const auto [key, item, child] : map_.members(o, n)) {
    m.entries.push_back({located_string{key, map_.key_span(child)}, tv(item, child, c)});
  }
  return m;
}

PIPEWRIGHT_DECL void converter::check_env_names(const template_map& env) {
  for (const auto& [name, v] : env.entries) {
    if (valid_env_name(name.text) || semantics::contains_expression(name.text)) continue;
    out_.push_back(make_warning(codes::model_invalid_env_name,
                                "Environment variable name '" + name.text +
                                    "' is invalid: names may not contain '=' or whitespace",
                                name.span));
  }
}

PIPEWRIGHT_DECL void converter::check_shell(const template_value& shell) {
  if (shell.is_expression() || !shell.raw.is_string()) return;
  const std::string_view name = shell.raw.as_string();
  if (name.empty() || known_shell(name) || semantics::contains_expression(name)) return;
  out_.push_back(make_warning(
      codes::model_unknown_shell,
      "Unknown shell '" + std::string(name) +
          "': use bash, pwsh, python, sh, cmd or powershell, or a command with '{0}' for the "
          "script file (for example 'fish {0}')",
      shell.span));
}

PIPEWRIGHT_DECL condition converter::read_if(const value& v, source_map::node_id n,
                                             schema::context_set c) {
  condition cond;
  cond.written = true;
  cond.span = map_.span(n);
  const std::string text = schema::literal_text(v);
  expr::compile_options o = schema::compile_options_for(c);
  if (functions_ != nullptr) o.functions = *functions_;
  std::size_t at =
      v.is_string() ? schema::verbatim_offset(source_, cond.span, text) : source_span::npos;
  if (at != source_span::npos) {
    std::size_t lead = 0;
    while (lead < text.size() && (text[lead] == ' ' || text[lead] == '\t')) ++lead;
    o.span_offset = semantics::contains_expression(text) ? at : at + lead;
  }
  auto r = expr::normalize_if(text, o);
  if (r) {
    cond.text = std::move(*r);
  } else if (!semantics::contains_expression(text)) {
    // Templates were checked by the schema validator; plain conditions are checked here.
    for (diagnostic& d : r.diagnostics()) {
      if (at == source_span::npos || !d.span.known()) d.span = cond.span;
      out_.push_back(std::move(d));
    }
    cond.text = text;
  } else {
    cond.text = text;
  }
  return cond;
}

PIPEWRIGHT_DECL std::optional<defaults> converter::read_defaults(const value& v,
                                                                 source_map::node_id n,
                                                                 schema::context_set c) {
  defaults d;
  d.span = map_.span(n);
  const value& run = v["run"];
  const source_map::node_id rn = child_of(v, n, "run");
  if (run.is_object()) {
    if (const value* s = run.as_object().find("shell")) {
      d.shell = tv(*s, child_of(run, rn, "shell"), c);
      check_shell(*d.shell);
    }
    if (const value* s = run.as_object().find("working-directory")) {
      d.working_directory = tv(*s, child_of(run, rn, "working-directory"), c);
    }
  }
  return d;
}

PIPEWRIGHT_DECL std::optional<permissions> converter::read_permissions(const value& v,
                                                                       source_map::node_id n) {
  permissions p;
  p.span = map_.span(n);
  if (v.is_string()) {
    p.kind =
        v.as_string() == "write-all" ? permissions::form::write_all : permissions::form::read_all;
    if (semantics::contains_expression(v.as_string())) p.kind = permissions::form::expression;
    return p;
  }
  if (const object* o = v.if_object()) {
    for (const auto [key, item, child] : map_.members(*o, n)) {
      p.scopes.emplace_back(located_string{key, map_.key_span(child)}, ls(item, child));
    }
  }
  return p;
}

PIPEWRIGHT_DECL std::optional<concurrency> converter::read_concurrency(const value& v,
                                                                       source_map::node_id n,
                                                                       schema::context_set c) {
  concurrency cc;
  cc.span = map_.span(n);
  if (v.is_object()) {
    if (const value* g = v.as_object().find("group")) cc.group = tv(*g, child_of(v, n, "group"), c);
    if (const value* x = v.as_object().find("cancel-in-progress")) {
      cc.cancel_in_progress = tv(*x, child_of(v, n, "cancel-in-progress"), c);
    }
  } else {
    cc.group = tv(v, n, c);
  }
  return cc;
}

PIPEWRIGHT_DECL source_map::node_id converter::child_of(const value& obj, source_map::node_id n,
                                                        std::string_view key) {
  const object* o = obj.if_object();
  if (o == nullptr) return source_map::none;
  for (std::size_t k = 0; k < o->size(); ++k) {
    if ((*o)[k].first == key) return map_.child(n, k);
  }
  return source_map::none;
}

PIPEWRIGHT_DECL void converter::read_jobs(workflow& w, const value& v, source_map::node_id n,
                                          const read_options& options) {
  const object* o = v.if_object();
  if (o == nullptr) return;
  if (options.max_jobs != 0 && o->size() > options.max_jobs) {
    error(codes::model_job_limit,
          "The workflow may not contain more than " + std::to_string(options.max_jobs) + " jobs",
          map_.span(n));
  }
  w.jobs.reserve(o->size());
  for (const auto [key, item, jn] : map_.members(*o, n)) {
    job j = read_job(key, item, jn);
    if (options.max_needs != 0 && j.needs.size() > options.max_needs) {
      const value* needs = item.is_object() ? item.as_object().find("needs") : nullptr;
      error(codes::graph_needs_limit,
            "Job '" + j.id + "' needs " + std::to_string(j.needs.size()) +
                " jobs, more than the limit of " + std::to_string(options.max_needs),
            needs != nullptr ? map_.span(child_of(item, jn, "needs")) : j.span);
    }
    w.jobs.push_back(std::move(j));
  }
  if (hooks_ != nullptr) hooks_->jobs(w, out_);
}

PIPEWRIGHT_DECL job converter::read_job(const std::string& id, const value& v,
                                        source_map::node_id n) {
  job j;
  j.id = id;
  j.id_span = map_.key_span(n);
  j.span = map_.span(n);
  if (!id.empty()) {
    std::string problem = id_problem(id);
    if (!problem.empty()) error(codes::model_invalid_id, std::move(problem), j.id_span);
  }
  const object* o = v.if_object();
  if (o == nullptr) return j;
  if (o->find("uses") != nullptr && o->find("runs-on") == nullptr && o->find("steps") == nullptr) {
    j.kind = job_kind::reusable_call;
  }
  constexpr schema::context_set sc = wd::strategy_ctx;
  for (const auto [key, x, c] : map_.members(*o, n)) {
    if (key == "name") {
      j.name = tv(x, c, sc);
    } else if (key == "needs") {
      if (x.is_array()) {
        const array& a = x.as_array();
        for (std::size_t i = 0; i < a.size(); ++i) j.needs.push_back(ls(a[i], map_.child(c, i)));
      } else if (x.is_primitive() && !x.is_null()) {
        j.needs.push_back(ls(x, c));
      }
    } else if (key == "if") {
      j.condition = read_if(x, c, wd::row("jobs.<id>.if"));
    } else if (key == "runs-on") {
      j.runs_on = read_runs_on(x, c);
    } else if (key == "strategy") {
      const std::size_t before = out_.size();
      j.strategy = read_strategy(x, c);
      // The matrix checks (here and in the hooks) know their span, not the job: give them
      // the strategy's path.
      for (std::size_t at = before; at < out_.size(); ++at) {
        if (out_[at].path.empty()) {
          out_[at].path = "/jobs/";
          append_pointer_token(out_[at].path, j.id);
          out_[at].path += "/strategy";
        }
      }
    } else if (key == "continue-on-error") {
      j.continue_on_error = tv(x, c, sc);
    } else if (key == "timeout-minutes") {
      j.timeout_minutes = tv(x, c, sc);
    } else if (key == "cancel-timeout-minutes") {
      j.cancel_timeout_minutes = tv(x, c, sc);
    } else if (key == "container") {
      j.container = read_container({}, x, c);
    } else if (key == "services") {
      if (const object* s = x.if_object()) {
        for (std::size_t i = 0; i < s->size(); ++i) {
          j.services.push_back(read_container((*s)[i].first, (*s)[i].second, map_.child(c, i)));
        }
      }
    } else if (key == "environment") {
      environment e;
      e.span = map_.span(c);
      if (x.is_object()) {
        if (const value* nm = x.as_object().find("name"))
          e.name = tv(*nm, child_of(x, c, "name"), sc);
        if (const value* u = x.as_object().find("url")) {
          e.url = tv(*u, child_of(x, c, "url"), wd::runner_no_secrets);
        }
      } else {
        e.name = tv(x, c, sc);
      }
      j.environment = std::move(e);
    } else if (key == "outputs") {
      j.outputs = tmap(x, c, wd::runner_ctx);
    } else if (key == "env") {
      j.env = tmap(x, c, wd::row("jobs.<id>.env"));
      check_env_names(j.env);
    } else if (key == "defaults") {
      j.defaults = read_defaults(x, c, wd::row("jobs.<id>.defaults.run"));
    } else if (key == "concurrency") {
      j.concurrency = read_concurrency(x, c, sc);
    } else if (key == "permissions") {
      j.permissions = read_permissions(x, c);
    } else if (key == "steps") {
      j.steps = steps(x, c);
    } else if (key == "uses") {
      j.uses = ls(x, c);
      if (x.is_string() && !semantics::contains_expression(x.as_string())) {
        std::string problem = workflow_uses_problem(x.as_string());
        if (!problem.empty()) {
          error(codes::model_invalid_workflow_uses,
                "Invalid workflow reference '" + std::string(x.as_string()) + "': " + problem,
                map_.span(c));
        }
      }
    } else if (key == "with") {
      j.with = tmap(x, c, sc);
    } else if (key == "secrets") {
      if (x.is_string() && x.as_string() == "inherit") {
        j.secrets_inherit = true;
      } else {
        j.secrets = tmap(x, c, wd::row("jobs.<id>.secrets.<k>"));
      }
    }
  }
  return j;
}

PIPEWRIGHT_DECL runs_on converter::read_runs_on(const value& x, source_map::node_id c) {
  constexpr schema::context_set sc = wd::strategy_ctx;
  runs_on r;
  r.span = map_.span(c);
  if (x.is_array()) {
    const array& a = x.as_array();
    for (std::size_t i = 0; i < a.size(); ++i) r.labels.push_back(tv(a[i], map_.child(c, i), sc));
  } else if (x.is_object()) {
    if (const value* g = x.as_object().find("group")) {
      const source_map::node_id gn = child_of(x, c, "group");
      r.group = tv(*g, gn, sc);
      if (g->is_string() && !r.group->is_expression()) check_group(g->as_string(), map_.span(gn));
    }
    if (const value* l = x.as_object().find("labels")) {
      const source_map::node_id ln = child_of(x, c, "labels");
      if (l->is_array()) {
        for (std::size_t i = 0; i < l->as_array().size(); ++i) {
          r.labels.push_back(tv(l->as_array()[i], map_.child(ln, i), sc));
        }
      } else {
        r.labels.push_back(tv(*l, ln, sc));
      }
    }
  } else {
    template_value t = tv(x, c, sc);
    if (t.is_expression()) {
      r.expression = std::move(t);
    } else {
      r.labels.push_back(std::move(t));
    }
  }
  return r;
}

PIPEWRIGHT_DECL void converter::check_group(std::string_view group, source_span span) {
  const std::size_t slash = group.find('/');
  if (slash == std::string_view::npos) return;
  const std::string_view prefix = group.substr(0, slash);
  const std::string_view rest = group.substr(slash + 1);
  const bool known_prefix =
      prefix == "org" || prefix == "organization" || prefix == "ent" || prefix == "enterprise";
  if (!known_prefix || rest.find('/') != std::string_view::npos) {
    error(codes::model_invalid_runs_on_group,
          "Invalid runs-on group name '" + std::string(group) +
              "'. Please use 'organization/' or 'enterprise/' prefix to target a single runner "
              "group.",
          span);
  } else if (rest.empty()) {
    error(codes::model_invalid_runs_on_group,
          "Invalid runs-on group name '" + std::string(group) + "'.", span);
  }
}

PIPEWRIGHT_DECL strategy converter::read_strategy(const value& x, source_map::node_id c) {
  constexpr schema::context_set sc = wd::needs_ctx;
  strategy s;
  s.span = map_.span(c);
  const object* o = x.if_object();
  if (o == nullptr) return s;
  for (const auto [key, y, yn] : map_.members(*o, c)) {
    if (key == "matrix") {
      s.matrix = y;
      s.matrix_node = yn;
      if (y.is_string()) {
        template_value t = tv(y, yn, sc);
        if (t.is_expression()) s.matrix_expression = std::move(t);
      } else if (const object* m = y.if_object()) {
        for (std::size_t i = 0; i < m->size(); ++i) {
          const std::string& axis = (*m)[i].first;
          if (axis == "include" || axis == "exclude") continue;
          const array* values = (*m)[i].second.if_array();
          if (values != nullptr && values->empty()) {
            error(codes::matrix_empty_vector,
                  "Matrix vector '" + axis + "' does not contain any values",
                  map_.span(map_.child(yn, i)));
          }
        }
        if (hooks_ != nullptr) hooks_->matrix(*m, map_, yn, out_);
      }
    } else if (key == "fail-fast") {
      s.fail_fast = tv(y, yn, sc);
    } else if (key == "max-parallel") {
      s.max_parallel = tv(y, yn, sc);
    }
  }
  return s;
}

PIPEWRIGHT_DECL container converter::read_container(std::string name, const value& x,
                                                    source_map::node_id c) {
  constexpr schema::context_set sc = wd::strategy_ctx;
  container k;
  k.id = std::move(name);
  k.raw = x;
  k.node = c;
  k.span = map_.span(c);
  if (x.is_object()) {
    if (const value* img = x.as_object().find("image")) {
      k.image = tv(*img, child_of(x, c, "image"), sc);
    } else {
      error(codes::model_required_property, "Container image cannot be empty", k.span);
    }
  } else if (x.is_string()) {
    k.image = tv(x, c, sc);
  }
  return k;
}

PIPEWRIGHT_DECL void converter::generate_id(step& s, id_builder& ids) {
  if (s.id.empty()) {
    std::string base;
    if (s.uses) base = action_step_id(s.uses->text);
    if (base.empty()) base = s.parallel.empty() ? "run" : "parallel";
    s.id = ids.generate("__" + base);
    s.generated_id = true;
  }
  for (step& inner : s.parallel) generate_id(inner, ids);
}

PIPEWRIGHT_DECL step converter::read_step(const value& x, source_map::node_id n, id_builder& ids) {
  constexpr schema::context_set sc = wd::steps_ctx;
  step s;
  s.span = map_.span(n);
  const object* o = x.if_object();
  if (o == nullptr) return s;
  for (const auto [key, y, c] : map_.members(*o, n)) {
    if (key == "id") {
      template_value t = tv(y, c, 0);
      const std::string id = schema::literal_text(t.raw);
      if (id.empty()) continue;
      std::string problem = id_problem(id);
      if (!problem.empty()) {
        error(codes::model_invalid_id, std::move(problem), map_.span(c));
      } else if (!ids.add_known(id)) {
        error(codes::model_duplicate_id,
              "The identifier '" + id + "' may not be used more than once within the same scope.",
              map_.span(c));
      }
      s.id = id;
      s.id_span = map_.span(c);
    } else if (key == "name") {
      s.name = tv(y, c, sc);
    } else if (key == "uses") {
      s.uses = ls(y, c);
      if (y.is_string() && !semantics::contains_expression(y.as_string()) &&
          !y.as_string().empty() && !valid_step_uses(y.as_string())) {
        error(
            codes::model_invalid_uses,
            "Expected format {org}/{repo}[/path]@ref. Actual '" + std::string(y.as_string()) + "'",
            map_.span(c));
      }
    } else if (key == "run") {
      s.run = tv(y, c, sc);
    } else if (key == "shell") {
      s.shell = tv(y, c, 0);
      check_shell(*s.shell);
    } else if (key == "working-directory") {
      s.working_directory = tv(y, c, sc);
    } else if (key == "env") {
      s.env = tmap(y, c, sc);
      check_env_names(s.env);
    } else if (key == "with") {
      s.with = tmap(y, c, sc);
    } else if (key == "if") {
      s.condition = read_if(y, c, wd::step_if_ctx);
    } else if (key == "continue-on-error") {
      s.continue_on_error = tv(y, c, sc);
    } else if (key == "timeout-minutes") {
      s.timeout_minutes = tv(y, c, sc);
    } else if (key == "parallel" && y.is_array()) {
      const array& inner = y.as_array();
      for (std::size_t i = 0; i < inner.size(); ++i) {
        s.parallel.push_back(read_step(inner[i], map_.child(c, i), ids));
      }
    }
  }
  return s;
}

}  // namespace detail

PIPEWRIGHT_DECL read_report read_workflow(const value& root, const source_map& map,
                                          std::string_view source, const read_options& options) {
  read_report report;
  if (!root.is_object()) {
    report.diagnostics.push_back(make_error(
        codes::model_not_a_workflow,
        root.is_null() ? "The workflow is empty: a workflow is a mapping with 'on' and 'jobs'"
                       : "A workflow must be a mapping with 'on' and 'jobs'",
        map.span(map.root())));
    return report;
  }
  const schema::compiled_schema& s = schema::workflow_schema();
  schema::template_cache cache;
  schema::validator check(s, map, source, report.diagnostics, options.validate, &cache);
  check.validate(root, map.root(), s.find("workflow-root"));
  detail::converter convert(map, source, report.diagnostics, &cache, &options.validate.functions);
  report.workflow = convert.convert(root, map.root(), options);
  return report;
}

PIPEWRIGHT_DECL result<workflow> read(const value& root, const source_map& map,
                                      std::string_view source, const read_options& options) {
  read_report report = read_workflow(root, map, source, options);
  if (!report.ok()) return result<workflow>::failure(std::move(report.diagnostics));
  return result<workflow>::success(std::move(report.workflow), std::move(report.diagnostics));
}

}  // namespace model
}  // namespace v0
}  // namespace pipewright
