// The help text of the `assay` program, written once: a table of commands with their synopsis
// and a one-line summary, from which the full help and each command's usage line are made.
// Pure functions, thread-safe.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace assay::cli {

// The whole help: every command, the exit codes.
std::string program_usage();

// "usage: assay check [--format text|json|sarif] ... FILE..."; the program's usage line for a
// command that is not in the table.
std::string command_usage(std::string_view command);

// Prints "assay COMMAND: MESSAGE" and the command's usage line on `err`; returns the usage exit
// code (2), so a command can end with `return report_usage_error(...)`.
int report_usage_error(std::ostream& err, std::string_view command, std::string_view message);

}  // namespace assay::cli
