/// @file protection_impl.hpp
/// The definitions behind repository/protection.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/repository/protection.hpp"
#include "pipewright/value/path.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace repository {

namespace detail {

/// Ruby's `File.fnmatch` with `File::FNM_PATHNAME`, as GitHub's rulesets use it: `*` and `?`
/// stop at `/`, `**/` at the start of a component is any number of directories (none too),
/// `[...]` a set with `a-z` ranges; `\` is an ordinary character (GitHub does not support it
/// as a quote).
inline bool fnmatch(std::string_view p, std::string_view s) {
  std::size_t pi = 0;
  std::size_t si = 0;
  while (pi < p.size()) {
    const char c = p[pi];
    if (c == '*') {
      const bool component_start = pi == 0 || p[pi - 1] == '/';
      if (component_start && p.substr(pi, 3) == "**/") {
        // Zero or more whole directories.
        const std::string_view rest = p.substr(pi + 3);
        for (std::size_t at = si;;) {
          if (fnmatch(rest, s.substr(at))) return true;
          const std::size_t slash = s.find('/', at);
          if (slash == std::string_view::npos) return false;
          at = slash + 1;
        }
      }
      while (pi < p.size() && p[pi] == '*') ++pi;
      const std::string_view rest = p.substr(pi);
      for (std::size_t at = si;; ++at) {
        if (fnmatch(rest, s.substr(at))) return true;
        if (at >= s.size() || s[at] == '/') return false;
      }
    }
    if (si >= s.size()) return false;
    if (c == '?') {
      if (s[si] == '/') return false;
    } else if (c == '[') {
      const std::size_t close = p.find(']', pi + 2);
      if (close == std::string_view::npos) {
        if (s[si] != '[') return false;
      } else {
        std::string_view set = p.substr(pi + 1, close - pi - 1);
        const bool negate = !set.empty() && set.front() == '!';
        if (negate) set.remove_prefix(1);
        bool in = false;
        for (std::size_t k = 0; k < set.size(); ++k) {
          if (k + 2 < set.size() && set[k + 1] == '-') {
            in = in || (s[si] >= set[k] && s[si] <= set[k + 2]);
            k += 2;
          } else {
            in = in || s[si] == set[k];
          }
        }
        if (in == negate || s[si] == '/') return false;
        pi = close;
      }
    } else if (c != s[si]) {
      return false;
    }
    ++pi;
    ++si;
  }
  return si == s.size();
}

/// Reads one document into rules; every problem is a diagnostic with a path and a span.
class protection_reader {
 public:
  explicit protection_reader(const document& doc) : doc_(doc) {}

  result<std::vector<protection_rule>> run() {
    const value& root = doc_.root;
    if (root.is_array()) {
      std::size_t k = 0;
      for (const value& item : root.as_array()) read_one(item, "/" + std::to_string(k++));
      if (root.as_array().empty()) fail("", "the list of rules is empty");
    } else {
      read_one(root, "");
    }
    std::size_t required = 0;
    for (const protection_rule& r : out_) required += r.checks.size();
    if (!has_errors(diags_) && required == 0) {
      diags_.push_back(make_warning(codes::repository_no_required_checks,
                                    "the file requires no status check", span(""), ""));
    }
    if (has_errors(diags_)) return result<std::vector<protection_rule>>::failure(diags_);
    return result<std::vector<protection_rule>>::success(std::move(out_), std::move(diags_));
  }

 private:
  [[nodiscard]] source_span span(const std::string& path) const {
    const source_map::node_id n = doc_.map.find(doc_.root, path);
    return n == source_map::none ? source_span{} : doc_.map.span(n);
  }
  void fail(const std::string& path, std::string message) {
    diags_.push_back(
        make_error(codes::repository_protection_invalid, std::move(message), span(path), path));
  }
  static std::string member(const std::string& path, std::string_view key) {
    std::string out = path + "/";
    append_pointer_token(out, key);
    return out;
  }

  void read_one(const value& v, const std::string& path) {
    if (!v.is_object()) {
      fail(path,
           "expected a branch protection (required_status_checks) or a ruleset (rules), not "
           "a " +
               std::string(kind_name(v.type())));
      return;
    }
    const object& o = v.as_object();
    if (o.find("rules") != nullptr) {
      read_ruleset(o, path);
    } else if (o.find("required_status_checks") != nullptr) {
      read_branch_protection(o, path);
    } else {
      fail(path,
           "neither a branch protection (no required_status_checks) nor a ruleset (no rules)");
    }
  }

  /// The string list at `v` (a string alone counts as a list of one).
  std::vector<std::string> strings(const value& v, const std::string& path) {
    std::vector<std::string> out;
    if (v.is_null()) return out;
    if (!v.is_array()) {
      fail(path, "expected a list of strings");
      return out;
    }
    std::size_t k = 0;
    for (const value& item : v.as_array()) {
      if (item.is_string()) {
        out.emplace_back(item.as_string());
      } else {
        fail(path + "/" + std::to_string(k), "expected a string");
      }
      ++k;
    }
    return out;
  }

  std::optional<std::int64_t> app_id(const value& v, const std::string& path) {
    if (v.is_null()) return std::nullopt;
    if (!v.is_number() ||
        v.as_number() != static_cast<double>(static_cast<std::int64_t>(v.as_number()))) {
      fail(path, "expected an app id (an integer) or null");
      return std::nullopt;
    }
    // -1 (and null) stand for "any source" in the REST API.
    const auto id = static_cast<std::int64_t>(v.as_number());
    if (id < 0) return std::nullopt;
    return id;
  }

  void add_check(protection_rule& r, required_check c) {
    for (required_check& have : r.checks) {
      if (have.context == c.context) {
        if (c.app_id) have.app_id = c.app_id;
        return;
      }
    }
    r.checks.push_back(std::move(c));
  }

  void read_branch_protection(const object& o, const std::string& path) {
    protection_rule r;
    r.kind = rule_kind::branch_protection;
    r.name = "branch protection";
    r.path = path;
    if (const value* url = o.find("url"); url != nullptr && url->is_string()) {
      // .../branches/{branch}/protection
      const std::string_view u = url->as_string();
      const std::size_t at = u.find("/branches/");
      const std::size_t end = u.rfind("/protection");
      if (at != std::string_view::npos && end != std::string_view::npos && end > at + 10) {
        r.branch = std::string(u.substr(at + 10, end - at - 10));
      }
    }
    const std::string rsc_path = member(path, "required_status_checks");
    const value& rsc = *o.find("required_status_checks");
    if (rsc.is_null()) {
      out_.push_back(std::move(r));  // status checks not required
      return;
    }
    if (!rsc.is_object()) {
      fail(rsc_path, "expected an object {strict, contexts, checks} or null");
      return;
    }
    const object& ro = rsc.as_object();
    if (const value* s = ro.find("strict"); s != nullptr) {
      if (s->is_bool()) {
        r.strict = s->as_bool();
      } else {
        fail(member(rsc_path, "strict"), "expected true or false");
      }
    }
    if (const value* c = ro.find("contexts"); c != nullptr) {
      for (std::string& name : strings(*c, member(rsc_path, "contexts"))) {
        add_check(r, required_check{std::move(name), std::nullopt});
      }
    }
    if (const value* c = ro.find("checks"); c != nullptr) {
      const std::string checks_path = member(rsc_path, "checks");
      if (!c->is_array()) {
        fail(checks_path, "expected a list of {context, app_id}");
      } else {
        std::size_t k = 0;
        for (const value& item : c->as_array()) {
          const std::string item_path = checks_path + "/" + std::to_string(k++);
          read_check(r, item, item_path, "app_id");
        }
      }
    }
    out_.push_back(std::move(r));
  }

  void read_check(protection_rule& r, const value& item, const std::string& item_path,
                  std::string_view id_key) {
    if (!item.is_object() || item.as_object().find("context") == nullptr ||
        !item["context"].is_string()) {
      fail(item_path, "expected {context: NAME, " + std::string(id_key) + ": ID}");
      return;
    }
    std::optional<std::int64_t> id;
    if (const value* a = item.as_object().find(id_key); a != nullptr) {
      id = app_id(*a, member(item_path, id_key));
    }
    add_check(r, required_check{std::string(item["context"].as_string()), id});
  }

  void read_ruleset(const object& o, const std::string& path) {
    protection_rule r;
    r.kind = rule_kind::ruleset;
    r.path = path;
    r.name = o.find("name") != nullptr && (*o.find("name")).is_string()
                 ? std::string((*o.find("name")).as_string())
                 : std::string("ruleset");
    auto word = [&](std::string_view key, std::string& out,
                    std::initializer_list<std::string_view> allowed) {
      const value* v = o.find(key);
      if (v == nullptr) return;
      bool ok = v->is_string();
      if (ok) {
        ok = false;
        for (const std::string_view a : allowed) ok = ok || v->as_string() == a;
      }
      if (!ok) {
        std::string list;
        for (const std::string_view a : allowed)
          list += (list.empty() ? "" : ", ") + std::string(a);
        fail(member(path, key), "'" + std::string(key) + "' must be one of " + list);
        return;
      }
      out = std::string(v->as_string());
    };
    word("target", r.target, {"branch", "tag", "push"});
    word("enforcement", r.enforcement, {"active", "evaluate", "disabled"});
    if (const value* c = o.find("conditions"); c != nullptr && !c->is_null()) {
      const std::string cpath = member(path, "conditions");
      if (!c->is_object()) {
        fail(cpath, "expected an object {ref_name: {include, exclude}}");
      } else if (const value* rn = c->as_object().find("ref_name"); rn != nullptr) {
        const std::string rpath = member(cpath, "ref_name");
        if (!rn->is_object()) {
          fail(rpath, "expected an object {include, exclude}");
        } else {
          r.has_ref_condition = true;
          if (const value* inc = rn->as_object().find("include"); inc != nullptr) {
            r.include = strings(*inc, member(rpath, "include"));
            check_patterns(r.include, member(rpath, "include"));
          }
          if (const value* exc = rn->as_object().find("exclude"); exc != nullptr) {
            r.exclude = strings(*exc, member(rpath, "exclude"));
            check_patterns(r.exclude, member(rpath, "exclude"));
          }
        }
      }
    }
    const std::string rules_path = member(path, "rules");
    const value& rules = *o.find("rules");
    if (!rules.is_array()) {
      fail(rules_path, "expected a list of rules {type, parameters}");
      return;
    }
    std::size_t k = 0;
    for (const value& rule : rules.as_array()) {
      const std::string rule_path = rules_path + "/" + std::to_string(k++);
      if (!rule.is_object() || !rule["type"].is_string()) {
        fail(rule_path, "expected a rule {type, parameters}");
        continue;
      }
      if (rule["type"].as_string() != "required_status_checks") continue;
      const std::string params_path = member(rule_path, "parameters");
      const value& params = rule["parameters"];
      if (!params.is_object() || !params["required_status_checks"].is_array()) {
        fail(params_path,
             "a required_status_checks rule needs parameters.required_status_checks, a list of "
             "{context, integration_id}");
        continue;
      }
      if (params["strict_required_status_checks_policy"].is_bool()) {
        r.strict = r.strict || params["strict_required_status_checks_policy"].as_bool();
      }
      const std::string list_path = member(params_path, "required_status_checks");
      std::size_t i = 0;
      for (const value& item : params["required_status_checks"].as_array()) {
        read_check(r, item, list_path + "/" + std::to_string(i++), "integration_id");
      }
    }
    out_.push_back(std::move(r));
  }

  void check_patterns(const std::vector<std::string>& patterns, const std::string& path) {
    for (std::size_t k = 0; k < patterns.size(); ++k) {
      const std::string& p = patterns[k];
      const std::string at = path + "/" + std::to_string(k);
      if (p == "~DEFAULT_BRANCH" || p == "~ALL") continue;
      if (!p.empty() && p.front() == '~') {
        diags_.push_back(make_error(codes::repository_ref_pattern,
                                    "'" + p +
                                        "' is not a ref pattern (~DEFAULT_BRANCH and ~ALL "
                                        "are the special names)",
                                    span(at), at));
      } else if (p.find("[^") != std::string::npos) {
        diags_.push_back(make_error(codes::repository_ref_pattern,
                                    "'" + p +
                                        "': GitHub does not support complementing a "
                                        "character set with ^",
                                    span(at), at));
      } else if (p.rfind("refs/", 0) != 0) {
        diags_.push_back(make_warning(codes::repository_ref_pattern,
                                      "'" + p +
                                          "' is not a full ref name; it is matched as "
                                          "written against refs/heads/BRANCH, so it "
                                          "matches no branch (write refs/heads/" +
                                          p + ")",
                                      span(at), at));
      }
    }
  }

  const document& doc_;
  std::vector<protection_rule> out_;
  std::vector<diagnostic> diags_;
};

}  // namespace detail

PIPEWRIGHT_DECL result<std::vector<protection_rule>> read_protection(const document& doc) {
  return detail::protection_reader(doc).run();
}

PIPEWRIGHT_DECL bool ref_pattern_matches(std::string_view pattern, std::string_view ref) {
  return detail::fnmatch(pattern, ref);
}

PIPEWRIGHT_DECL applicability applies(const protection_rule& rule, std::string_view base,
                                      std::string_view default_branch) {
  using answer = applicability::answer;
  const std::string b(base);
  if (rule.kind == rule_kind::branch_protection) {
    if (rule.branch.empty()) {
      return {answer::yes,
              "a branch protection that names no branch (no url): taken as the "
              "protection of '" +
                  b + "'"};
    }
    if (rule.branch == base) return {answer::yes, "the protection of branch '" + b + "'"};
    return {answer::no, "the protection of branch '" + rule.branch + "', not '" + b + "'"};
  }
  if (rule.target != "branch") {
    return {answer::no, "ruleset '" + rule.name + "' targets " + rule.target + "es, not branches"};
  }
  if (rule.enforcement != "active") {
    return {answer::no, "ruleset '" + rule.name + "' is " + rule.enforcement +
                            " (only an active ruleset blocks merging)"};
  }
  if (!rule.has_ref_condition) {
    return {answer::unknown, "ruleset '" + rule.name +
                                 "' has no conditions.ref_name: the branches it targets are "
                                 "not in the file"};
  }
  const std::string ref = "refs/heads/" + b;
  // One include must match, no exclude may.
  auto match = [&](const std::vector<std::string>& list, bool& unknown) -> std::string {
    for (const std::string& p : list) {
      if (p == "~ALL") return p;
      if (p == "~DEFAULT_BRANCH") {
        if (default_branch.empty()) {
          unknown = true;
        } else if (default_branch == base) {
          return p;
        }
        continue;
      }
      if (detail::fnmatch(p, ref)) return p;
    }
    return {};
  };
  bool exclude_unknown = false;
  const std::string excluded = match(rule.exclude, exclude_unknown);
  if (!excluded.empty()) {
    return {answer::no,
            "ruleset '" + rule.name + "' excludes " + ref + " (exclude '" + excluded + "')"};
  }
  bool include_unknown = false;
  const std::string included = match(rule.include, include_unknown);
  if (!included.empty() && !exclude_unknown) {
    return {answer::yes,
            "ruleset '" + rule.name + "' includes " + ref + " (include '" + included + "')"};
  }
  if (include_unknown || exclude_unknown) {
    return {answer::unknown, "ruleset '" + rule.name +
                                 "' names ~DEFAULT_BRANCH and the default branch is not given "
                                 "(--default-branch)"};
  }
  return {answer::no, "ruleset '" + rule.name + "' does not include " + ref};
}

}  // namespace repository
}  // namespace v0
}  // namespace pipewright
