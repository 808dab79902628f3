#include "validators/sql/statement_kind.h"

#include <cctype>
#include <nlohmann/json.hpp>

namespace assay::sql {
namespace {

struct NamedNode {
  std::string_view node_type;
  std::string_view kind;
};

constexpr NamedNode kNamedNodes[] = {
    {"SelectStmt", "SELECT"},
    {"InsertStmt", "INSERT"},
    {"UpdateStmt", "UPDATE"},
    {"DeleteStmt", "DELETE"},
    {"MergeStmt", "MERGE"},
    {"CopyStmt", "COPY"},
    {"TruncateStmt", "TRUNCATE"},
    {"CreateStmt", "CREATE TABLE"},
    {"ViewStmt", "CREATE VIEW"},
    {"IndexStmt", "CREATE INDEX"},
    {"CreateFunctionStmt", "CREATE FUNCTION"},
    {"CreateSchemaStmt", "CREATE SCHEMA"},
    {"CreateRoleStmt", "CREATE ROLE"},
    {"CreateExtensionStmt", "CREATE EXTENSION"},
    {"CreateTrigStmt", "CREATE TRIGGER"},
    {"CreateSeqStmt", "CREATE SEQUENCE"},
    {"AlterTableStmt", "ALTER TABLE"},
    {"RenameStmt", "ALTER ... RENAME"},
    {"DropStmt", "DROP"},
    {"DropRoleStmt", "DROP ROLE"},
    {"VariableShowStmt", "SHOW"},
    {"GrantRoleStmt", "GRANT ROLE"},
    {"DoStmt", "DO"},
    {"CallStmt", "CALL"},
    {"ListenStmt", "LISTEN"},
    {"UnlistenStmt", "UNLISTEN"},
    {"NotifyStmt", "NOTIFY"},
    {"LockStmt", "LOCK"},
    {"PrepareStmt", "PREPARE"},
    {"ExecuteStmt", "EXECUTE"},
    {"DeallocateStmt", "DEALLOCATE"},
    {"DeclareCursorStmt", "DECLARE CURSOR"},
    {"FetchStmt", "FETCH"},
    {"ClosePortalStmt", "CLOSE"},
    {"CheckPointStmt", "CHECKPOINT"},
    {"DiscardStmt", "DISCARD"},
    {"LoadStmt", "LOAD"},
    {"ClusterStmt", "CLUSTER"},
    {"ReindexStmt", "REINDEX"},
    {"RefreshMatViewStmt", "REFRESH MATERIALIZED VIEW"},
    {"CommentStmt", "COMMENT"},
};

std::string string_field(const nlohmann::json& node, const char* key) {
  const auto it = node.find(key);
  return it != node.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool bool_field(const nlohmann::json& node, const char* key) {
  const auto it = node.find(key);
  return it != node.end() && it->is_boolean() && it->get<bool>();
}

// "TRANS_STMT_BEGIN" → "BEGIN", "TRANS_STMT_ROLLBACK_TO" → "ROLLBACK TO".
std::string transaction_kind(const nlohmann::json& node) {
  std::string kind = string_field(node, "kind");
  constexpr std::string_view kPrefix = "TRANS_STMT_";
  if (kind.rfind(kPrefix, 0) == 0) kind.erase(0, kPrefix.size());
  for (char& c : kind) {
    if (c == '_') c = ' ';
  }
  if (kind == "START") return "START TRANSACTION";
  return kind.empty() ? "transaction control" : kind;
}

bool explain_analyzes(const nlohmann::json& node) {
  const auto options = node.find("options");
  if (options == node.end() || !options->is_array()) return false;
  for (const nlohmann::json& option : *options) {
    const auto def = option.find("DefElem");
    // Any ANALYZE option counts, even "ANALYZE false": a policy need not trust its value.
    if (def != option.end() && string_field(*def, "defname") == "analyze") return true;
  }
  return false;
}

// "CreateSeqStmt" → "CREATE SEQ".
std::string kind_from_type(std::string_view node_type) {
  if (node_type.size() > 4 && node_type.substr(node_type.size() - 4) == "Stmt") {
    node_type.remove_suffix(4);
  }
  std::string kind;
  for (size_t i = 0; i < node_type.size(); ++i) {
    const auto c = static_cast<unsigned char>(node_type[i]);
    if (i > 0 && std::isupper(c) && std::islower(static_cast<unsigned char>(node_type[i - 1]))) {
      kind += ' ';
    }
    kind += static_cast<char>(std::toupper(c));
  }
  return kind;
}

}  // namespace

std::string statement_kind(std::string_view node_type, const nlohmann::json& node) {
  if (node_type == "TransactionStmt") return transaction_kind(node);
  if (node_type == "VariableSetStmt") {
    return string_field(node, "kind") == "VAR_RESET" || string_field(node, "kind") == "VAR_RESET_ALL"
               ? "RESET"
               : "SET";
  }
  if (node_type == "GrantStmt") return bool_field(node, "is_grant") ? "GRANT" : "REVOKE";
  if (node_type == "ExplainStmt") return explain_analyzes(node) ? "EXPLAIN ANALYZE" : "EXPLAIN";
  if (node_type == "VacuumStmt") return bool_field(node, "is_vacuumcmd") ? "VACUUM" : "ANALYZE";
  if (node_type == "CreateTableAsStmt") {
    return string_field(node, "objtype") == "OBJECT_MATVIEW" ? "CREATE MATERIALIZED VIEW"
                                                             : "CREATE TABLE AS";
  }
  for (const NamedNode& named : kNamedNodes) {
    if (named.node_type == node_type) return std::string(named.kind);
  }
  return kind_from_type(node_type);
}

}  // namespace assay::sql
