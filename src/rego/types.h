// The Rego type system, as OPA's `types` package defines it (v1/types/types.go): the types the
// compiler's type checker infers for terms and the signatures of built-in functions.
//
//   null, boolean, number, string            scalars
//   array<static...>[dynamic]                 a tuple prefix, then elements of the dynamic type
//   set[of]
//   object<key: type, ...>[key: value]        static properties, then a dynamic key/value type
//   any  /  any<a, b, ...>                    everything / a union of its members
//   (args, variadic...) => result             a function (built-ins, user functions)
//
// A type is an immutable value shared through TypePtr (std::shared_ptr<const Type>); a null
// TypePtr is OPA's nil type: "unknown", printed "???". Every function here is a pure function of
// its arguments and is thread-safe; types may be shared between threads freely.
//
// Functions keep OPA's names and semantics (Compare, Contains, Or, Select, Keys, Values, Nil) so
// that the checker reads like OPA's ast/check.go; Unifies is check.go's `unifies`, the test the
// checker applies to a built-in's argument ("is a value of type `have` acceptable where `want`
// is expected"). to_string prints types exactly as OPA's String() methods do, because the
// types appear verbatim in rego_type_error messages (ArgError below).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace assay::rego::types {

class Type;
using TypePtr = std::shared_ptr<const Type>;  // nullptr: the unknown ("nil") type

// In OPA's order of types (typeOrder): Compare orders types of different kinds by this.
enum class Kind { kNull, kBoolean, kNumber, kString, kArray, kObject, kSet, kAny, kFunction };

// OPA's name for a kind: "null", "boolean", "number", "string", "array", "object", "set", "any",
// "function".
std::string_view kind_name(Kind kind);

// A JSON scalar: the key of a static object property, and the operand of Select. OPA keeps these
// as Go values (string, json.Number, bool, nil) and orders them with util.Compare: null <
// booleans < numbers (by value) < strings (by bytes).
class Key {
 public:
  enum class Kind { kNull, kBoolean, kNumber, kString };

  Key(const char* text) : Key(Kind::kString, text) {}       // NOLINT: implicit by design
  Key(std::string_view text) : Key(Kind::kString, text) {}  // NOLINT: implicit by design
  Key(std::nullptr_t) = delete;                             // not a string: use Key::null()
  static Key null() { return Key(Kind::kNull, ""); }
  static Key boolean(bool value) { return Key(Kind::kBoolean, value ? "true" : "false"); }
  static Key number(std::string_view literal) { return Key(Kind::kNumber, literal); }
  static Key string(std::string_view text) { return Key(Kind::kString, text); }

  Kind kind() const { return kind_; }
  // The string's text, the number's literal, "true"/"false"; empty for null.
  const std::string& text() const { return text_; }
  // How OPA prints the key inside an object type (Go's %v): the string unquoted, the number's
  // literal, true/false, and <nil> for null.
  std::string to_string() const { return kind_ == Kind::kNull ? "<nil>" : text_; }

 private:
  Key(Kind kind, std::string_view text) : kind_(kind), text_(text) {}
  Kind kind_;
  std::string text_;
};

// util.Compare on keys: <0, 0, >0.
int CompareKeys(const Key& a, const Key& b);

struct StaticProperty {
  Key key;
  TypePtr value;
};

struct DynamicProperty {
  TypePtr key;
  TypePtr value;
};

// A function argument or result: the type and, for built-ins, the name OPA declares for it
// (types.Named). Names only show in "want" lines of argument errors; Compare, Unifies and
// to_string ignore them, as OPA's unwrap() does. An empty name prints the bare type.
struct Param {
  std::string name;
  TypePtr type;
};

// A function signature. `result.type` is null for functions without a result (print,
// internal.print); `variadic` is non-null only for print, whose arguments are all `any`.
struct FunctionType {
  std::vector<Param> args;
  Param result;
  TypePtr variadic;

  size_t arity() const { return args.size(); }
  std::vector<TypePtr> arg_types() const;
};

class Type {
 public:
  Kind kind() const { return kind_; }

  // Array: the static (tuple) element types and the dynamic element type (may be null: no
  // elements beyond the static ones).
  const std::vector<TypePtr>& static_elements() const { return elements_; }
  const TypePtr& dynamic_element() const { return dynamic_; }
  // Set: the element type (may be null: unknown).
  const TypePtr& set_element() const { return dynamic_; }
  // Object: the static properties sorted by key, and the dynamic property if there is one.
  const std::vector<StaticProperty>& static_properties() const { return properties_; }
  const std::optional<DynamicProperty>& dynamic_property() const { return dynamic_property_; }
  // Any: the members of the union, sorted by Compare; empty means "any".
  const std::vector<TypePtr>& members() const { return elements_; }
  // Function.
  const FunctionType& function() const { return function_; }

  // For the factories in types.cc only: build with the factories below.
  struct Internal;

 private:
  friend struct Internal;
  explicit Type(Kind kind) : kind_(kind) {}

  Kind kind_;
  std::vector<TypePtr> elements_;  // array statics, any members
  TypePtr dynamic_;                // array dynamic element, set element
  std::vector<StaticProperty> properties_;
  std::optional<DynamicProperty> dynamic_property_;
  FunctionType function_;
};

// Factories. The scalar and `any` types are built once and shared.
TypePtr Null();
TypePtr Boolean();
TypePtr Number();
TypePtr String();
// array<static...>[dynamic]; ArrayOf(t) is array[t].
TypePtr Array(std::vector<TypePtr> static_elements, TypePtr dynamic);
TypePtr ArrayOf(TypePtr dynamic);
TypePtr Set(TypePtr element);
// Sorts the static properties by key (keys must be distinct).
TypePtr Object(std::vector<StaticProperty> static_properties,
               std::optional<DynamicProperty> dynamic);
// object[key: value].
TypePtr ObjectOf(TypePtr key, TypePtr value);
// OPA's NewAny: the members sorted by Compare, neither flattened nor deduplicated (Or builds
// normalized unions). AnyOf({}) is "any".
TypePtr AnyOf(std::vector<TypePtr> members);
template <typename... Members>
TypePtr Any(Members... members) {
  return AnyOf(std::vector<TypePtr>{std::move(members)...});
}
TypePtr Function(FunctionType signature);
TypePtr Function(std::vector<TypePtr> args, TypePtr result);

// OPA's total order on types: by kind (Kind's order; null TypePtr first), then structurally.
// Names of parameters are ignored.
int Compare(const TypePtr& a, const TypePtr& b);
inline bool Equal(const TypePtr& a, const TypePtr& b) { return Compare(a, b) == 0; }
int Compare(const FunctionType& a, const FunctionType& b);

// OPA's types.Contains: true if `a` is a superset of `b`: `any` contains every non-function type
// (and the unknown type), a union contains its members, and otherwise a and b must be equal.
// Not structural: array[any] does not contain array[number] (Unifies does).
bool Contains(const TypePtr& a, const TypePtr& b);

// check.go's unifies: true if a value of one type may be a value of the other. Unknown types
// never unify; `any` unifies with every non-function type; a union unifies with what one of its
// members unifies with; arrays, sets and objects unify element-wise (static positions and keys
// on both sides, dynamic parts when both have one); functions unify when their arities match and
// their arguments unify. The checker accepts an argument when Unifies(have, want).
bool Unifies(const TypePtr& a, const TypePtr& b);

// OPA's types.Or: the union of a and b. A null side gives the other; equal types give a; `any`
// absorbs everything; unions merge into one sorted, deduplicated union; two functions of the same
// arity (and both variadic or neither) give a function of the unions of their arguments and
// results; a function and a non-function give null.
TypePtr Or(const TypePtr& a, const TypePtr& b);

// The type of x[key] (OPA's types.Select), or null when x has no such element: an array by an
// integer position, an object by a static key or a key its dynamic key type contains, a set by
// an element of its element type; `any` gives `any`, and a union the union of its members'.
TypePtr Select(const TypePtr& x, const Key& key);
// The type of the keys `x[k]` enumerates: number for arrays, the union of the key types for
// objects, the element type for sets; null for scalars.
TypePtr Keys(const TypePtr& x);
// The type of the values `x[_]` enumerates; null for scalars.
TypePtr Values(const TypePtr& x);
// True if the type is unknown or holds an unknown part (OPA's types.Nil); a function without a
// result counts as unknown, as in OPA.
bool Nil(const TypePtr& x);
// The type of a scalar: null, boolean, number or string.
TypePtr TypeOf(const Key& key);

// As OPA prints it: "number", "array[any]", "array<number, string>", "set[string]",
// "object[string: any]", "object<a: number>[string: any]", "any", "any<number, string>",
// "(string, string) => number", "(number, string...) => ???"; a null type is "???".
std::string to_string(const TypePtr& type);
std::string to_string(const FunctionType& signature);

// "(number, ???)": argument types as OPA's formatArgs prints them.
std::string FormatArgs(const std::vector<TypePtr>& types);
// "(collection: any<string, array[any], object[any: any], set[any]>, n: number)": a built-in's
// signature as the "want" line of an argument error shows it (OPA's NamedFuncArgs, with the
// result appended as the last operand, since a call's output is its last operand).
std::string FormatWant(const FunctionType& signature);

// A rego_type_error's text as OPA builds it: a message and detail lines (ast.Error's Details).
struct TypeErrorText {
  std::string message;
  std::vector<std::string> details;
  // The message followed by "\n\t" and each detail line, as OPA's Error.Error() prints them.
  std::string full() const;
};

// The reasons OPA gives for a built-in call's argument error.
inline constexpr std::string_view kInvalidArguments = "invalid argument(s)";
inline constexpr std::string_view kTooManyArguments = "too many arguments";
inline constexpr std::string_view kTooFewArguments = "too few arguments";
inline constexpr std::string_view kArityMismatch = "arity mismatch";  // `with` replacements

// OPA's argument error: "<function>: <reason>" with the lines "have: (...)" (the operands'
// types, unknown ones as ???) and "want: (...)" (FormatWant). full() of
// ArgError("count", kInvalidArguments, {Number()}, count's signature) is
//   count: invalid argument(s)
//   	have: (number)
//   	want: (collection: any<string, array[any], object[any: any], set[any]>, n: number)
TypeErrorText ArgError(std::string_view function, std::string_view reason,
                       const std::vector<TypePtr>& have, const FunctionType& want);
// OPA's unification error for `a = b`: "match error" with "left  : <type>", "right : <type>".
TypeErrorText MatchError(const TypePtr& left, const TypePtr& right);

// The evaluator's operand error (eval_type_error), as OPA's builtins.NewOperandTypeErr words it:
// "operand 1 must be string but got number", or with several expected names
// "operand 2 must be one of {array, set} but got string". `position` is 1-based; `got` is the
// value's type name (null, boolean, number, string, array, object, set).
std::string OperandTypeMessage(int position, std::string_view got,
                               const std::vector<std::string_view>& expected);

}  // namespace assay::rego::types
