#include "src/core/error_codes.h"

namespace assay {
namespace {

constexpr ErrorCodeInfo kErrorCodes[] = {
    // Requests
    {"request_invalid", "The request is malformed or a field is missing or wrong."},
    {"request_too_large", "The request body is larger than the service accepts."},
    {"kind_unknown", "No validator handles the requested kind."},
    {"environment_unknown", "The named virtual test environment is not installed."},
    {"method_not_allowed", "The HTTP method is not allowed on this path."},
    {"not_found", "No endpoint at this path."},
    {"request_timeout", "The client did not send the request in time."},
    {"internal_error", "assay failed internally; the artefact was not judged."},
    {"config_invalid", "The service's configuration file is wrong."},
    {"policy_invalid", "A sandbox policy file (seccomp profile or limits) is wrong."},
    {"sandbox_setup_error", "The host refused a step of the sandbox's isolation; nothing ran."},
    {"sandbox_exec_error", "The command could not be executed inside the sandbox."},
    {"usage_error", "The command line is wrong."},
    {"file_unreadable", "A file named on the command line cannot be read."},
    {"server_unreachable", "The assayd named by --server cannot be reached."},
    {"response_invalid", "The assayd named by --server answered something that is not a result."},
    {"expect_not_checked", "The request's expectations could not be checked by this validator."},
    // SQL
    {"sql_syntax_error", "The SQL does not parse in the requested dialect."},
    {"sql_encoding_error", "The SQL file is not valid UTF-8 text."},
    {"sql_undefined_table", "The SQL names a table the environment does not have."},
    {"sql_undefined_column", "The SQL names a column the environment does not have."},
    {"sql_result_mismatch", "The query's result differs from the expected rows."},
    {"sql_forbidden_statement",
     "The SQL does what its environment does not allow: a statement other than one SELECT, a "
     "data-modifying WITH, SELECT INTO, FOR UPDATE, or a forbidden function such as pg_sleep."},
    // Rego (OPA's own codes)
    {"rego_parse_error", "The Rego policy does not parse."},
    {"rego_compile_error", "The Rego policy is refused by OPA's compiler."},
    {"rego_unsafe_var_error", "A variable of the Rego policy is not bound by the rule body."},
    {"rego_recursion_error", "Rules of the Rego policy depend on themselves."},
    {"rego_type_error", "The Rego policy calls an unknown function or uses a value of the wrong type."},
    // Sandbox
    {"sandbox_timeout", "The run exceeded its wall-clock time limit."},
    {"sandbox_memory_limit", "The run exceeded its memory limit."},
    {"sandbox_syscall_denied", "The run made a system call its profile forbids."},
    {"sandbox_output_limit", "The run wrote more output than allowed."},
    {"sandbox_crashed", "The run ended with a signal."},
};

}  // namespace

std::string_view describe_error_code(std::string_view code) {
  for (const ErrorCodeInfo& info : kErrorCodes) {
    if (info.code == code) return info.description;
  }
  return {};
}

}  // namespace assay
