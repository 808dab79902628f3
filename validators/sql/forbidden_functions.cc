#include "validators/sql/forbidden_functions.h"

#include <cctype>

namespace assay::sql {
namespace {

constexpr ForbiddenFunction kForbiddenFunctions[] = {
    // Time
    {"pg_sleep*", "it makes the server sleep (pg_sleep, pg_sleep_for, pg_sleep_until)"},
    // Server files
    {"pg_read_file", "it reads a file of the database server"},
    {"pg_read_binary_file", "it reads a file of the database server"},
    {"pg_ls_*", "it lists a directory of the database server"},
    {"pg_stat_file", "it reads the metadata of a file of the database server"},
    {"pg_file_*", "it writes, renames or deletes a file of the database server (adminpack)"},
    {"pg_logdir_ls", "it lists the server's log directory (adminpack)"},
    {"pg_current_logfile", "it reveals the server's log file"},
    {"pg_show_all_file_settings", "it reads the server's configuration files"},
    {"pg_hba_file_rules", "it reads the server's pg_hba.conf"},
    {"pg_ident_file_mappings", "it reads the server's pg_ident.conf"},
    {"pg_config", "it reveals how the server was built and installed"},
    // Large objects: import and export server files, and write to the database
    {"lo_*", "large-object functions read and write server files and the database"},
    {"loread", "it reads a large object"},
    {"lowrite", "it writes a large object"},
    // Other servers
    {"dblink*", "it connects to another database server"},
    // Settings and server control
    {"set_config", "it changes a setting of the session"},
    {"pg_reload_conf", "it makes the server reload its configuration"},
    {"pg_rotate_logfile", "it makes the server rotate its log file"},
    {"pg_terminate_backend", "it ends another session"},
    {"pg_cancel_backend", "it cancels another session's query"},
    {"pg_log_backend_memory_contexts", "it writes another session's memory use to the log"},
    {"pg_stat_reset*", "it resets the server's statistics"},
    {"pg_stat_get_activity", "it reveals other sessions and their queries"},
    {"pg_get_backend_memory_contexts", "it reveals the server's memory state"},
    {"pg_promote", "it promotes a standby server"},
    {"pg_switch_wal", "it forces a switch of the write-ahead log"},
    {"pg_wal_replay_*", "it pauses or resumes the server's recovery"},
    {"pg_backup_start", "it starts a backup of the server"},
    {"pg_backup_stop", "it stops a backup of the server"},
    {"pg_start_backup", "it starts a backup of the server"},
    {"pg_stop_backup", "it stops a backup of the server"},
    {"pg_create_*", "it creates a restore point or a replication slot"},
    {"pg_drop_replication_slot", "it drops a replication slot"},
    {"pg_replication_origin_*", "it changes the server's replication state"},
    {"pg_logical_slot_*", "it consumes changes from a replication slot"},
    {"pg_logical_emit_message", "it writes to the write-ahead log"},
    {"pg_import_system_collations", "it adds collations to the catalogue"},
    {"pg_export_snapshot", "it exports a snapshot to other sessions"},
    {"pg_notify", "it sends a notification to other sessions"},
    // Locks and transaction ids
    {"pg_advisory_*", "it takes or releases an advisory lock"},
    {"pg_try_advisory_*", "it takes an advisory lock"},
    {"txid_current", "it assigns a transaction id, which a read-only query must not need"},
    {"pg_current_xact_id", "it assigns a transaction id, which a read-only query must not need"},
    // Sequences change on every call
    {"nextval", "it advances a sequence"},
    {"setval", "it changes a sequence"},
    // SQL given as a string is not checked by the statement check
    {"query_to_xml*", "it runs SQL given as a string"},
    {"cursor_to_xml*", "it reads from a cursor"},
    {"table_to_xml*", "it runs a query built from a table name given as a string"},
    {"schema_to_xml*", "it runs queries over a whole schema"},
    {"database_to_xml*", "it runs queries over the whole database"},
    {"ts_stat", "it runs SQL given as a string"},
};

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

}  // namespace

bool function_name_matches(std::string_view pattern, std::string_view name) {
  const bool prefix = !pattern.empty() && pattern.back() == '*';
  if (prefix) pattern.remove_suffix(1);
  if (prefix ? name.size() < pattern.size() : name.size() != pattern.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (lower(pattern[i]) != lower(name[i])) return false;
  }
  return true;
}

const ForbiddenFunction* find_forbidden_function(std::string_view name) {
  for (const ForbiddenFunction& entry : kForbiddenFunctions) {
    if (function_name_matches(entry.name, name)) return &entry;
  }
  return nullptr;
}

}  // namespace assay::sql
