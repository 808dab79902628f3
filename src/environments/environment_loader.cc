#include "src/environments/environment_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "src/core/text_position.h"
#include "src/environments/csv_reader.h"
#include "src/environments/field_value.h"
#include "src/environments/limits.h"
#include "src/environments/schema_reader.h"

namespace assay::environments {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

Diagnostic problem(const std::string& file, int row, int col, std::string message) {
  std::optional<Location> location;
  if (!file.empty()) location = Location{file, row, col};
  return Diagnostic{"environment_invalid", std::move(message), std::move(location),
                    Severity::kError,      std::nullopt,       "environments"};
}

// Reads a regular file of at most `limit` bytes inside `root` (symbolic links may not lead
// out of it); false with a problem otherwise.
bool read_bounded(const fs::path& root, const fs::path& path, size_t limit, std::string& out,
                  std::vector<Diagnostic>& problems) {
  std::error_code error;
  const fs::path real_root = fs::weakly_canonical(root, error);
  const fs::path real_path = fs::weakly_canonical(path, error);
  const auto [root_end, unused] =
      std::mismatch(real_root.begin(), real_root.end(), real_path.begin(), real_path.end());
  if (error || root_end != real_root.end()) {
    problems.push_back(
        problem(path.string(), 0, 0, "the file leads out of the environment's folder"));
    return false;
  }
  if (!fs::is_regular_file(path, error)) {
    problems.push_back(problem(path.string(), 0, 0, "missing file (or not a regular file)"));
    return false;
  }
  const auto size = fs::file_size(path, error);
  if (error || size > limit) {
    problems.push_back(problem(path.string(), 0, 0,
                               error ? "unreadable file: " + error.message()
                                     : "file larger than " + std::to_string(limit) + " bytes"));
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  out.assign(static_cast<size_t>(size), '\0');
  if (!in.read(out.data(), static_cast<std::streamsize>(size))) {
    problems.push_back(problem(path.string(), 0, 0, "unreadable file"));
    return false;
  }
  return true;
}

// Reads environment.yaml's keys, reporting each mistake at its YAML mark.
class ManifestReader {
 public:
  ManifestReader(const fs::path& dir, std::string file, std::vector<Diagnostic>& problems)
      : dir_(dir), file_(std::move(file)), problems_(problems) {}

  void report(const YAML::Node& node, const std::string& message) {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) {
      problems_.push_back(problem(file_, 0, 0, message));
    } else {
      problems_.push_back(problem(file_, mark.line + 1, mark.column + 1, message));
    }
  }

  bool scalar(const YAML::Node& node, const char* key, std::string& out) {
    if (!node.IsScalar()) {
      report(node, std::string("'") + key + "' must be a string");
      return false;
    }
    out = node.Scalar();
    return true;
  }

  // A path relative to the folder that stays inside it (no absolute path, no "..").
  bool relative_path(const YAML::Node& node, const char* key, fs::path& out) {
    std::string text;
    if (!scalar(node, key, text)) return false;
    const fs::path path(text);
    bool escapes = text.empty() || path.is_absolute();
    for (const fs::path& part : path) escapes = escapes || part == "..";
    if (escapes) {
      report(node, std::string("'") + key + "' must be a path inside the environment's folder");
      return false;
    }
    out = path.lexically_normal();
    return true;
  }

  bool path_list(const YAML::Node& node, const char* key,
                 std::vector<std::pair<fs::path, YAML::Node>>& out) {
    if (!node.IsSequence()) {
      report(node, std::string("'") + key + "' must be a list of paths");
      return false;
    }
    bool ok = true;
    for (const YAML::Node& item : node) {
      fs::path path;
      if (relative_path(item, key, path)) {
        out.emplace_back(path, item);
      } else {
        ok = false;
      }
    }
    return ok;
  }

  std::string located(const fs::path& relative) const { return (dir_ / relative).string(); }

  const fs::path& dir_;
  std::string file_;
  std::vector<Diagnostic>& problems_;
};

// Parses a JSON document (Rego data or input), reporting a syntax error at its row/col.
bool read_json_document(const fs::path& dir, const fs::path& path, json& out,
                        std::vector<Diagnostic>& problems) {
  std::string text;
  if (!read_bounded(dir, path, kMaxExtraFileBytes, text, problems)) return false;
  try {
    out = json::parse(text);
    return true;
  } catch (const json::parse_error& e) {
    const TextPosition at = position_of_byte(text, e.byte > 0 ? e.byte - 1 : 0);
    problems.push_back(
        problem(path.string(), at.row, at.col, std::string("invalid JSON: ") + e.what()));
  }
  return false;
}

// Fills `table.rows` from a CSV fixture, checking the header and every value.
void fill_rows(Table& table, const CsvTable& csv, const std::string& file,
               std::vector<Diagnostic>& problems) {
  std::vector<std::optional<size_t>> index_of_field;  // CSV field -> table column
  bool header_ok = true;
  for (const CsvField& name : csv.header) {
    index_of_field.push_back(table.column_index(*name.value));
    if (!index_of_field.back()) {
      problems.push_back(
          problem(file, name.row, name.col,
                  "column '" + *name.value + "' is not a column of table '" + table.name + "'"));
      header_ok = false;
    }
  }
  if (!header_ok) return;
  for (const Column& column : table.columns) {
    if (!column.not_null) continue;
    const bool present = std::any_of(index_of_field.begin(), index_of_field.end(),
                                     [&](auto i) { return table.columns[*i].name == column.name; });
    if (!present) {
      problems.push_back(
          problem(file, 1, 1, "the header lacks column '" + column.name + "', which is NOT NULL"));
      return;
    }
  }
  constexpr size_t kMaxProblemsPerFile = 20;
  size_t reported = 0;
  table.rows.reserve(csv.records.size());
  for (const CsvRecord& record : csv.records) {
    Row row(table.columns.size());  // columns the header leaves out are NULL
    for (size_t f = 0; f < record.fields.size(); ++f) {
      const CsvField& field = record.fields[f];
      const Column& column = table.columns[*index_of_field[f]];
      std::string why;
      if (!field.value) {
        if (column.not_null) why = "NULL in column '" + column.name + "', which is NOT NULL";
      } else if (!field_from_text(column, *field.value, row[*index_of_field[f]], why)) {
        why += " (column '" + column.name + "' is " + column.declared_type + ")";
      }
      if (!why.empty() && reported++ < kMaxProblemsPerFile) {
        problems.push_back(problem(file, field.row, field.col, why));
      }
    }
    table.rows.push_back(std::move(row));
  }
}

}  // namespace

EnvironmentLoad load_environment(const fs::path& dir) {
  EnvironmentLoad load;
  std::vector<Diagnostic>& problems = load.problems;
  const fs::path manifest_path = dir / "environment.yaml";
  std::string manifest_text;
  if (!read_bounded(dir, manifest_path, kMaxEnvironmentFileBytes, manifest_text, problems)) {
    return load;
  }
  const std::string manifest_file = manifest_path.string();
  if (const size_t bad = find_invalid_utf8(manifest_text); bad != std::string::npos) {
    const TextPosition at = position_of_byte(manifest_text, bad);
    problems.push_back(problem(manifest_file, at.row, at.col, "invalid UTF-8 (or a NUL byte)"));
    return load;
  }
  YAML::Node root;
  try {
    root = YAML::Load(manifest_text);
  } catch (const YAML::Exception& e) {
    problems.push_back(problem(manifest_file, e.mark.line + 1, e.mark.column + 1, e.msg));
    return load;
  }
  Environment env;
  ManifestReader reader(dir, manifest_file, problems);
  fs::path schema_path = "schema.sql";
  std::vector<std::pair<fs::path, YAML::Node>> fixtures, files;
  std::optional<std::pair<fs::path, YAML::Node>> rego_data, rego_input;
  try {
    if (!root.IsMap()) {
      reader.report(root, "environment.yaml must be a mapping of keys (name, description, ...)");
      return load;
    }
    for (const auto& entry : root) {
      const std::string key = entry.first.as<std::string>("");
      const YAML::Node& value = entry.second;
      if (key == "name") {
        if (reader.scalar(value, "name", env.name) && env.name != dir.filename().string()) {
          reader.report(value, "name '" + env.name + "' differs from the folder's name '" +
                                   dir.filename().string() + "'");
        }
      } else if (key == "description") {
        (void)reader.scalar(value, "description", env.description);
      } else if (key == "schema") {
        (void)reader.relative_path(value, "schema", schema_path);
      } else if (key == "fixtures") {
        (void)reader.path_list(value, "fixtures", fixtures);
      } else if (key == "files") {
        (void)reader.path_list(value, "files", files);
      } else if (key == "python_modules") {
        if (!value.IsSequence()) {
          reader.report(value, "'python_modules' must be a list of module names");
        } else {
          for (const YAML::Node& module : value) {
            std::string name;
            if (reader.scalar(module, "python_modules", name)) env.python_modules.push_back(name);
          }
        }
      } else if (key == "policy") {
        (void)reader.scalar(value, "policy", env.policy);
      } else if (key == "rego") {
        if (!value.IsMap()) {
          reader.report(value, "'rego' must be a mapping with 'data' and/or 'input'");
          continue;
        }
        for (const auto& rego_entry : value) {
          const std::string rego_key = rego_entry.first.as<std::string>("");
          fs::path path;
          if (rego_key != "data" && rego_key != "input") {
            reader.report(rego_entry.first, "unknown key 'rego." + rego_key + "' (data, input)");
          } else if (reader.relative_path(rego_entry.second, "rego", path)) {
            (rego_key == "data" ? rego_data : rego_input) = std::make_pair(path, rego_entry.second);
          }
        }
      } else {
        reader.report(entry.first, "unknown key '" + key +
                                       "' (name, description, schema, fixtures, files, rego, "
                                       "python_modules, policy)");
      }
    }
    if (!root["name"]) reader.report(root, "'name' is required");
  } catch (const YAML::Exception& e) {
    problems.push_back(problem(manifest_file, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  if (!problems.empty()) return load;

  // Schema, then fixtures against it.
  const fs::path schema_file = dir / schema_path;
  if (!read_bounded(dir, schema_file, kMaxSchemaBytes, env.schema_sql, problems)) return load;
  if (!read_schema(env.schema_sql, schema_file.string(), env.tables, problems)) return load;
  std::set<std::string> filled;
  size_t total_bytes = env.schema_sql.size();
  for (const auto& [path, node] : fixtures) {
    const std::string table_name = path.stem().string();
    Table* table = nullptr;
    for (Table& t : env.tables) {
      if (t.name == table_name) table = &t;
    }
    if (path.extension() != ".csv" || table == nullptr) {
      reader.report(node, "fixture '" + path.string() +
                              "' must be named after a table of the schema, as <table>.csv");
      continue;
    }
    if (!filled.insert(table_name).second) {
      reader.report(node, "table '" + table_name + "' has two fixtures");
      continue;
    }
    const fs::path file = dir / path;
    std::string text;
    if (!read_bounded(dir, file, kMaxFixtureBytes, text, problems)) continue;
    total_bytes += text.size();
    if (total_bytes > kMaxEnvironmentBytes) {
      reader.report(node, "the environment's files together pass " +
                              std::to_string(kMaxEnvironmentBytes) + " bytes");
      return load;
    }
    CsvTable csv;
    Diagnostic error;
    if (!read_csv(text, file.string(), kMaxRowsPerTable, csv, error)) {
      problems.push_back(std::move(error));
      continue;
    }
    fill_rows(*table, csv, file.string(), problems);
  }
  if (files.size() > kMaxFilesPerEnvironment) {
    reader.report(files[kMaxFilesPerEnvironment].second,
                  "more than " + std::to_string(kMaxFilesPerEnvironment) + " files");
    return load;
  }
  for (const auto& [path, node] : files) {
    std::string content;
    if (read_bounded(dir, dir / path, kMaxExtraFileBytes, content, problems)) {
      total_bytes += content.size();
      if (total_bytes > kMaxEnvironmentBytes) {
        reader.report(node, "the environment's files together pass " +
                                std::to_string(kMaxEnvironmentBytes) + " bytes");
        return load;
      }
      env.files[path.string()] = std::move(content);
    }
  }
  if (rego_data) {
    json document;
    if (read_json_document(dir, dir / rego_data->first, document, problems))
      env.rego_data = document;
  }
  if (rego_input) {
    json document;
    if (read_json_document(dir, dir / rego_input->first, document, problems))
      env.rego_input = document;
  }
  if (problems.empty()) load.environment = std::move(env);
  return load;
}

const Environment* EnvironmentSet::find(const std::string& name) const {
  for (const Environment& env : environments) {
    if (env.name == name) return &env;
  }
  return nullptr;
}

EnvironmentSet load_environments(const fs::path& root) {
  EnvironmentSet set;
  std::error_code error;
  std::vector<fs::path> dirs;
  for (fs::directory_iterator it(root, error), end; !error && it != end; it.increment(error)) {
    if (it->is_directory(error) && fs::exists(it->path() / "environment.yaml", error)) {
      dirs.push_back(it->path());
    }
  }
  if (error) {
    set.problems.push_back(
        problem(root.string(), 0, 0, "cannot read the environments folder: " + error.message()));
    return set;
  }
  std::sort(dirs.begin(), dirs.end());
  if (dirs.size() > kMaxEnvironments) dirs.resize(kMaxEnvironments);
  for (const fs::path& dir : dirs) {
    EnvironmentLoad load = load_environment(dir);
    if (load.environment) {
      set.environments.push_back(std::move(*load.environment));
    } else {
      set.problems.insert(set.problems.end(), load.problems.begin(), load.problems.end());
    }
  }
  return set;
}

}  // namespace assay::environments
