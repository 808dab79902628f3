// Placeholder while the template engine is written.
#include "src/rego/builtins/render_template.h"

namespace assay::rego::builtins {

std::optional<std::string> render_go_template(std::string_view, const Value&, std::string* error) {
  *error = "templates are not supported";
  return std::nullopt;
}

}  // namespace assay::rego::builtins
