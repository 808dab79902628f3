#include "validators/sql/sql_safety.h"

#include <pg_query.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <utility>

#include "validators/sql/forbidden_functions.h"
#include "validators/sql/large_stack.h"
#include "validators/sql/statement_kind.h"

namespace assay::sql {
namespace {

using nlohmann::json;

// Owns a PgQueryParseResult for the length of a scope.
struct ParseResult {
  explicit ParseResult(PgQueryParseResult r) : result(r) {}
  ~ParseResult() { pg_query_free_parse_result(result); }
  ParseResult(const ParseResult&) = delete;
  ParseResult& operator=(const ParseResult&) = delete;
  PgQueryParseResult result;
};

// stmt_location includes the whitespace and comments after the previous ';': skip them so a
// finding points at the statement's first word.
size_t first_token_offset(std::string_view sql, size_t at) {
  while (at < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[at]))) {
      ++at;
    } else if (sql.compare(at, 2, "--") == 0) {
      const size_t eol = sql.find('\n', at);
      at = eol == std::string_view::npos ? sql.size() : eol + 1;
    } else if (sql.compare(at, 2, "/*") == 0) {
      int depth = 0;  // PostgreSQL block comments nest
      while (at < sql.size()) {
        if (sql.compare(at, 2, "/*") == 0) {
          ++depth;
          at += 2;
        } else if (sql.compare(at, 2, "*/") == 0) {
          at += 2;
          if (--depth == 0) break;
        } else {
          ++at;
        }
      }
    } else {
      break;
    }
  }
  return at;
}

size_t location_of(const json& node, size_t fallback) {
  const auto it = node.find("location");
  if (it != node.end() && it->is_number_integer() && it->get<long long>() >= 0) {
    return static_cast<size_t>(it->get<long long>());
  }
  return fallback;
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string locking_name(const json& clauses) {
  if (clauses.is_array() && !clauses.empty()) {
    const std::string strength = clauses[0].value(json::json_pointer("/LockingClause/strength"), "");
    if (strength == "LCS_FORNOKEYUPDATE") return "FOR NO KEY UPDATE";
    if (strength == "LCS_FORSHARE") return "FOR SHARE";
    if (strength == "LCS_FORKEYSHARE") return "FOR KEY SHARE";
  }
  return "FOR UPDATE";
}

// Node types are capitalised ("DeleteStmt"); fields are not ("selectStmt" holds a node).
bool is_statement_node(const std::string& key) {
  return key.size() > 4 && std::isupper(static_cast<unsigned char>(key[0])) &&
         key.compare(key.size() - 4, 4, "Stmt") == 0;
}

class SafetyChecker {
 public:
  SafetyChecker(std::string_view sql, const SqlSafetyPolicy& policy)
      : sql_(sql), policy_(policy), allowed_(describe_allowed(policy)) {}

  std::vector<SafetyFinding> check(const json& statements) {
    if (statements.size() > policy_.max_statements) {
      const json& extra = statements[policy_.max_statements];
      report(std::to_string(statements.size()) +
                 " statements in one file are not allowed: this environment allows " + allowed_,
             statement_offset(extra));
    }
    for (const json& statement : statements) {
      const auto stmt = statement.find("stmt");
      if (stmt == statement.end() || !stmt->is_object() || stmt->empty()) continue;
      const auto node = stmt->begin();
      const size_t offset = statement_offset(statement);
      const std::string kind = statement_kind(node.key(), node.value());
      if (!allows(kind)) {
        // The statement is refused as a whole; what it contains adds nothing.
        report(kind + " is not allowed: this environment allows " + allowed_, offset);
        continue;
      }
      walk(node.value(), offset);
    }
    std::stable_sort(findings_.begin(), findings_.end(),
                     [](const SafetyFinding& a, const SafetyFinding& b) {
                       return a.byte_offset < b.byte_offset;
                     });
    if (findings_.size() > kMaxSafetyFindingsPerFile) findings_.resize(kMaxSafetyFindingsPerFile);
    return std::move(findings_);
  }

 private:
  size_t statement_offset(const json& statement) const {
    return first_token_offset(sql_, location_of_key(statement, "stmt_location"));
  }

  static size_t location_of_key(const json& node, const char* key) {
    const auto it = node.find(key);
    return it != node.end() && it->is_number_integer() && it->get<long long>() > 0
               ? static_cast<size_t>(it->get<long long>())
               : 0;
  }

  bool allows(const std::string& kind) const {
    return std::any_of(policy_.allowed_statements.begin(), policy_.allowed_statements.end(),
                       [&](const std::string& allowed) { return upper(allowed) == kind; });
  }

  void report(std::string message, size_t offset) {
    findings_.push_back(SafetyFinding{std::move(message), offset});
  }

  // Every node under the statement, iteratively (parse trees can be deep). Nodes without a
  // location of their own are placed at the nearest enclosing node that has one.
  void walk(const json& root, size_t root_offset) {
    std::vector<std::pair<const json*, size_t>> pending{{&root, root_offset}};
    while (!pending.empty()) {
      const auto [node, inherited] = pending.back();
      pending.pop_back();
      if (node->is_array()) {
        for (const json& item : *node) pending.emplace_back(&item, inherited);
        continue;
      }
      if (!node->is_object()) continue;
      const size_t here = location_of(*node, inherited);
      for (auto it = node->begin(); it != node->end(); ++it) {
        inspect(it.key(), it.value(), here);
        if (it->is_structured()) pending.emplace_back(&it.value(), here);
      }
    }
  }

  void inspect(const std::string& key, const json& value, size_t here) {
    if (key == "FuncCall") {
      check_function(value, here);
    } else if (key == "intoClause") {
      report("SELECT INTO is not allowed: it creates a table; this environment allows " + allowed_,
             location_of(value.value("rel", json::object()), here));
    } else if (key == "lockingClause") {
      report("SELECT ... " + locking_name(value) +
                 " is not allowed: it locks rows; this environment allows " + allowed_,
             here);
    } else if (is_statement_node(key) && key != "SelectStmt") {
      // A data-modifying WITH, or whatever else a statement may hold.
      report(statement_kind(key, value) +
                 " inside a query is not allowed: this environment allows " + allowed_,
             here);
    }
  }

  void check_function(const json& call, size_t here) {
    const auto names = call.find("funcname");
    if (names == call.end() || !names->is_array() || names->empty()) return;
    std::string written;  // as qualified in the text
    for (const json& part : *names) {
      if (!written.empty()) written += '.';
      written += part.value(json::json_pointer("/String/sval"), "");
    }
    const std::string name = names->back().value(json::json_pointer("/String/sval"), "");
    const size_t at = location_of(call, here);
    if (const ForbiddenFunction* entry = find_forbidden_function(name)) {
      report("function " + written + " is not allowed: " + std::string(entry->reason), at);
      return;
    }
    for (const std::string& pattern : policy_.extra_forbidden_functions) {
      if (function_name_matches(pattern, name)) {
        report("function " + written + " is not allowed: this environment forbids it", at);
        return;
      }
    }
  }

  std::string_view sql_;
  const SqlSafetyPolicy& policy_;
  std::string allowed_;
  std::vector<SafetyFinding> findings_;
};

}  // namespace

SafetyCheck check_sql_safety(std::string_view sql, const SqlSafetyPolicy& policy) {
  SafetyCheck check;
  if (sql.size() > kMaxSafetyCheckedBytes) {
    // Unchecked SQL must not pass as safe.
    check.parsed = true;
    check.findings.push_back(SafetyFinding{
        "the file is too large for the safety check (" + std::to_string(sql.size()) +
            " bytes, at most " + std::to_string(kMaxSafetyCheckedBytes) + ")",
        0});
    return check;
  }
  // At most one tree level per 2 bytes of text, ~128 bytes of stack per level, doubled.
  const size_t stack_bytes = (size_t{16} << 20) + sql.size() * 128;
  json tree;
  const bool ran = run_with_stack(stack_bytes, [&] {
    const std::string text(sql);
    ParseResult parse(pg_query_parse(text.c_str()));
    if (parse.result.error != nullptr || parse.result.parse_tree == nullptr) return;
    tree = json::parse(parse.result.parse_tree, nullptr, /*allow_exceptions=*/false);
  });
  if (!ran) {
    check.parsed = true;
    check.findings.push_back(SafetyFinding{"the safety check could not start a parser thread", 0});
    return check;
  }
  if (!tree.is_object()) return check;  // not parsed (null) or discarded
  check.parsed = true;
  const auto statements = tree.find("stmts");
  if (statements == tree.end() || !statements->is_array()) return check;
  check.findings = SafetyChecker(sql, policy).check(*statements);
  return check;
}

}  // namespace assay::sql
