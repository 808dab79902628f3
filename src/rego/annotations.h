// OPA's METADATA annotations: reading the YAML of each `# METADATA` block into the fields OPA
// knows (ast.h Annotation), and attaching each block to the package or rule it annotates, with
// the checks and messages of OPA 1.x's parser. parse_module (parser.h) calls both, so their
// errors come out as rego_parse_error, as OPA's parser reports them.
//
// read_annotation() decodes the YAML as OPA decodes it with yaml.v3 into its rawAnnotation:
// keys it does not know are ignored; a known key of the wrong type is "yaml: unmarshal errors:
// line N: cannot unmarshal !!str `x` into []string" (every such error of the block, as yaml.v3);
// a syntax error is "yaml: line N: ..." in libyaml's words where yaml-cpp's finding has a
// libyaml counterpart. Then related_resources, compile, schemas, authors and custom are checked
// in OPA's order and the first failure is the block's error. YAML errors sit on the comment that
// holds the offending line; the other errors on the `# METADATA` comment, as OPA's.
//
// Bounds OPA does not have keep hostile YAML linear in its size: a block of at most
// kMaxAnnotationBytes, nesting of at most kMaxAnnotationDepth levels (yaml-cpp's own limit), and
// alias expansion (a "billion laughs") of at most a few nodes per byte of the block, refused with
// yaml.v3's "document contains excessive aliasing".
//
// Pure functions of their input: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "src/rego/ast.h"
#include "src/rego/error.h"

namespace assay::rego {

inline constexpr size_t kMaxAnnotationBytes = 256 * 1024;
inline constexpr int kMaxAnnotationDepth = 500;

struct AnnotationError {
  SourceLocation location;
  std::string message;
};

// Reads annotation->yaml into the other fields of *annotation, which must still be empty (its
// location and lines must be set: errors point at them). Returns the block's error, when it has
// one; the fields are then unspecified. Leaves scope empty when the block gives none
// (attach_annotations sets OPA's default).
std::optional<AnnotationError> read_annotation(Annotation* annotation);

// Attaches each annotation of *module to the first package, import or rule that starts on a
// later row, as OPA does (a block with nothing below it is attached to nothing); gives those
// without a scope OPA's default (`rule` on a rule, `document` on a rule with entrypoint: true,
// `package` on a package); and checks scope and entrypoint against what they are attached to.
// Returns OPA's errors in block order: "invalid annotation scope 'x'. Use one of ...",
// "annotation scope 'rule' must be applied to rule (have package)", "annotation entrypoint
// applied to non-document or package scope 'rule'". Empty on success.
std::vector<AnnotationError> attach_annotations(Module* module);

}  // namespace assay::rego
