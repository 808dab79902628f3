// The kind of an SQL statement as people name it ("SELECT", "INSERT", "CREATE TABLE",
// "EXPLAIN ANALYZE", "BEGIN", ...), from a statement node of libpg_query's JSON parse tree.
// These names are the vocabulary of SqlSafetyPolicy::allowed_statements. Pure, thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace assay::sql {

// `node_type` is the node's key in the tree ("InsertStmt"), `node` its value. Node types
// without a name of their own are named from their type: "CreateSeqStmt" → "CREATE SEQ".
std::string statement_kind(std::string_view node_type, const nlohmann::json& node);

}  // namespace assay::sql
