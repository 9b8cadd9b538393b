/// @file actions_impl.hpp
/// The definitions behind pipewright/check/actions.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include "pipewright/check/actions.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/semantics/template_scan.hpp"
#include "pipewright/value/path.hpp"

namespace pipewright {
inline namespace v0 {
namespace check {

PIPEWRIGHT_DECL bool is_local_action(std::string_view uses) noexcept {
  return uses.substr(0, 2) == "./" && !semantics::contains_expression(uses);
}

namespace detail {

inline void check_action_step(const model::step& s, const std::string& path,
                              const model::action_lookup& lookup, std::vector<diagnostic>& out) {
  for (const model::step& inner : s.parallel) check_action_step(inner, path, lookup, out);
  const model::action_report* found = local_action_of(s, lookup);
  if (found == nullptr) return;
  const std::string& uses = s.uses->text;
  if (!found->ok()) {
    std::size_t errors = 0;
    const diagnostic* first = nullptr;
    for (const diagnostic& d : found->diagnostics) {
      if (d.level != severity::error) continue;
      if (first == nullptr) first = &d;
      ++errors;
    }
    diagnostic d = make_warning(codes::model_action_invalid,
                                "The metadata of the local action '" + uses + "' has " +
                                    std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                                    " (run pipewright lint on it): the step fails "
                                    "when it runs",
                                s.uses->span, path + "/uses");
    if (first != nullptr) d.notes.push_back("first: " + first->message);
    out.push_back(std::move(d));
    return;
  }
  const model::action& a = found->action;
  const bool docker = a.runs && a.runs->runtime == model::action_runtime::docker;
  std::vector<std::string> declared;
  for (const model::action_input& in : a.inputs) declared.push_back(in.name.text);
  // A Docker action also takes `entryPoint` and `args` (ActionRunner's valid inputs).
  if (docker) {
    declared.emplace_back("entryPoint");
    declared.emplace_back("args");
  }
  std::string listed;
  for (const std::string& n : declared) listed += (listed.empty() ? "" : ", ") + n;
  for (const model::named_value& w : s.with.entries) {
    if (semantics::contains_expression(w.name.text)) continue;
    std::string at = path + "/with/";
    append_pointer_token(at, w.name.text);
    if (const model::action_input* in = a.find_input(w.name.text)) {
      if (in->deprecation_message) {
        out.push_back(make_warning(codes::model_action_input_deprecated,
                                   "Input '" + w.name.text + "' of the local action '" + uses +
                                       "' is deprecated: " + *in->deprecation_message,
                                   w.name.span, at));
      }
      continue;
    }
    if (docker && (pipewright::detail::iequals(w.name.text, "entryPoint") ||
                   pipewright::detail::iequals(w.name.text, "args"))) {
      continue;
    }
    std::string message = "Input '" + w.name.text + "' is not declared by the local action '" +
                          uses + "': the runner warns 'Unexpected input(s)' and ignores it";
    const std::string nearest = pipewright::detail::nearest_name(w.name.text, declared);
    if (!nearest.empty()) message += "; did you mean '" + nearest + "'?";
    diagnostic d =
        make_warning(codes::model_action_input_undefined, std::move(message), w.name.span, at);
    d.notes.push_back("inputs: " + (listed.empty() ? std::string("none") : listed));
    out.push_back(std::move(d));
  }
  if (s.with.expression) return;  // the whole with: is computed: any input may be in it
  for (const model::action_input& in : a.inputs) {
    if (!in.required || in.default_value || s.with.find(in.name.text) != nullptr) continue;
    out.push_back(make_warning(
        codes::model_action_input_required,
        "Input '" + in.name.text + "' of the local action '" + uses +
            "' is required and has no default, but the step does not give it: the runner does "
            "not enforce 'required', so the input is empty",
        s.uses->span, path + "/uses"));
  }
}

}  // namespace detail

PIPEWRIGHT_DECL std::vector<diagnostic> action_steps(const std::vector<model::step>& steps,
                                                     const std::string& path,
                                                     const model::action_lookup& lookup) {
  std::vector<diagnostic> out;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    detail::check_action_step(steps[k], path + "/" + std::to_string(k), lookup, out);
  }
  return out;
}

PIPEWRIGHT_DECL std::vector<diagnostic> action_steps(const model::workflow& w,
                                                     const model::action_lookup& lookup) {
  std::vector<diagnostic> out;
  if (!lookup) return out;
  for (const model::job& j : w.jobs) {
    std::string path = "/jobs/";
    append_pointer_token(path, j.id);
    for (diagnostic& d : action_steps(j.steps, path + "/steps", lookup))
      out.push_back(std::move(d));
  }
  return out;
}

}  // namespace check
}  // namespace v0
}  // namespace pipewright
