// units.*: parsing quantities with SI and binary suffixes ("10G", "5Ki", "1500m", "4MB").
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows units_builtins() {
  return {
      fn("units.parse", "units", {{"x", S()}}, {"y", N()}),
      fn("units.parse_bytes", "units", {{"x", S()}}, {"y", N()}),
  };
}

}  // namespace assay::rego::builtins
