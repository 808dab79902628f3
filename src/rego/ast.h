// The Rego abstract syntax tree, as OPA's ast package shapes it (module, package, imports,
// rules with heads and bodies, expressions, terms), produced by the parser (parser.h) and read
// by the compiler checks and the evaluator.
//
// Terms form a tree owned through unique_ptr. Every node carries its SourceLocation in the
// module's text. Operators are spelled as OPA's built-ins: `x = y` is a call to "eq", `x := y`
// to "assign", `x == y` to "equal", `x + y` to "plus", `x in xs` to "internal.member_2",
// `k, v in xs` to "internal.member_3", and so on, with the operator as a Ref term of Vars.
// Not thread-safe to mutate; a finished Module may be read from several threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "src/rego/error.h"

namespace assay::rego {

enum class RegoVersion { kV1, kV0 };

struct Term;
struct Expr;
using TermPtr = std::unique_ptr<Term>;
using Body = std::vector<Expr>;

enum class TermKind {
  kNull,
  kBoolean,
  kNumber,  // text holds the literal as written (exact: big integers and decimals kept)
  kString,  // text holds the decoded value
  kVar,     // text holds the name; generated and wildcard vars ("_") too
  kRef,     // items[0] is the head (a Var, or any term for `f(x).y`, `[1][0]`); then the path
  kArray,   // items
  kSet,     // items
  kObject,  // items are key, value, key, value, ...
  kCall,    // items[0] is the operator (a Ref); then the arguments
  kArrayComprehension,   // items[0] head; body
  kSetComprehension,     // items[0] head; body
  kObjectComprehension,  // items[0] key, items[1] value; body
  kTemplateString,       // $"...{expr}...": items alternate string parts and expressions
};

struct Term {
  TermKind kind = TermKind::kNull;
  SourceLocation location;
  bool boolean = false;
  bool raw_string = false;  // a `raw` string literal (kString)
  std::string text;
  std::vector<TermPtr> items;
  std::unique_ptr<Body> body;  // comprehensions

  Term() = default;
  Term(TermKind k, SourceLocation at) : kind(k), location(at) {}
};

struct With {
  TermPtr target;  // input..., data..., or a function ref
  TermPtr value;
  SourceLocation location;
};

enum class ExprKind {
  kTerm,   // terms[0]: a lone term (a boolean test, a ref, a call as a term)
  kCall,   // terms[0] is the operator (Ref); terms[1..] the operands
  kSome,   // `some x, y` (terms: vars) or `some k, v in xs` (terms: the member call)
  kEvery,  // `every k, v in xs { body }`: terms: key (may be null), value, domain; body
};

struct Expr {
  ExprKind kind = ExprKind::kTerm;
  SourceLocation location;
  bool negated = false;
  std::vector<TermPtr> terms;
  std::vector<With> with;
  std::unique_ptr<Body> body;  // kEvery
};

struct RuleHead {
  TermPtr reference;          // the rule's name and path: a Ref (`p`, `a.b[x]`)
  std::vector<TermPtr> args;  // function arguments; empty for other rules
  TermPtr key;                // `p contains x` / v0 `p[x]`: the member; nullptr otherwise
  TermPtr value;              // nullptr when implied (`true` for `p if ...`)
  bool assign = false;        // `:=` rather than `=`
  bool contains = false;      // multi-value rule (partial set)
  SourceLocation location;
};

struct Rule {
  bool is_default = false;
  RuleHead head;
  Body body;                        // empty for rules without a body (`p := 1`)
  std::unique_ptr<Rule> else_rule;  // `else = v { ... }` chain
  SourceLocation location;
};

struct Import {
  TermPtr path;  // a Ref rooted at data, input, future or rego
  std::string alias;
  SourceLocation location;
};

// A `related_resources` entry: a URL (as written, trimmed) and what it is.
struct RelatedResource {
  std::string ref;
  std::string description;
};

// An `authors` entry: "Name <email>" or {name, email}; one of the two may be empty.
struct Author {
  std::string name;
  std::string email;
};

// A `schemas` entry: the document it types and either a schema ref or an inline definition.
struct SchemaAnnotation {
  TermPtr path;        // a Ref such as input, input.x, data.a.b
  TermPtr schema;      // a Ref rooted at `schema` (schema.a.b); null with a definition
  TermPtr definition;  // the inline JSON schema as an object; null with a schema ref
};

// OPA's `compile` annotation (data filtering): the unknowns and the mask rule.
struct CompileAnnotation {
  std::vector<TermPtr> unknowns;  // Refs; null for elements that were not strings, as OPA
  TermPtr mask_rule;              // a Ref, or null
};

// What a METADATA block is attached to: the first statement that starts below it.
enum class AnnotationTarget { kNone, kPackage, kImport, kRule };

// A `# METADATA` block (OPA's ast.Annotations), read by annotations.h from its YAML.
struct Annotation {
  std::string yaml;                   // the YAML of a `# METADATA` block, comment markers removed
  SourceLocation location;            // the `# METADATA` comment
  std::vector<SourceLocation> lines;  // the comment holding each line of `yaml`
  std::string scope;  // rule, document, package or subpackages (OPA's default when not given)
  std::string title;
  std::string description;
  std::vector<std::string> organizations;
  std::vector<RelatedResource> related_resources;
  std::vector<Author> authors;
  std::vector<SchemaAnnotation> schemas;
  bool entrypoint = false;
  TermPtr custom;                              // an object; null when `custom` is absent or empty
  std::unique_ptr<CompileAnnotation> compile;  // null when absent
  AnnotationTarget target = AnnotationTarget::kNone;
  size_t target_index = 0;  // into Module::rules or Module::imports
};

struct Comment {
  std::string text;
  SourceLocation location;
};

struct Module {
  std::string file;
  RegoVersion version = RegoVersion::kV1;
  TermPtr package;  // a Ref: data.<package path>
  SourceLocation package_location;
  std::vector<Import> imports;
  std::vector<Rule> rules;
  std::vector<Annotation> annotations;
  std::vector<Comment> comments;
};

}  // namespace assay::rego
