#include "src/cli/validate_command.h"

#include <iterator>

#include "src/cli/cli_args.h"
#include "src/cli/exit_codes.h"
#include "src/cli/report_printer.h"
#include "src/cli/usage.h"
#include "src/cli/validation_runner.h"
#include "src/core/ids.h"

namespace assay::cli {
namespace {

constexpr std::string_view kCommand = "validate";

}  // namespace

int run_validate(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                 std::ostream& err, const Registry& registry) {
  Result<ParsedArgs> parsed =
      parse_args(args, {.with_value = {"--kind", "--dialect", "--path", "--server", "--format"},
                        .switches = {"--help"}});
  if (!parsed) return report_usage_error(err, kCommand, parsed.status().message());
  if (parsed->has("--help")) {
    out << command_usage(kCommand) << "\n";
    return kExitClean;
  }
  Result<OutputFormat> format = format_from_flag(parsed->value("--format"), OutputFormat::kJson);
  if (!format) return report_usage_error(err, kCommand, format.status().message());
  const std::optional<std::string> kind = parsed->value("--kind");
  if (!kind || kind->empty()) return report_usage_error(err, kCommand, "--kind is required");
  if (parsed->operands() != std::vector<std::string>{"-"}) {
    return report_usage_error(err, kCommand, "give '-' to read the artefact from stdin");
  }
  const std::string path = parsed->value("--path").value_or(kStdinPath);
  if (path.empty()) return report_usage_error(err, kCommand, "--path must not be empty");

  ValidationRequest request;
  request.kind = *kind;
  request.dialect = parsed->value("--dialect").value_or("");
  request.files.push_back(ArtefactFile{path, std::string(std::istreambuf_iterator<char>(in), {})});

  Result<ValidationResult> result =
      validate_request(request, registry, parsed->value("--server").value_or(""));
  if (!result) {
    if (*format == OutputFormat::kJson) {
      print_error_body(out, result.status(), new_id());
    } else {
      print_request_error(err, result.status());
    }
    return kExitNotJudged;
  }
  const std::vector<ValidationResult> results = {std::move(result).value()};
  print_report(results, request.files.size(), *format, JsonLayout::kSingleResult, out);
  return exit_code_for(results);
}

}  // namespace assay::cli
