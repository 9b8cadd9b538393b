/// @file diagnostic_codes.hpp
/// Every diagnostic code pipewright emits, with its name and a one-line summary.
///
/// Codes are stable: a code keeps its meaning forever. Ranges: PW00xx tool and I/O,
/// PW01xx JSON and values, PW02xx expressions, PW03xx YAML, PW04xx workflow model,
/// PW05xx triggers, PW06xx matrices, PW07xx graph and scheduling, PW08xx compile-time
/// pipelines, PW09xx lint checks (security, the repository's configuration). docs/errors.md
/// documents each one; a test checks that the two lists agree.
#pragma once

#include <string_view>

#include "pipewright/config.hpp"

namespace pipewright {
inline namespace v0 {
namespace codes {

/// One registered code.
struct code_info {
  std::string_view code;
  std::string_view name;
  std::string_view summary;
};

// PW00xx: tool and I/O
inline constexpr std::string_view io_read_failed = "PW0001";
inline constexpr std::string_view io_input_too_large = "PW0002";
inline constexpr std::string_view jsonl_bad_line = "PW0003";
inline constexpr std::string_view lint_unused_suppression = "PW0004";
inline constexpr std::string_view config_invalid = "PW0005";
// PW0006 (lint_not_a_workflow) is retired, never to be reused: lint checks action metadata.

// PW01xx: JSON reader
inline constexpr std::string_view json_unexpected_character = "PW0101";
inline constexpr std::string_view json_unexpected_end = "PW0102";
inline constexpr std::string_view json_invalid_string = "PW0103";
inline constexpr std::string_view json_invalid_escape = "PW0104";
inline constexpr std::string_view json_invalid_number = "PW0105";
inline constexpr std::string_view json_invalid_utf8 = "PW0106";
inline constexpr std::string_view json_depth_limit = "PW0107";
inline constexpr std::string_view json_size_limit = "PW0108";
inline constexpr std::string_view json_trailing_content = "PW0109";
inline constexpr std::string_view json_empty_input = "PW0110";

// PW02xx: expressions
inline constexpr std::string_view expr_unexpected_symbol = "PW0201";
inline constexpr std::string_view expr_unexpected_end = "PW0202";
inline constexpr std::string_view expr_unrecognized_named_value = "PW0203";
inline constexpr std::string_view expr_unrecognized_function = "PW0204";
inline constexpr std::string_view expr_too_few_parameters = "PW0205";
inline constexpr std::string_view expr_too_many_parameters = "PW0206";
inline constexpr std::string_view expr_even_parameters = "PW0207";
inline constexpr std::string_view expr_max_depth = "PW0208";
inline constexpr std::string_view expr_max_length = "PW0209";
inline constexpr std::string_view expr_invalid_format = "PW0210";
inline constexpr std::string_view expr_format_argument_missing = "PW0211";
inline constexpr std::string_view expr_format_specifier = "PW0212";
inline constexpr std::string_view expr_invalid_json = "PW0213";
inline constexpr std::string_view expr_case_predicate = "PW0214";
inline constexpr std::string_view expr_hash_files_failed = "PW0215";
inline constexpr std::string_view expr_function_failed = "PW0216";
inline constexpr std::string_view expr_template_not_closed = "PW0217";
inline constexpr std::string_view expr_template_empty = "PW0218";
inline constexpr std::string_view expr_memory_limit = "PW0219";
inline constexpr std::string_view expr_hash_files_timeout = "PW0220";
inline constexpr std::string_view expr_function_set_mismatch = "PW0221";

// PW03xx: YAML adapter
inline constexpr std::string_view yaml_syntax = "PW0301";
inline constexpr std::string_view yaml_duplicate_key = "PW0302";
inline constexpr std::string_view yaml_multiple_documents = "PW0303";
inline constexpr std::string_view yaml_unsupported_tag = "PW0304";
inline constexpr std::string_view yaml_merge_key = "PW0305";
inline constexpr std::string_view yaml_invalid_tagged_scalar = "PW0306";
inline constexpr std::string_view yaml_alias_limit = "PW0307";
inline constexpr std::string_view yaml_depth_limit = "PW0308";
inline constexpr std::string_view yaml_size_limit = "PW0309";
inline constexpr std::string_view yaml_complex_key = "PW0310";
inline constexpr std::string_view yaml_unknown_anchor = "PW0311";
inline constexpr std::string_view yaml_node_limit = "PW0312";

// PW04xx: workflow model
inline constexpr std::string_view model_unexpected_value = "PW0401";
inline constexpr std::string_view model_unexpected_type = "PW0402";
inline constexpr std::string_view model_required_property = "PW0403";
inline constexpr std::string_view model_ambiguous_mapping = "PW0404";
inline constexpr std::string_view model_expression_not_allowed = "PW0405";
inline constexpr std::string_view model_invalid_id = "PW0406";
inline constexpr std::string_view model_duplicate_id = "PW0407";
inline constexpr std::string_view model_invalid_cron = "PW0408";
inline constexpr std::string_view model_filter_conflict = "PW0409";
inline constexpr std::string_view model_invalid_uses = "PW0410";
inline constexpr std::string_view model_invalid_runs_on_group = "PW0411";
inline constexpr std::string_view model_depth_limit = "PW0412";
inline constexpr std::string_view model_job_limit = "PW0413";
inline constexpr std::string_view model_invalid_permission = "PW0414";
inline constexpr std::string_view model_not_a_workflow = "PW0415";
inline constexpr std::string_view model_call_input_required = "PW0416";
inline constexpr std::string_view model_call_input_undefined = "PW0417";
inline constexpr std::string_view model_call_input_type = "PW0418";
inline constexpr std::string_view model_call_secret_required = "PW0419";
inline constexpr std::string_view model_call_secret_undefined = "PW0420";
inline constexpr std::string_view model_call_depth_limit = "PW0421";
inline constexpr std::string_view model_call_permissions = "PW0422";
inline constexpr std::string_view model_called_workflow_invalid = "PW0423";
inline constexpr std::string_view model_call_unresolved = "PW0424";
inline constexpr std::string_view model_call_limit = "PW0425";
inline constexpr std::string_view model_invalid_workflow_uses = "PW0426";
inline constexpr std::string_view model_invalid_env_name = "PW0427";
inline constexpr std::string_view model_unknown_shell = "PW0428";
inline constexpr std::string_view model_action_using = "PW0429";
inline constexpr std::string_view model_action_runs_incomplete = "PW0430";
inline constexpr std::string_view model_action_input_undefined = "PW0431";
inline constexpr std::string_view model_action_input_required = "PW0432";
inline constexpr std::string_view model_action_invalid = "PW0433";
inline constexpr std::string_view model_action_input_deprecated = "PW0434";

// PW05xx: triggers
inline constexpr std::string_view trigger_on_invalid = "PW0501";
inline constexpr std::string_view trigger_unknown_event = "PW0502";
inline constexpr std::string_view trigger_unknown_activity_type = "PW0503";
inline constexpr std::string_view trigger_unexpected_key = "PW0504";
inline constexpr std::string_view trigger_invalid_value = "PW0505";
inline constexpr std::string_view trigger_conflicting_filters = "PW0506";
inline constexpr std::string_view trigger_invalid_pattern = "PW0507";
inline constexpr std::string_view trigger_negation_only = "PW0508";
inline constexpr std::string_view trigger_invalid_input_definition = "PW0509";
inline constexpr std::string_view trigger_too_many_inputs = "PW0510";
inline constexpr std::string_view trigger_invalid_cron = "PW0511";
inline constexpr std::string_view trigger_schedule_too_frequent = "PW0512";
inline constexpr std::string_view trigger_input_required = "PW0513";
inline constexpr std::string_view trigger_input_unexpected = "PW0514";
inline constexpr std::string_view trigger_input_invalid_value = "PW0515";
inline constexpr std::string_view trigger_input_too_large = "PW0516";
inline constexpr std::string_view trigger_invalid_event = "PW0517";
inline constexpr std::string_view trigger_unknown_timezone = "PW0518";

// PW06xx: matrices
inline constexpr std::string_view matrix_not_mapping = "PW0601";
inline constexpr std::string_view matrix_vector_not_sequence = "PW0602";
inline constexpr std::string_view matrix_empty_vector = "PW0603";
inline constexpr std::string_view matrix_no_vector = "PW0604";
inline constexpr std::string_view matrix_include_invalid = "PW0605";
inline constexpr std::string_view matrix_include_empty = "PW0606";
inline constexpr std::string_view matrix_exclude_invalid = "PW0607";
inline constexpr std::string_view matrix_exclude_empty = "PW0608";
inline constexpr std::string_view matrix_exclude_unknown_key = "PW0609";
inline constexpr std::string_view matrix_too_many_legs = "PW0610";
inline constexpr std::string_view matrix_too_large = "PW0611";
inline constexpr std::string_view matrix_unknown_name = "PW0612";

// PW07xx: job graph and scheduling
inline constexpr std::string_view graph_unknown_job = "PW0701";
inline constexpr std::string_view graph_cycle = "PW0702";
inline constexpr std::string_view graph_no_start_job = "PW0703";
inline constexpr std::string_view graph_duplicate_job = "PW0704";
inline constexpr std::string_view graph_needs_limit = "PW0705";
inline constexpr std::string_view schedule_step_timeout = "PW0706";
inline constexpr std::string_view schedule_call_not_found = "PW0707";
inline constexpr std::string_view schedule_call_not_expanded = "PW0708";

// PW08xx: limits of compile-time pipelines (their other problems have the runtime's codes;
// PW0801-PW0809, PW0811-PW0813, PW0815 and PW0816 are retired, never to be reused)
inline constexpr std::string_view static_expression_too_large = "PW0810";
inline constexpr std::string_view static_too_many_problems = "PW0814";

// PW09xx: lint checks (security, the repository's configuration)
inline constexpr std::string_view security_untrusted_input = "PW0901";
inline constexpr std::string_view security_untrusted_checkout = "PW0902";
inline constexpr std::string_view security_secret_in_untrusted_job = "PW0903";
inline constexpr std::string_view security_permissions_missing = "PW0904";
inline constexpr std::string_view security_permissions_write_all = "PW0905";
inline constexpr std::string_view security_unpinned_action = "PW0906";
inline constexpr std::string_view security_secrets_inherit = "PW0907";
inline constexpr std::string_view lint_unknown_runner_label = "PW0908";
inline constexpr std::string_view lint_unknown_name = "PW0909";
inline constexpr std::string_view lint_undefined_property = "PW0910";
inline constexpr std::string_view lint_need_not_declared = "PW0911";
inline constexpr std::string_view lint_step_read_before = "PW0912";
inline constexpr std::string_view lint_if_always_true = "PW0913";
inline constexpr std::string_view lint_exclude_matches_nothing = "PW0914";
inline constexpr std::string_view lint_deprecated_command = "PW0915";
inline constexpr std::string_view lint_comparison_never_equal = "PW0916";
inline constexpr std::string_view lint_call_always_fails = "PW0917";

// PW11xx: exporting a plan to Argo Workflows (export/argo.hpp, docs/export.md)
inline constexpr std::string_view argo_not_exportable = "PW1100";
inline constexpr std::string_view argo_task_renamed = "PW1101";
inline constexpr std::string_view argo_concurrency_queue = "PW1102";
inline constexpr std::string_view argo_cancel_in_progress = "PW1103";
inline constexpr std::string_view argo_status_after_stop = "PW1104";
inline constexpr std::string_view argo_runtime_condition = "PW1105";
inline constexpr std::string_view argo_matrix_fail_fast = "PW1106";
inline constexpr std::string_view argo_matrix_outputs = "PW1107";
inline constexpr std::string_view argo_runtime_matrix = "PW1108";
inline constexpr std::string_view argo_action_step = "PW1109";
inline constexpr std::string_view argo_github_token = "PW1110";
inline constexpr std::string_view argo_unmapped_runner = "PW1111";
inline constexpr std::string_view argo_service_ports = "PW1112";
inline constexpr std::string_view argo_service_options = "PW1113";
inline constexpr std::string_view argo_environment = "PW1114";
inline constexpr std::string_view argo_too_many_tasks = "PW1115";
inline constexpr std::string_view argo_timeout_default = "PW1116";
inline constexpr std::string_view argo_reusable_call = "PW1117";
inline constexpr std::string_view argo_unknown_value = "PW1118";

// PW12xx: a repository's rules: branch protections, rulesets, required checks
// (repository/protection.hpp, docs/repository.md)
inline constexpr std::string_view repository_protection_invalid = "PW1201";
inline constexpr std::string_view repository_ref_pattern = "PW1202";
inline constexpr std::string_view repository_no_required_checks = "PW1203";

/// Every code, in order.
inline constexpr code_info all[] = {
    {io_read_failed, "io_read_failed", "a file could not be read"},
    {io_input_too_large, "io_input_too_large", "an input file is larger than the limit"},
    {jsonl_bad_line, "jsonl_bad_line", "a JSON Lines input line is not a JSON object"},
    {lint_unused_suppression, "lint_unused_suppression",
     "a pipewright: ignore[...] comment silences nothing"},
    {config_invalid, "config_invalid", "the configuration file (.github/pipewright.yaml) is wrong"},
    {json_unexpected_character, "json_unexpected_character",
     "a character that cannot start or continue a JSON value here"},
    {json_unexpected_end, "json_unexpected_end", "the JSON text ends inside a value"},
    {json_invalid_string, "json_invalid_string",
     "a string holds a raw control character or is not terminated"},
    {json_invalid_escape, "json_invalid_escape", "an invalid escape sequence in a string"},
    {json_invalid_number, "json_invalid_number", "a number that does not follow JSON's grammar"},
    {json_invalid_utf8, "json_invalid_utf8", "the JSON text is not valid UTF-8"},
    {json_depth_limit, "json_depth_limit", "arrays and objects nest deeper than the limit"},
    {json_size_limit, "json_size_limit", "the JSON text is larger than the limit"},
    {json_trailing_content, "json_trailing_content", "text follows the JSON value"},
    {json_empty_input, "json_empty_input", "the JSON text is empty or only whitespace"},
    {expr_unexpected_symbol, "expr_unexpected_symbol",
     "an expression holds a character or token that cannot appear there"},
    {expr_unexpected_end, "expr_unexpected_end", "an expression ends too early"},
    {expr_unrecognized_named_value, "expr_unrecognized_named_value",
     "an expression names a context that is not available here"},
    {expr_unrecognized_function, "expr_unrecognized_function",
     "an expression calls a function that is not available here"},
    {expr_too_few_parameters, "expr_too_few_parameters", "a function call has too few arguments"},
    {expr_too_many_parameters, "expr_too_many_parameters",
     "a function call has too many arguments"},
    {expr_even_parameters, "expr_even_parameters", "case() has an even number of arguments"},
    {expr_max_depth, "expr_max_depth", "an expression nests deeper than 50 levels"},
    {expr_max_length, "expr_max_length", "an expression is longer than 21,000 characters"},
    {expr_invalid_format, "expr_invalid_format", "a format() string is invalid"},
    {expr_format_argument_missing, "expr_format_argument_missing",
     "a format() string references more arguments than were supplied"},
    {expr_format_specifier, "expr_format_specifier",
     "a format() placeholder has a format specifier"},
    {expr_invalid_json, "expr_invalid_json", "fromJSON() was given text that is not JSON"},
    {expr_case_predicate, "expr_case_predicate", "a case() predicate is not a Boolean"},
    {expr_hash_files_failed, "expr_hash_files_failed", "hashFiles() could not hash the files"},
    {expr_function_failed, "expr_function_failed", "a user-supplied function reported an error"},
    {expr_template_not_closed, "expr_template_not_closed", "a ${{ has no closing }}"},
    {expr_template_empty, "expr_template_empty", "a ${{ }} holds no expression"},
    {expr_memory_limit, "expr_memory_limit",
     "evaluating an expression needs more memory than the limit (1 MiB)"},
    {expr_hash_files_timeout, "expr_hash_files_timeout",
     "hashFiles() took longer than its time limit (120 s, as GitHub)"},
    {expr_function_set_mismatch, "expr_function_set_mismatch",
     "a function set's functions() differ from its compile-time signatures"},
    {yaml_syntax, "yaml_syntax", "the text is not valid YAML"},
    {yaml_duplicate_key, "yaml_duplicate_key", "a mapping defines the same key twice"},
    {yaml_multiple_documents, "yaml_multiple_documents",
     "the file holds more than one YAML document"},
    {yaml_unsupported_tag, "yaml_unsupported_tag", "a YAML tag GitHub Actions does not support"},
    {yaml_merge_key, "yaml_merge_key", "a YAML merge key ('<<')"},
    {yaml_invalid_tagged_scalar, "yaml_invalid_tagged_scalar",
     "a scalar whose style or text does not fit its explicit tag"},
    {yaml_alias_limit, "yaml_alias_limit", "aliases expand to more nodes than the limit"},
    {yaml_depth_limit, "yaml_depth_limit", "mappings and sequences nest deeper than the limit"},
    {yaml_size_limit, "yaml_size_limit", "the YAML text is larger than the limit"},
    {yaml_complex_key, "yaml_complex_key", "a mapping key that is not a scalar"},
    {yaml_unknown_anchor, "yaml_unknown_anchor", "an alias to an anchor that is not defined"},
    {yaml_node_limit, "yaml_node_limit", "the document has more nodes than the limit"},
    {model_unexpected_value, "model_unexpected_value",
     "a key or value the workflow syntax does not allow there"},
    {model_unexpected_type, "model_unexpected_type",
     "a mapping, sequence or expression where another type is expected"},
    {model_required_property, "model_required_property", "a required key is missing"},
    {model_ambiguous_mapping, "model_ambiguous_mapping",
     "a mapping whose keys do not tell which kind of item it is"},
    {model_expression_not_allowed, "model_expression_not_allowed",
     "a ${{ }} expression in a key that takes no expressions"},
    {model_invalid_id, "model_invalid_id", "a job or step id that GitHub does not accept"},
    {model_duplicate_id, "model_duplicate_id", "two steps of a job have the same id"},
    {model_invalid_cron, "model_invalid_cron", "a schedule cron expression is invalid"},
    {model_filter_conflict, "model_filter_conflict",
     "an event uses a filter together with its -ignore form"},
    {model_invalid_uses, "model_invalid_uses", "a step's uses is not a valid action reference"},
    {model_invalid_runs_on_group, "model_invalid_runs_on_group",
     "a runs-on group name has an invalid prefix"},
    {model_depth_limit, "model_depth_limit", "the workflow nests deeper than the limit"},
    {model_job_limit, "model_job_limit", "the workflow has more jobs than the limit"},
    {model_invalid_permission, "model_invalid_permission",
     "a permissions scope or level GitHub does not have"},
    {model_not_a_workflow, "model_not_a_workflow", "the document is not a workflow mapping"},
    {model_call_input_required, "model_call_input_required",
     "a reusable-workflow call does not provide a required input"},
    {model_call_input_undefined, "model_call_input_undefined",
     "a reusable-workflow call passes an input the called workflow does not declare"},
    {model_call_input_type, "model_call_input_type",
     "a reusable-workflow call passes an input value of the wrong type"},
    {model_call_secret_required, "model_call_secret_required",
     "a reusable-workflow call does not pass a required secret"},
    {model_call_secret_undefined, "model_call_secret_undefined",
     "a reusable-workflow call passes a secret the called workflow does not declare"},
    {model_call_depth_limit, "model_call_depth_limit",
     "reusable-workflow calls nest deeper than the limit"},
    {model_call_permissions, "model_call_permissions",
     "a called workflow or job requests more permissions than its caller allows"},
    {model_called_workflow_invalid, "model_called_workflow_invalid",
     "a called workflow has errors or no workflow_call trigger"},
    {model_call_unresolved, "model_call_unresolved", "a called workflow could not be found"},
    {model_call_limit, "model_call_limit", "more called workflows or calls than one check follows"},
    {model_invalid_workflow_uses, "model_invalid_workflow_uses",
     "a job's uses is not a valid reusable-workflow reference"},
    {model_invalid_env_name, "model_invalid_env_name",
     "an environment variable name contains '=' or whitespace"},
    {model_unknown_shell, "model_unknown_shell", "a shell the runner does not know"},
    {model_action_using, "model_action_using",
     "an action's runs.using is missing or names no runtime"},
    {model_action_runs_incomplete, "model_action_runs_incomplete",
     "an action has no runs, or no image, main or steps for its runtime"},
    {model_action_input_undefined, "model_action_input_undefined",
     "a step passes a with: input its local action does not declare"},
    {model_action_input_required, "model_action_input_required",
     "a step does not give a required input (without default) of its local action"},
    {model_action_invalid, "model_action_invalid", "a step's local action has invalid metadata"},
    {model_action_input_deprecated, "model_action_input_deprecated",
     "a step passes an input its local action marks deprecated"},
    {trigger_on_invalid, "trigger_on_invalid",
     "'on' is not an event name, a list of them or a mapping"},
    {trigger_unknown_event, "trigger_unknown_event", "'on' names an event GitHub does not have"},
    {trigger_unknown_activity_type, "trigger_unknown_activity_type",
     "an event's types lists an activity type the event does not have"},
    {trigger_unexpected_key, "trigger_unexpected_key",
     "an event's configuration has a key the event does not accept"},
    {trigger_invalid_value, "trigger_invalid_value",
     "a trigger setting has the wrong shape (for example a filter that is not a list of strings)"},
    {trigger_conflicting_filters, "trigger_conflicting_filters",
     "a filter and its -ignore form are both set for the same event"},
    {trigger_invalid_pattern, "trigger_invalid_pattern", "a filter pattern is not a valid glob"},
    {trigger_negation_only, "trigger_negation_only",
     "a filter list has '!' patterns but no positive pattern"},
    {trigger_invalid_input_definition, "trigger_invalid_input_definition",
     "a workflow_dispatch or workflow_call input is declared wrongly"},
    {trigger_too_many_inputs, "trigger_too_many_inputs",
     "workflow_dispatch declares more than 25 inputs"},
    {trigger_invalid_cron, "trigger_invalid_cron", "a schedule's cron expression is invalid"},
    {trigger_schedule_too_frequent, "trigger_schedule_too_frequent",
     "a schedule asks for runs less than 5 minutes apart"},
    {trigger_input_required, "trigger_input_required",
     "an event does not provide a required input"},
    {trigger_input_unexpected, "trigger_input_unexpected",
     "an event provides an input the workflow does not declare"},
    {trigger_input_invalid_value, "trigger_input_invalid_value",
     "an input's value does not fit its type or options"},
    {trigger_input_too_large, "trigger_input_too_large",
     "workflow_dispatch inputs are larger than 65,535 characters"},
    {trigger_invalid_event, "trigger_invalid_event",
     "an event (built in code or read from a webhook payload) is malformed"},
    {trigger_unknown_timezone, "trigger_unknown_timezone",
     "a schedule's timezone is not in the time-zone database, or its data is not TZif"},
    {matrix_not_mapping, "matrix_not_mapping", "strategy.matrix is not a mapping"},
    {matrix_vector_not_sequence, "matrix_vector_not_sequence",
     "a matrix vector's value is not a sequence"},
    {matrix_empty_vector, "matrix_empty_vector", "a matrix vector has no values"},
    {matrix_no_vector, "matrix_no_vector", "a matrix defines no vector and no include entry"},
    {matrix_include_invalid, "matrix_include_invalid",
     "matrix include is not a sequence of mappings"},
    {matrix_include_empty, "matrix_include_empty", "a matrix include entry is empty"},
    {matrix_exclude_invalid, "matrix_exclude_invalid",
     "matrix exclude is not a sequence of mappings"},
    {matrix_exclude_empty, "matrix_exclude_empty", "a matrix exclude entry is empty"},
    {matrix_exclude_unknown_key, "matrix_exclude_unknown_key",
     "a matrix exclude entry names a key that is not a vector"},
    {matrix_too_many_legs, "matrix_too_many_legs",
     "a matrix expands to more jobs than the limit (256 on GitHub)"},
    {matrix_too_large, "matrix_too_large",
     "a matrix's cross product is larger than the limit policy allows"},
    {matrix_unknown_name, "matrix_unknown_name",
     "an outcome or duration given to the planner names no job, matrix leg or step"},
    {graph_unknown_job, "graph_unknown_job", "a needs entry names a job that does not exist"},
    {graph_cycle, "graph_cycle", "a needs entry closes a cycle in the dependency graph"},
    {graph_no_start_job, "graph_no_start_job", "every job needs another job"},
    {graph_duplicate_job, "graph_duplicate_job", "two jobs have the same id, ignoring case"},
    {graph_needs_limit, "graph_needs_limit", "a job's needs lists more entries than the limit"},
    {schedule_step_timeout, "schedule_step_timeout",
     "a step's timeout-minutes is not a positive number of at most 360"},
    {schedule_call_not_found, "schedule_call_not_found",
     "a job calls a workflow of this repository that does not exist"},
    {schedule_call_not_expanded, "schedule_call_not_expanded",
     "a called workflow could not be read, so its jobs are not planned"},
    {static_expression_too_large, "static_expression_too_large",
     "an expression needs more parse nodes than the compile-time limit"},
    {static_too_many_problems, "static_too_many_problems",
     "validate() found more problems than it keeps"},
    {security_untrusted_input, "security_untrusted_input",
     "untrusted event data is expanded with ${{ }} into a script"},
    {security_untrusted_checkout, "security_untrusted_checkout",
     "a privileged workflow checks out a pull request's code and runs it"},
    {security_secret_in_untrusted_job, "security_secret_in_untrusted_job",
     "a secret is given to a step that runs after a pull request's code was checked out"},
    {security_permissions_missing, "security_permissions_missing",
     "neither the workflow nor the job sets permissions"},
    {security_permissions_write_all, "security_permissions_write_all", "permissions: write-all"},
    {security_unpinned_action, "security_unpinned_action",
     "an action is referenced by a tag or branch rather than a commit SHA"},
    {security_secrets_inherit, "security_secrets_inherit",
     "secrets: inherit into another repository's reusable workflow"},
    {lint_unknown_runner_label, "lint_unknown_runner_label",
     "runs-on names a label that no GitHub-hosted runner and no configured runner has"},
    {lint_unknown_name, "lint_unknown_name",
     "vars.NAME or secrets.NAME reads a name the configuration does not list"},
    {lint_undefined_property, "lint_undefined_property",
     "an expression reads a property that cannot exist (a step, need, matrix key, input or "
     "context property the workflow does not define)"},
    {lint_need_not_declared, "lint_need_not_declared",
     "needs.<id> reads a job that is not in the job's needs:"},
    {lint_step_read_before, "lint_step_read_before",
     "steps.<id> reads a step of the same job before it has run"},
    {lint_if_always_true, "lint_if_always_true",
     "an if: with text outside its ${{ }} is a string, always true"},
    {lint_exclude_matches_nothing, "lint_exclude_matches_nothing",
     "a matrix exclude entry matches no combination"},
    {lint_deprecated_command, "lint_deprecated_command",
     "a run: script uses a deprecated workflow command (::set-output, ::save-state, ::set-env, "
     "::add-path)"},
    {lint_comparison_never_equal, "lint_comparison_never_equal",
     "an == that is always false (or != always true): by type, no value of one side equals the "
     "other"},
    {lint_call_always_fails, "lint_call_always_fails",
     "a fromJSON() or format() call fails whenever it runs, by its literal text alone"},
    {argo_not_exportable, "argo_not_exportable",
     "the plan cannot be exported to Argo (the workflow does not run for the event, or its needs "
     "graph is invalid)"},
    {argo_task_renamed, "argo_task_renamed",
     "a job id breaks Argo's task name rules and is exported under another name"},
    {argo_concurrency_queue, "argo_concurrency_queue",
     "a concurrency group becomes an Argo mutex, which queues every waiting run"},
    {argo_cancel_in_progress, "argo_cancel_in_progress",
     "cancel-in-progress has no Argo equivalent"},
    {argo_status_after_stop, "argo_status_after_stop",
     "an always(), !cancelled() or cancelled() job differs from GitHub once the Argo workflow is "
     "stopped"},
    {argo_runtime_condition, "argo_runtime_condition",
     "an if: that reads values known only at run time is not exported exactly"},
    {argo_matrix_fail_fast, "argo_matrix_fail_fast",
     "matrix fail-fast does not cancel the legs already running on Argo"},
    {argo_matrix_outputs, "argo_matrix_outputs",
     "the outputs of a matrix job come from one chosen leg"},
    {argo_runtime_matrix, "argo_runtime_matrix",
     "a matrix known only at run time is not expanded by the export"},
    {argo_action_step, "argo_action_step", "a step uses an action, which Argo cannot run"},
    {argo_github_token, "argo_github_token", "GITHUB_TOKEN or permissions have no Argo equivalent"},
    {argo_unmapped_runner, "argo_unmapped_runner", "a runs-on label has no node mapping"},
    {argo_service_ports, "argo_service_ports", "a service remaps a port, which a pod cannot"},
    {argo_service_options, "argo_service_options",
     "service options (health checks) are not applied to sidecars"},
    {argo_environment, "argo_environment",
     "deployment environments (protection rules, approvals) are not exported"},
    {argo_too_many_tasks, "argo_too_many_tasks", "more than 200 DAG tasks or templates"},
    {argo_timeout_default, "argo_timeout_default",
     "a timeout-minutes that cannot be evaluated at export is exported as the 360-minute default"},
    {argo_reusable_call, "argo_reusable_call",
     "a job calls a reusable workflow, which the leg runner does not run"},
    {argo_unknown_value, "argo_unknown_value",
     "an if: reads the repository or vars, which the export was not given"},
    {repository_protection_invalid, "repository_protection_invalid",
     "a branch protection or ruleset file has the wrong shape"},
    {repository_ref_pattern, "repository_ref_pattern",
     "a ruleset's ref_name pattern is not supported or matches no branch"},
    {repository_no_required_checks, "repository_no_required_checks",
     "a branch protection or ruleset file requires no status check"},
};

}  // namespace codes
}  // namespace v0
}  // namespace pipewright
