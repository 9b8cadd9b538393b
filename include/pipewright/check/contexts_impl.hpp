/// @file contexts_impl.hpp
/// The definitions behind check/contexts.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/check/actions.hpp"
#include "pipewright/check/contexts.hpp"
#include "pipewright/check/expressions.hpp"
#include "pipewright/check/security.hpp"
#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/parser.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/graph/resolve.hpp"
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/semantics/contexts.hpp"
#include "pipewright/semantics/template_scan.hpp"
#include "pipewright/value/document.hpp"
#include "pipewright/value/path.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace lint {

namespace detail {

PIPEWRIGHT_DECL void pointer_tokens(std::string_view pointer, std::vector<std::string>& out) {
  std::size_t count = 0;
  std::size_t at = 0;
  while (at < pointer.size() && pointer[at] == '/') {
    const std::size_t next = pointer.find('/', at + 1);
    const std::string_view raw = pointer.substr(
        at + 1, next == std::string_view::npos ? std::string_view::npos : next - at - 1);
    if (count == out.size()) out.emplace_back();
    std::string& token = out[count++];
    token.clear();
    append_unescaped_token(token, raw);
    if (next == std::string_view::npos) break;
    at = next;
  }
  out.resize(count);
}

/// One segment of an access chain: a property name, or an unknown one (`.*`, `[expr]`).
struct chain_segment {
  std::string name;
  bool known = false;
  std::uint32_t begin = 0;  ///< the segment's span in the expression text
  std::uint32_t end = 0;
};

/// The segments of the chain ending at node `i`, from its context on; empty when the chain
/// does not start at a context.
inline std::vector<chain_segment> chain_segments(const expr::expression& e, std::int32_t i) {
  std::vector<chain_segment> out;
  while (i >= 0) {
    const expr::node& n = at(e, i);
    if (n.kind == expr::node_kind::context) {
      if (n.ref >= e.context_names().size()) return {};
      out.push_back({std::string(e.context_names()[n.ref]), true, n.begin, n.end});
      std::reverse(out.begin(), out.end());
      return out;
    }
    if (n.kind == expr::node_kind::index && n.b >= 0 &&
        at(e, n.b).kind == expr::node_kind::string_literal) {
      const expr::node& key = at(e, n.b);
      out.push_back({literal_text(e, key), true, key.begin, key.end});
    } else if (n.kind == expr::node_kind::index || n.kind == expr::node_kind::wildcard) {
      out.push_back({std::string(), false, n.begin, n.end});
    } else {
      return {};
    }
    i = n.a;
  }
  return {};
}

/// Whether `name` is in `names`, ignoring case.
template <class Names>
bool has_name(const Names& names, std::string_view name) {
  return std::any_of(std::begin(names), std::end(names),
                     [name](const auto& n) { return pipewright::detail::iequals(n, name); });
}

/// What one expression may read: its job and step, from its document path.
struct place {
  const model::job* job = nullptr;
  std::size_t step = 0;        ///< the step's index in the job, when `in_step`
  bool in_step = false;        ///< inside a step (its `if:`, `run:`, `with:`, ...)
  bool in_parallel = false;    ///< inside a `parallel:` group's step
  bool call_outputs = false;   ///< in `on.workflow_call.outputs`
  std::size_t key_tokens = 5;  ///< the path tokens of a step's key (`/jobs/j/steps/n/key`)
};

class contexts_checker {
 public:
  contexts_checker(const document& doc, std::string_view source, const model::workflow& wf,
                   model::action_lookup actions = {})
      : doc_(doc), source_(source), wf_(wf), jobs_(wf), actions_(std::move(actions)) {
    options_.contexts.assign(semantics::standard_contexts.begin(),
                             semantics::standard_contexts.end());
    options_.status_function_args = true;
    collect_inputs();
  }

  /// A composite action's checker: `composite` is a workflow with one job whose steps are the
  /// action's (`/runs/steps/N` in `doc`), `inputs` the action's inputs.
  contexts_checker(const document& doc, std::string_view source, const model::workflow& composite,
                   const model::action& action, model::action_lookup actions)
      : doc_(doc),
        source_(source),
        wf_(composite),
        jobs_(composite),
        actions_(std::move(actions)),
        action_(true) {
    options_.contexts.assign(semantics::standard_contexts.begin(),
                             semantics::standard_contexts.end());
    for (const model::action_input& in : action.inputs) inputs_.push_back(in.name.text);
  }

  std::vector<diagnostic> run() {
    for_each_string(doc_, [this](std::string_view text, source_span span, const std::string& path,
                                 bool is_if) { scalar(text, span, path, is_if); });
    for (const model::job& j : wf_.jobs) excludes(j);
    return std::move(out_);
  }

 private:
  void collect_inputs() {
    const value& on = wf_.on;
    if (!on.is_string() && !on.is_array() && !on.is_object()) {
      inputs_open_ = true;
      return;
    }
    const object* events = on.if_object();
    if (events == nullptr) return;
    for (const std::string_view event : {"workflow_dispatch", "workflow_call"}) {
      const value* e = events->find(event);
      if (e == nullptr || !e->is_object()) continue;
      const value* inputs = e->as_object().find("inputs");
      if (inputs == nullptr || inputs->is_null()) continue;
      if (!inputs->is_object()) {
        inputs_open_ = true;
        continue;
      }
      for (const auto& [name, definition] : inputs->as_object()) {
        inputs_.push_back(name);
        input_values(name, definition, event == "workflow_dispatch");
      }
    }
  }

  /// The values input `name` can take, from its `type:` (PW0916); open for strings.
  void input_values(const std::string& name, const value& definition, bool dispatch) {
    operand_values v;
    v.what = "input '" + name + "'";
    const object* d = definition.if_object();
    const value* type = d != nullptr ? d->find("type") : nullptr;
    const std::string_view t =
        type != nullptr && type->is_string() ? type->as_string() : std::string_view();
    // null: the inputs context is empty for other events.
    v.values.push_back(value());
    if (t == "number") {
      v.known = true;
      v.any_number = true;
      v.what += " has type number";
    } else if (t == "boolean") {
      v.known = true;
      v.values.push_back(value(true));
      v.values.push_back(value(false));
      v.what += " has type boolean";
    } else if (t == "choice" && dispatch) {
      const value* options = d->find("options");
      const array* list = options != nullptr ? options->if_array() : nullptr;
      v.known = list != nullptr;
      v.values.push_back(value(std::string()));  // an optional choice left empty
      if (list != nullptr) {
        for (const value& o : *list) {
          if (!o.is_string() || semantics::contains_expression(o.as_string())) v.known = false;
          v.values.push_back(o);
        }
      }
      v.what += " is a choice of its options";
    }
    for (input_type& known : input_types_) {
      if (!iequals(known.name, name)) continue;
      // Declared by both events: either type.
      known.values.known = known.values.known && v.known;
      known.values.any_number = known.values.any_number || v.any_number;
      known.values.values.insert(known.values.values.end(), v.values.begin(), v.values.end());
      return;
    }
    input_types_.push_back({name, std::move(v)});
  }

  place locate(const std::vector<std::string>& tokens) const {
    place p;
    if (action_) {
      // `/runs/steps/N/...` (a step of the composite), `/outputs/<id>/value` (after them all).
      if (wf_.jobs.empty()) return p;
      if (tokens.size() >= 3 && tokens[0] == "outputs") p.job = &wf_.jobs.front();
      if (tokens.size() < 3 || tokens[0] != "runs" || tokens[1] != "steps") return p;
      return step_place(p, wf_.jobs.front(), tokens[2], 4);
    }
    if (tokens.size() >= 3 && tokens[0] == "on" && tokens[1] == "workflow_call" &&
        tokens[2] == "outputs") {
      p.call_outputs = true;
    }
    if (tokens.size() < 2 || tokens[0] != "jobs") return p;
    p.job = jobs_.find(tokens[1]);
    if (p.job == nullptr || tokens.size() < 4 || tokens[2] != "steps") return p;
    p = step_place(p, *p.job, tokens[3], 5);
    p.in_parallel = p.in_step && tokens.size() >= 5 && tokens[4] == "parallel";
    return p;
  }

  /// The place of step `index` (a pointer token) of `j`, whose keys are `key_tokens` deep.
  static place step_place(place p, const model::job& j, std::string_view index,
                          std::size_t key_tokens) {
    std::size_t n = 0;
    for (const char c : index) {
      if (c < '0' || c > '9') return p;
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (n >= j.steps.size()) {
      p.job = nullptr;  // the model and the document disagree: check nothing job-specific
      return p;
    }
    p.job = &j;
    p.in_step = true;
    p.step = n;
    p.key_tokens = key_tokens;
    return p;
  }

  void scalar(std::string_view text, source_span span, const std::string& path, bool is_if) {
    pointer_tokens(path, tokens_);
    const std::vector<std::string>& tokens = tokens_;
    const place where = locate(tokens);
    // A key of a step (`/jobs/j/steps/n/key`, in a group `/jobs/j/steps/n/parallel/k/key`).
    const bool step_key =
        where.in_step && (tokens.size() == where.key_tokens ||
                          (where.in_parallel && tokens.size() == where.key_tokens + 2));
    // A job's or step's `if:`, an expression without `${{ }}` (not an input named `if`).
    const bool condition =
        is_if && (step_key || (tokens.size() == 3 && tokens[0] == "jobs" && where.job));
    if (condition) always_true(text, span, path);
    if (step_key && tokens.back() == "run") deprecated_commands(text, span, path);
    if (!semantics::contains_expression(text)) {
      if (condition) expression(text, 0, span, path, where);
      return;
    }
    auto segments = expr::split_template(text);
    if (!segments) return;  // the reader reports it
    for (const expr::template_segment& s : *segments) {
      if (s.is_expression) expression(s.text, s.begin, span, path, where);
    }
  }

  // PW0913
  void always_true(std::string_view text, source_span span, const std::string& path) {
    auto segments = expr::split_template(text);
    if (!segments || segments->size() < 2) return;
    const bool has_expr = std::any_of(segments->begin(), segments->end(),
                                      [](const auto& s) { return s.is_expression; });
    if (!has_expr) return;
    diagnostic d = make_warning(
        codes::lint_if_always_true,
        "this if: has text outside its ${{ }}, so GitHub evaluates it as a format() string, "
        "which is never empty: the condition is always true; write the whole condition "
        "inside one ${{ }}, or without ${{ }}",
        span, path);
    out_.push_back(std::move(d));
  }

  // PW0915
  void deprecated_commands(std::string_view text, source_span span, const std::string& path) {
    static constexpr std::array<std::string_view, 4> commands{"::set-output", "::save-state",
                                                              "::set-env", "::add-path"};
    std::size_t line_start = 0;
    std::size_t searched = 0;  // where the next source search starts, inside the scalar
    while (line_start < text.size()) {
      std::size_t line_end = text.find('\n', line_start);
      if (line_end == std::string_view::npos) line_end = text.size();
      const std::string_view line = text.substr(line_start, line_end - line_start);
      const std::size_t first = line.find_first_not_of(" \t");
      const bool comment = first != std::string_view::npos && line[first] == '#';
      for (const std::string_view c : commands) {
        const std::size_t at = comment ? std::string_view::npos : line.find(c);
        if (at == std::string_view::npos) continue;
        const std::size_t after = at + c.size();
        if (after < line.size() && line[after] != ' ' && line[after] != ':') continue;
        source_span where = span;
        if (span.known() && span.end <= source_.size() && searched < span.end - span.begin) {
          const std::string_view rest =
              source_.substr(span.begin + searched, span.end - span.begin - searched);
          const std::size_t found = rest.find(c);
          if (found != std::string_view::npos) {
            where = {span.begin + searched + found, span.begin + searched + found + c.size()};
            searched += found + c.size();
          }
        }
        const bool disabled = c == "::set-env" || c == "::add-path";
        std::string message = "'" + std::string(c.substr(2)) + "' is a deprecated workflow command";
        message += disabled ? "; GitHub disabled it in 2020 (it fails the step unless "
                              "ACTIONS_ALLOW_UNSECURE_COMMANDS is set): append to the file "
                              "$GITHUB_ENV or $GITHUB_PATH instead"
                            : " (since 2022; the runner warns): append 'name=value' to the "
                              "file $GITHUB_OUTPUT or $GITHUB_STATE instead";
        out_.push_back(
            make_warning(codes::lint_deprecated_command, std::move(message), where, path));
      }
      line_start = line_end + 1;
    }
  }

  void expression(std::string_view text, std::size_t offset, source_span span,
                  const std::string& path, const place& where) {
    auto compiled = expr::compile(text, options_);
    if (!compiled) return;  // the reader reports it
    const expr::expression& e = *compiled;
    for (const std::int32_t i : chain_ends(e)) {
      const std::vector<chain_segment> chain = chain_segments(e, i);
      if (chain.size() < 2 || !chain[1].known) continue;
      site s{e, offset, span, path, chain};
      check_chain(s, where);
    }
    comparisons(e, offset, span, path, where);
    failing_calls(e, offset, span, path);
  }

  /// What an operand of `==` can be: a finite list of values (and any number), or open.
  struct operand_values {
    bool known = false;
    bool literal = false;
    bool any_number = false;  ///< any number besides `values`
    std::vector<value> values;
    std::string what;  ///< why, for the message
  };

  static operand_values strings_of(std::span<const std::string_view> names, std::string what) {
    operand_values v;
    v.known = true;
    v.what = std::move(what);
    for (const std::string_view n : names) v.values.push_back(value(n));
    return v;
  }

  static operand_values booleans(std::string what) {
    operand_values v;
    v.known = true;
    v.values = {value(true), value(false)};
    v.what = std::move(what);
    return v;
  }

  /// The values operand node `i` can take where the workflow decides them.
  operand_values operand(const expr::expression& e, std::int32_t i, const place& where) const {
    using expr::node_kind;
    const expr::node& n = at(e, i);
    switch (n.kind) {
      case node_kind::group: return operand(e, n.a, where);
      case node_kind::null_literal:
      case node_kind::bool_literal:
      case node_kind::number_literal:
      case node_kind::string_literal: {
        auto v = e.evaluate_node(i, value());
        operand_values out;
        if (!v) return out;
        out.known = true;
        out.literal = true;
        out.values.push_back(std::move(*v));
        return out;
      }
      case node_kind::not_:
      case node_kind::equal:
      case node_kind::not_equal:
      case node_kind::less:
      case node_kind::less_equal:
      case node_kind::greater:
      case node_kind::greater_equal: return booleans("it is a comparison or a negation");
      case node_kind::call: {
        switch (static_cast<expr::builtin>(n.ref)) {
          case expr::builtin::contains:
          case expr::builtin::starts_with:
          case expr::builtin::ends_with:
          case expr::builtin::success:
          case expr::builtin::failure:
          case expr::builtin::cancelled:
          case expr::builtin::always: return booleans("the function returns a Boolean");
          default: return {};
        }
      }
      case node_kind::index: return context_values(chain_segments(e, i), where);
      default: return {};
    }
  }

  /// The values of a context property the workflow decides (`inputs.x`, `needs.a.result`).
  operand_values context_values(const std::vector<chain_segment>& chain, const place& where) const {
    using namespace semantics;
    if (chain.size() < 2 || chain.size() > 3 ||
        !std::all_of(chain.begin(), chain.end(), [](const auto& c) { return c.known; })) {
      return {};
    }
    const std::string_view context = chain[0].name;
    const std::string_view name = chain[1].name;
    if (chain.size() == 3) {
      const std::string_view property = chain[2].name;
      const bool result =
          (iequals(context, "steps") &&
           (iequals(property, "outcome") || iequals(property, "conclusion"))) ||
          ((iequals(context, "needs") || iequals(context, "jobs")) && iequals(property, "result"));
      if (!result) return {};
      operand_values v = strings_of(result_values, "a job's or step's result");
      v.values.push_back(value());  // a step or job that has not run
      return v;
    }
    if (iequals(context, "job") && iequals(name, "status")) {
      return strings_of(result_values, "a job's status");
    }
    if (iequals(context, "runner") && iequals(name, "os")) {
      return strings_of(runner_os_values, "GitHub's runner operating systems");
    }
    if (iequals(context, "runner") && iequals(name, "arch")) {
      return strings_of(runner_arch_values, "GitHub's runner architectures");
    }
    if (iequals(context, "github") && iequals(name, "event_name")) return event_names();
    if (iequals(context, "inputs") && !inputs_open_) {
      for (const input_type& t : input_types_) {
        if (iequals(t.name, name)) return t.values;
      }
      return {};
    }
    if (iequals(context, "matrix") && where.job != nullptr) {
      return matrix_values(*where.job, name);
    }
    return {};
  }

  /// `github.event_name`: one of the events of `on:`, unless the workflow can be called
  /// (a called workflow sees its caller's event).
  operand_values event_names() const {
    operand_values v;
    v.what = "the events in on:";
    auto add = [&v](std::string_view event) {
      if (event == "workflow_call" || semantics::contains_expression(event)) return false;
      v.values.push_back(value(event));
      return true;
    };
    const value& on = wf_.on;
    if (on.is_string()) {
      if (!add(on.as_string())) return {};
    } else if (const array* list = on.if_array()) {
      for (const value& event : *list) {
        if (!event.is_string() || !add(event.as_string())) return {};
      }
    } else if (const object* events = on.if_object()) {
      for (const auto& [event, config] : *events) {
        if (!add(event)) return {};
      }
    }
    v.known = !v.values.empty();
    return v;
  }

  /// `matrix.<key>` of a matrix written without `${{ }}`: its axis values and include
  /// values, and null when the key is not an axis (a combination without the key).
  static operand_values matrix_values(const model::job& j, std::string_view key) {
    operand_values v;
    if (!j.strategy || j.strategy->matrix_expression) return v;
    const object* m = j.strategy->matrix.if_object();
    if (m == nullptr || has_expression(j.strategy->matrix)) return v;
    bool axis = false;
    auto add = [&v](const value& x) {
      if (!x.is_string() && !x.is_number() && !x.is_bool() && !x.is_null()) return false;
      v.values.push_back(x);
      return true;
    };
    for (const auto& [k, values] : *m) {
      if (k == "exclude" || !iequals(k, key)) continue;
      const array* list = values.if_array();
      if (list == nullptr) return {};
      axis = !list->empty();  // an empty axis: only include entries, which may lack the key
      for (const value& x : *list) {
        if (!add(x)) return {};
      }
    }
    if (const value* include = m->find("include")) {
      const array* entries = include->if_array();
      if (entries == nullptr) return {};
      for (const value& entry : *entries) {
        const object* o = entry.if_object();
        if (o == nullptr) return {};
        for (const auto& [k, x] : *o) {
          if (iequals(k, key) && !add(x)) return {};
        }
      }
    }
    if (v.values.empty()) return {};  // no such key: PW0910
    if (!axis) v.values.push_back(value());
    v.known = true;
    v.what = "the values of the job's matrix";
    return v;
  }

  /// Whether the two sides can ever be equal by GitHub's `==` (expr::loose_equals).
  static bool can_be_equal(const operand_values& l, const operand_values& r) {
    if (l.any_number && r.any_number) return true;
    for (const value& a : l.values) {
      for (const value& b : r.values) {
        if (expr::loose_equals(a, b)) return true;
      }
    }
    // Any number equals `b` only if ToNumber(b) does: try that one.
    auto number_meets = [](const operand_values& numbers, const operand_values& other) {
      return numbers.any_number &&
             std::any_of(other.values.begin(), other.values.end(), [](const value& b) {
               return expr::loose_equals(value(expr::to_number(b)), b);
             });
    };
    return number_meets(l, r) || number_meets(r, l);
  }

  /// The values of `v` as text: `'a', 'b', null` (and `any number`).
  static std::string listed(const operand_values& v) {
    std::vector<std::string> items;
    if (v.any_number) items.push_back("any number");
    for (const value& x : v.values) {
      std::string item = x.is_string() ? "'" + std::string(x.as_string()) + "'"
                                       : (x.is_null() ? std::string("null") : expr::to_string(x));
      if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(item);
    }
    return joined(items);
  }

  /// The source extent of the sub-expression at node `i` (its tokens' spans).
  static std::pair<std::uint32_t, std::uint32_t> extent(const expr::expression& e, std::int32_t i) {
    const expr::node& n = at(e, i);
    std::pair<std::uint32_t, std::uint32_t> out{n.begin, n.end};
    auto widen = [&](std::int32_t c) {
      if (c < 0) return;
      const auto [b, x] = extent(e, c);
      out.first = std::min(out.first, b);
      out.second = std::max(out.second, x);
    };
    widen(n.a);
    widen(n.b);
    if (n.a >= 0 && (n.kind == expr::node_kind::call || n.kind == expr::node_kind::and_ ||
                     n.kind == expr::node_kind::or_)) {
      for (std::int32_t c = at(e, n.a).next; c >= 0; c = at(e, c).next) widen(c);
    }
    return out;
  }

  // PW0916
  void comparisons(const expr::expression& e, std::size_t offset, source_span span,
                   const std::string& path, const place& where) {
    const auto& nodes = e.nodes();
    for (std::size_t k = 0; k < nodes.size(); ++k) {
      const expr::node& n = nodes[k];
      if (n.kind != expr::node_kind::equal && n.kind != expr::node_kind::not_equal) continue;
      const operand_values l = operand(e, n.a, where);
      const operand_values r = operand(e, n.b, where);
      if (!l.known || !r.known || (l.literal && r.literal) || can_be_equal(l, r)) continue;
      const bool eq = n.kind == expr::node_kind::equal;
      const auto [lb, le] = extent(e, n.a);
      const auto [rb, re] = extent(e, n.b);
      const std::string_view text = e.text();
      const operand_values& typed = l.literal ? r : l;
      const auto [tb, te] = l.literal ? std::pair{rb, re} : std::pair{lb, le};
      const operand_values& other = l.literal ? l : r;
      const auto [ob, oe] = l.literal ? std::pair{lb, le} : std::pair{rb, re};
      std::string message =
          "this " + std::string(eq ? "==" : "!=") + " is always " + (eq ? "false" : "true") +
          ": '" + std::string(text.substr(tb, te - tb)) + "' can only be " + listed(typed) + " (" +
          typed.what + "), and none of these equals " +
          (other.literal
               ? std::string(text.substr(ob, oe - ob))
               : "'" + std::string(text.substr(ob, oe - ob)) + "', which can be " + listed(other)) +
          " (== compares strings ignoring case, and other mixed types as numbers)";
      const std::uint32_t b = std::min(lb, rb);
      const std::uint32_t x = std::max(le, re);
      out_.push_back(
          make_warning(codes::lint_comparison_never_equal, std::move(message),
                       name_span(source_, span, offset + b, x - b, text.substr(b, x - b)), path));
    }
  }

  /// Whether node `i` is a literal or a property read (`a.b[0]['c']`): evaluated without
  /// contexts it gives a value (or null), never an error.
  static bool cannot_fail(const expr::expression& e, std::int32_t i) {
    using expr::node_kind;
    const expr::node& n = at(e, i);
    switch (n.kind) {
      case node_kind::null_literal:
      case node_kind::bool_literal:
      case node_kind::number_literal:
      case node_kind::string_literal:
      case node_kind::context: return true;
      case node_kind::group: return cannot_fail(e, n.a);
      case node_kind::index: {
        const expr::node_kind key = at(e, n.b).kind;
        return cannot_fail(e, n.a) &&
               (key == node_kind::string_literal || key == node_kind::number_literal);
      }
      default: return false;
    }
  }

  // PW0917
  void failing_calls(const expr::expression& e, std::size_t offset, source_span span,
                     const std::string& path) {
    const auto& nodes = e.nodes();
    for (std::size_t k = 0; k < nodes.size(); ++k) {
      const expr::node& n = nodes[k];
      if (n.kind != expr::node_kind::call || n.a < 0) continue;
      const auto fn = static_cast<expr::builtin>(n.ref);
      if (fn != expr::builtin::from_json && fn != expr::builtin::format) continue;
      if (at(e, n.a).kind != expr::node_kind::string_literal) continue;
      bool decided = true;
      for (std::int32_t c = n.a; c >= 0; c = at(e, c).next) decided = decided && cannot_fail(e, c);
      if (!decided) continue;
      auto r = e.evaluate_node(static_cast<std::int32_t>(k), value());
      if (r) continue;
      const diagnostic& d = *r.first_error();
      const bool own = d.code == codes::expr_invalid_json || d.code == codes::expr_invalid_format ||
                       d.code == codes::expr_format_argument_missing ||
                       d.code == codes::expr_format_specifier;
      if (!own) continue;
      const auto [b, x] = extent(e, static_cast<std::int32_t>(k));
      const std::string_view text = e.text();
      out_.push_back(make_warning(
          codes::lint_call_always_fails,
          "this call fails whenever it runs (" + d.message +
              "): GitHub accepts the workflow, and the step or job that evaluates it fails",
          name_span(source_, span, offset + b, x - b, text.substr(b, x - b)), path));
    }
  }

  struct site {
    const expr::expression& e;
    std::size_t offset;
    source_span span;
    const std::string& path;
    const std::vector<chain_segment>& chain;
  };

  void check_chain(const site& s, const place& where) {
    using namespace semantics;
    const std::string_view context = s.chain[0].name;
    const std::string_view name = s.chain[1].name;
    auto fixed = [&](std::span<const std::string_view> names) {
      if (!has_name(names, name)) {
        undefined(s, 1, "the " + std::string(context) + " context has no such property",
                  std::vector<std::string>(names.begin(), names.end()));
      }
    };
    if (iequals(context, "github")) {
      fixed(github_properties);
    } else if (iequals(context, "runner")) {
      fixed(runner_properties);
    } else if (iequals(context, "job")) {
      fixed(job_properties);
    } else if (iequals(context, "strategy")) {
      fixed(strategy_properties);
    } else if (iequals(context, "inputs")) {
      if (!inputs_open_ && !has_name(inputs_, name)) {
        undefined(s, 1,
                  action_ ? "the action declares no such input (inputs)"
                          : "the workflow declares no such input (on.workflow_dispatch.inputs, "
                            "on.workflow_call.inputs)",
                  inputs_);
      }
    } else if (iequals(context, "matrix")) {
      // A composite action runs in its caller's job: its matrix is not known here.
      if (where.job != nullptr && !action_) matrix(s, *where.job);
    } else if (iequals(context, "needs")) {
      if (where.job != nullptr) needs(s, *where.job);
    } else if (iequals(context, "steps")) {
      if (where.job != nullptr) steps(s, where);
    } else if (iequals(context, "jobs")) {
      if (where.call_outputs) jobs(s);
    }
  }

  void matrix(const site& s, const model::job& j) {
    std::vector<std::string> keys;
    if (j.strategy) {
      if (j.strategy->matrix_expression) return;
      const value& m = j.strategy->matrix;
      if (const object* o = m.if_object()) {
        for (const auto& [key, v] : *o) {
          if (semantics::contains_expression(key)) return;
          if (key == "exclude") continue;
          if (key != "include") {
            keys.push_back(key);
            continue;
          }
          const array* items = v.if_array();
          if (items == nullptr) return;  // `include: ${{ ... }}`: any key
          for (const value& item : *items) {
            const object* entry = item.if_object();
            if (entry == nullptr) return;
            for (const auto& [k, x] : *entry) {
              if (!has_name(keys, k)) keys.push_back(k);
            }
          }
        }
      } else if (!m.is_null()) {
        return;
      }
    }
    if (!has_name(keys, s.chain[1].name)) {
      undefined(s, 1,
                keys.empty() ? std::string("the job has no matrix, so matrix is null")
                             : std::string("the job's matrix has no such key"),
                keys);
    }
  }

  static std::vector<std::string> output_names(const model::job& j) {
    std::vector<std::string> out;
    for (const model::named_value& o : j.outputs.entries) out.push_back(o.name.text);
    return out;
  }

  /// `.outputs.<name>` / `.result` of job `j` read through a chain at `s` (index 2 on).
  void job_result(const site& s, const model::job& j, std::string_view what) {
    if (s.chain.size() < 3 || !s.chain[2].known) return;
    const std::string_view property = s.chain[2].name;
    if (!has_name(semantics::job_result_properties, property)) {
      undefined(s, 2, std::string(what) + " has only outputs and result",
                {std::string("outputs"), std::string("result")});
      return;
    }
    if (!iequals(property, "outputs") || s.chain.size() < 4 || !s.chain[3].known) return;
    // A reusable workflow's outputs are its own (not read here); an expression is any map.
    if (j.kind != model::job_kind::normal || j.outputs.expression) return;
    const std::vector<std::string> names = output_names(j);
    if (!has_name(names, s.chain[3].name)) {
      undefined(s, 3, "job '" + j.id + "' declares no such output (jobs." + j.id + ".outputs)",
                names);
    }
  }

  void needs(const site& s, const model::job& j) {
    const std::string_view id = s.chain[1].name;
    std::vector<std::string> direct;
    for (const model::located_string& n : j.needs) direct.push_back(n.text);
    if (!has_name(direct, id)) {
      if (const model::job* other = jobs_.find(id)) {
        std::string message = "'" + text_of(s, 2) + "' reads job '" + other->id +
                              "', which is not in this job's needs: (" +
                              (direct.empty() ? std::string("none") : joined(direct)) +
                              "); the needs context holds only direct needs, so it is null";
        out_.push_back(make_warning(codes::lint_need_not_declared, std::move(message),
                                    segment_span(s, 1), s.path));
        return;
      }
      undefined(s, 1, "this job needs no such job", direct);
      return;
    }
    if (const model::job* needed = jobs_.find(id)) job_result(s, *needed, "a need");
  }

  void jobs(const site& s) {
    const model::job* j = jobs_.find(s.chain[1].name);
    if (j == nullptr) {
      std::vector<std::string> ids;
      for (const model::job& k : wf_.jobs) ids.push_back(k.id);
      undefined(s, 1, "the workflow has no such job", ids);
      return;
    }
    job_result(s, *j, "a job of the jobs context");
  }

  void steps(const site& s, const place& where) {
    const model::job& j = *where.job;
    const std::string_view id = s.chain[1].name;
    // Ids of the steps that ran before: all of them outside steps (job outputs).
    const std::size_t before = where.in_step ? where.step : j.steps.size();
    std::vector<std::string> known;
    bool generated = false;
    auto add = [&](const model::step& st, std::size_t index) {
      if (!iequals(st.id, id)) {
        if (!st.generated_id && index < before) known.push_back(st.id);
        return std::optional<std::size_t>();
      }
      if (st.generated_id) generated = true;
      return std::optional<std::size_t>(index);
    };
    std::optional<std::size_t> found;
    const model::step* found_step = nullptr;
    for (std::size_t k = 0; k < j.steps.size(); ++k) {
      if (auto f = add(j.steps[k], k); f && !found) {
        found = f;
        found_step = &j.steps[k];
      }
      for (const model::step& p : j.steps[k].parallel) {
        if (auto f = add(p, k); f && !found) {
          found = f;
          found_step = &p;
        }
      }
    }
    if (generated) return;  // a generated id (`__run`): not a typo
    if (found && *found < before) {
      if (s.chain.size() >= 3 && s.chain[2].known &&
          !has_name(semantics::step_properties, s.chain[2].name)) {
        undefined(s, 2, "a step has only outputs, outcome and conclusion",
                  std::vector<std::string>(semantics::step_properties.begin(),
                                           semantics::step_properties.end()));
      }
      if (found_step != nullptr) action_output(s, *found_step);
      return;  // the outputs of run steps and of actions without known metadata are open
    }
    if (found && *found == where.step && where.in_parallel) return;  // side by side
    if (found) {
      const bool own = *found == where.step;
      std::string message =
          "'" + text_of(s, 2) + "' reads step '" + std::string(id) + "' " +
          (own ? std::string("in its own step, before it has run")
               : "before it runs (it is step " + std::to_string(*found + 1) + " of the " + scope() +
                     ", this is step " + std::to_string(where.step + 1) + ")") +
          "; the steps context holds only steps that ran, so it is null";
      out_.push_back(make_warning(codes::lint_step_read_before, std::move(message),
                                  segment_span(s, 1), s.path));
      return;
    }
    undefined(s, 1, "no step of this " + scope() + " before here has that id", known);
  }

  /// `steps.<id>.outputs.<name>` of a step that uses a local action whose metadata is known
  /// and valid: its declared outputs (any runtime declares them in its metadata).
  void action_output(const site& s, const model::step& st) {
    if (s.chain.size() < 4 || !s.chain[2].known || !s.chain[3].known ||
        !iequals(s.chain[2].name, "outputs")) {
      return;
    }
    const model::action_report* found = check::local_action_of(st, actions_);
    if (found == nullptr || !found->ok()) return;
    const model::action& a = found->action;
    if (a.find_output(s.chain[3].name) != nullptr) return;
    std::vector<std::string> names;
    for (const model::action_output& o : a.outputs) names.push_back(o.name.text);
    undefined(s, 3, "the local action '" + st.uses->text + "' declares no such output", names);
  }

  void excludes(const model::job& j) {
    if (!j.strategy || j.strategy->matrix_expression || !j.strategy->matrix.is_object()) return;
    const value& m = j.strategy->matrix;
    if (has_expression(m)) return;
    const value* list = m.as_object().find("exclude");
    if (list == nullptr || !list->is_array() || list->as_array().empty()) return;
    auto space = matrix::compile(m);
    if (!space || space->exclude_count() != list->as_array().size()) return;
    const std::string base = "/jobs/" + pointer_key(j.id) + "/strategy/matrix/exclude/";
    for (std::size_t r = 0; r < space->exclude_count(); ++r) {
      if (space->exclude_matches_any(r)) continue;
      const std::string p = base + std::to_string(r);
      const source_map::node_id node = doc_.map.find(doc_.root, p);
      const source_span span = node == source_map::none ? j.strategy->span : doc_.map.span(node);
      out_.push_back(make_warning(
          codes::lint_exclude_matches_nothing,
          "this exclude entry matches no combination of the matrix (a value that is no axis "
          "value, or a typo), so it removes nothing",
          span, p));
    }
  }

  /// What holds the steps: a job, or a composite action.
  [[nodiscard]] std::string scope() const { return action_ ? "action" : "job"; }

  static bool has_expression(const value& v) {
    if (v.is_string()) return semantics::contains_expression(v.as_string());
    if (const object* o = v.if_object()) {
      return std::any_of(o->begin(), o->end(), [](const auto& m) {
        return semantics::contains_expression(m.first) || has_expression(m.second);
      });
    }
    if (const array* a = v.if_array()) return std::any_of(a->begin(), a->end(), has_expression);
    return false;
  }

  static std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) {
      if (!out.empty()) out += ", ";
      out += n;
    }
    return out;
  }

  /// The chain's first `count` segments as written (`needs.build`).
  static std::string text_of(const site& s, std::size_t count) {
    std::string out;
    for (std::size_t k = 0; k < count && k < s.chain.size(); ++k) {
      if (k > 0) out += '.';
      out += s.chain[k].known ? s.chain[k].name : std::string("*");
    }
    return out;
  }

  source_span segment_span(const site& s, std::size_t k) const {
    const chain_segment& seg = s.chain[k];
    const std::string_view raw = s.e.text().substr(seg.begin, seg.end - seg.begin);
    return name_span(source_, s.span, s.offset + seg.begin, seg.end - seg.begin, raw);
  }

  // PW0910
  void undefined(const site& s, std::size_t k, const std::string& why,
                 const std::vector<std::string>& known) {
    const std::string_view name = s.chain[k].name;
    std::string message = "'" + text_of(s, k + 1) + "' cannot exist: " + why;
    const std::string nearest = pipewright::detail::nearest_name(name, known);
    if (!nearest.empty()) message += "; did you mean '" + nearest + "'?";
    diagnostic d = make_warning(codes::lint_undefined_property, std::move(message),
                                segment_span(s, k), s.path);
    d.notes.push_back("known: " + (known.empty() ? std::string("none") : joined(known)));
    out_.push_back(std::move(d));
  }

  const document& doc_;
  std::string_view source_;
  const model::workflow& wf_;
  job_finder jobs_;  ///< wf_'s jobs by id
  model::action_lookup actions_;
  expr::compile_options options_;
  struct input_type {
    std::string name;
    operand_values values;
  };
  std::vector<std::string> inputs_;
  std::vector<input_type> input_types_;
  bool inputs_open_ = false;
  bool action_ = false;              ///< checking a composite action's metadata
  std::vector<std::string> tokens_;  ///< the path tokens of the string scalar() checks
  std::vector<diagnostic> out_;
};

}  // namespace detail

PIPEWRIGHT_DECL std::vector<diagnostic> check_contexts(const document& doc, std::string_view source,
                                                       const model::workflow& wf,
                                                       const model::action_lookup& actions) {
  return detail::contexts_checker(doc, source, wf, actions).run();
}

PIPEWRIGHT_DECL std::vector<diagnostic> check_action_contexts(const document& doc,
                                                              std::string_view source,
                                                              const model::action& a,
                                                              const model::action_lookup& actions) {
  model::workflow composite;
  model::job steps;
  steps.id = "composite";
  if (a.runs) steps.steps = a.runs->steps;
  composite.jobs.push_back(std::move(steps));
  return detail::contexts_checker(doc, source, composite, a, actions).run();
}

}  // namespace lint
}  // namespace v0
}  // namespace pipewright
