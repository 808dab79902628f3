#include "src/rego/types.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>

namespace assay::rego::types {

// The only code that builds Type values: the factories below.
struct Type::Internal {
  static std::shared_ptr<Type> Make(Kind kind) { return std::shared_ptr<Type>(new Type(kind)); }
  static std::vector<TypePtr>& elements(Type& t) { return t.elements_; }
  static TypePtr& dynamic(Type& t) { return t.dynamic_; }
  static std::vector<StaticProperty>& properties(Type& t) { return t.properties_; }
  static std::optional<DynamicProperty>& dynamic_property(Type& t) { return t.dynamic_property_; }
  static FunctionType& function(Type& t) { return t.function_; }
};

namespace {

using Internal = Type::Internal;

bool IsKind(const TypePtr& t, Kind kind) { return t != nullptr && t->kind() == kind; }

// OPA's typeOrder, with the unknown type first.
int Order(const TypePtr& t) { return t == nullptr ? -1 : static_cast<int>(t->kind()); }

int CompareSlices(const std::vector<TypePtr>& a, const std::vector<TypePtr>& b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    if (int c = Compare(a[i], b[i]); c != 0) return c;
  }
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return 0;
}

// Numbers compare by value; long double is exact for every literal a policy writes as a key.
int CompareNumberLiterals(const std::string& a, const std::string& b) {
  long double x = std::strtold(a.c_str(), nullptr);
  long double y = std::strtold(b.c_str(), nullptr);
  if (x < y) return -1;
  if (x > y) return 1;
  return 0;
}

bool ParseInt64(const std::string& text, int64_t& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

// types.Any.Contains: membership by Compare, or `any` with no members.
bool AnyContains(const TypePtr& any, const TypePtr& other) {
  if (IsKind(other, Kind::kFunction)) return false;
  for (const TypePtr& member : any->members()) {
    if (Compare(member, other) == 0) return true;
  }
  return any->members().empty();
}

// types.Any.Union: merges two sorted unions; a union with no members (any) absorbs the other.
TypePtr AnyUnion(const TypePtr& a, const TypePtr& b) {
  const std::vector<TypePtr>& x = a->members();
  const std::vector<TypePtr>& y = b->members();
  if (x.empty()) return a;
  if (y.empty()) return b;
  std::vector<TypePtr> merged;
  merged.reserve(std::max(x.size(), y.size()));
  size_t i = 0, j = 0;
  while (i < x.size() || j < y.size()) {
    if (i == x.size()) {
      merged.insert(merged.end(), y.begin() + j, y.end());
      break;
    }
    if (j == y.size()) {
      merged.insert(merged.end(), x.begin() + i, x.end());
      break;
    }
    int c = Compare(x[i], y[j]);
    if (c < 0) {
      merged.push_back(x[i++]);
    } else if (c == 0) {
      merged.push_back(x[i++]);
      ++j;
    } else {
      merged.push_back(y[j++]);
    }
  }
  auto t = Internal::Make(Kind::kAny);
  Internal::elements(*t) = std::move(merged);
  return t;
}

// types.Any.Merge: `any` grown by one type, kept sorted.
TypePtr AnyMerge(const TypePtr& any, const TypePtr& other) {
  if (IsKind(other, Kind::kAny)) return AnyUnion(any, other);
  if (AnyContains(any, other)) return any;
  std::vector<TypePtr> members = any->members();
  auto at = std::lower_bound(members.begin(), members.end(), other,
                             [](const TypePtr& m, const TypePtr& o) { return Compare(m, o) < 0; });
  members.insert(at, other);
  auto t = Internal::Make(Kind::kAny);
  Internal::elements(*t) = std::move(members);
  return t;
}

// types.Function.Union: same arity and variadic-ness, or null.
TypePtr FunctionUnion(const FunctionType& a, const FunctionType& b) {
  if (a.arity() != b.arity()) return nullptr;
  if ((a.variadic == nullptr) != (b.variadic == nullptr)) return nullptr;
  FunctionType merged;
  for (size_t i = 0; i < a.arity(); ++i) {
    merged.args.push_back(Param{"", Or(a.args[i].type, b.args[i].type)});
  }
  merged.result.type = Or(a.result.type, b.result.type);
  merged.variadic = Or(a.variadic, b.variadic);
  return Function(std::move(merged));
}

// Array.Select: a static element, else the dynamic element type, for non-negative positions.
TypePtr ArrayElement(const Type& array, int64_t pos) {
  if (pos < 0) return nullptr;
  if (static_cast<uint64_t>(pos) < array.static_elements().size()) {
    return array.static_elements()[pos];
  }
  return array.dynamic_element();
}

// Object.Select: a static property by key, else the dynamic value if its key type holds the key.
TypePtr ObjectProperty(const Type& object, const Key& key) {
  const std::vector<StaticProperty>& props = object.static_properties();
  auto at = std::lower_bound(
      props.begin(), props.end(), key,
      [](const StaticProperty& p, const Key& k) { return CompareKeys(p.key, k) < 0; });
  if (at != props.end() && CompareKeys(at->key, key) == 0) return at->value;
  if (object.dynamic_property() && Contains(object.dynamic_property()->key, TypeOf(key))) {
    return object.dynamic_property()->value;
  }
  return nullptr;
}

bool UnifiesAny(const TypePtr& any, const TypePtr& other) {
  if (IsKind(other, Kind::kFunction)) return false;
  for (const TypePtr& member : any->members()) {
    if (Unifies(member, other)) return true;
  }
  return any->members().empty();
}

// Every static position of a unifies with the same position of b.
bool UnifiesArraysStatic(const Type& a, const Type& b) {
  for (size_t i = 0; i < a.static_elements().size(); ++i) {
    if (!Unifies(ArrayElement(a, i), ArrayElement(b, i))) return false;
  }
  return true;
}

// Every static key of a unifies with what b holds under the same key.
bool UnifiesObjectsStatic(const Type& a, const Type& b) {
  for (const StaticProperty& p : a.static_properties()) {
    if (!Unifies(ObjectProperty(a, p.key), ObjectProperty(b, p.key))) return false;
  }
  return true;
}

TypePtr DynamicValue(const Type& object) {
  return object.dynamic_property() ? object.dynamic_property()->value : nullptr;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += ", ";
    out += parts[i];
  }
  return out;
}

std::string FormatParam(const Param& p) {
  if (p.name.empty()) return to_string(p.type);
  return p.name + ": " + to_string(p.type);
}

}  // namespace

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kBoolean:
      return "boolean";
    case Kind::kNumber:
      return "number";
    case Kind::kString:
      return "string";
    case Kind::kArray:
      return "array";
    case Kind::kObject:
      return "object";
    case Kind::kSet:
      return "set";
    case Kind::kAny:
      return "any";
    case Kind::kFunction:
      return "function";
  }
  return "";
}

int CompareKeys(const Key& a, const Key& b) {
  if (a.kind() != b.kind()) return a.kind() < b.kind() ? -1 : 1;
  switch (a.kind()) {
    case Key::Kind::kNull:
      return 0;
    case Key::Kind::kBoolean:  // false < true, as "false" < "true"
    case Key::Kind::kString: {
      int c = a.text().compare(b.text());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Key::Kind::kNumber:
      return CompareNumberLiterals(a.text(), b.text());
  }
  return 0;
}

std::vector<TypePtr> FunctionType::arg_types() const {
  std::vector<TypePtr> out;
  out.reserve(args.size());
  for (const Param& p : args) out.push_back(p.type);
  return out;
}

TypePtr Null() {
  static const TypePtr t = Internal::Make(Kind::kNull);
  return t;
}

TypePtr Boolean() {
  static const TypePtr t = Internal::Make(Kind::kBoolean);
  return t;
}

TypePtr Number() {
  static const TypePtr t = Internal::Make(Kind::kNumber);
  return t;
}

TypePtr String() {
  static const TypePtr t = Internal::Make(Kind::kString);
  return t;
}

TypePtr Array(std::vector<TypePtr> static_elements, TypePtr dynamic) {
  auto t = Internal::Make(Kind::kArray);
  Internal::elements(*t) = std::move(static_elements);
  Internal::dynamic(*t) = std::move(dynamic);
  return t;
}

TypePtr ArrayOf(TypePtr dynamic) { return Array({}, std::move(dynamic)); }

TypePtr Set(TypePtr element) {
  auto t = Internal::Make(Kind::kSet);
  Internal::dynamic(*t) = std::move(element);
  return t;
}

TypePtr Object(std::vector<StaticProperty> static_properties,
               std::optional<DynamicProperty> dynamic) {
  std::stable_sort(static_properties.begin(), static_properties.end(),
                   [](const StaticProperty& a, const StaticProperty& b) {
                     return CompareKeys(a.key, b.key) < 0;
                   });
  auto t = Internal::Make(Kind::kObject);
  Internal::properties(*t) = std::move(static_properties);
  Internal::dynamic_property(*t) = std::move(dynamic);
  return t;
}

TypePtr ObjectOf(TypePtr key, TypePtr value) {
  return Object({}, DynamicProperty{std::move(key), std::move(value)});
}

TypePtr AnyOf(std::vector<TypePtr> members) {
  if (members.empty()) {
    static const TypePtr any = Internal::Make(Kind::kAny);
    return any;
  }
  std::stable_sort(members.begin(), members.end(),
                   [](const TypePtr& a, const TypePtr& b) { return Compare(a, b) < 0; });
  auto t = Internal::Make(Kind::kAny);
  Internal::elements(*t) = std::move(members);
  return t;
}

TypePtr Function(FunctionType signature) {
  auto t = Internal::Make(Kind::kFunction);
  Internal::function(*t) = std::move(signature);
  return t;
}

TypePtr Function(std::vector<TypePtr> args, TypePtr result) {
  FunctionType signature;
  for (TypePtr& arg : args) signature.args.push_back(Param{"", std::move(arg)});
  signature.result.type = std::move(result);
  return Function(std::move(signature));
}

int Compare(const FunctionType& a, const FunctionType& b) {
  if (a.arity() != b.arity()) return a.arity() < b.arity() ? -1 : 1;
  for (size_t i = 0; i < a.arity(); ++i) {
    if (int c = Compare(a.args[i].type, b.args[i].type); c != 0) return c;
  }
  if (int c = Compare(a.result.type, b.result.type); c != 0) return c;
  return Compare(a.variadic, b.variadic);
}

int Compare(const TypePtr& a, const TypePtr& b) {
  int x = Order(a), y = Order(b);
  if (x != y) return x < y ? -1 : 1;
  if (a == nullptr || a == b) return 0;
  switch (a->kind()) {
    case Kind::kNull:
    case Kind::kBoolean:
    case Kind::kNumber:
    case Kind::kString:
      return 0;
    case Kind::kArray: {
      // An array with a dynamic part sorts after one without; then by dynamic, then statics.
      bool da = a->dynamic_element() != nullptr, db = b->dynamic_element() != nullptr;
      if (da != db) return da ? 1 : -1;
      if (da) {
        if (int c = Compare(a->dynamic_element(), b->dynamic_element()); c != 0) return c;
      }
      return CompareSlices(a->static_elements(), b->static_elements());
    }
    case Kind::kObject: {
      const auto& pa = a->dynamic_property();
      const auto& pb = b->dynamic_property();
      if (pa.has_value() != pb.has_value()) return pa ? 1 : -1;
      if (pa) {
        if (int c = Compare(pa->key, pb->key); c != 0) return c;
        if (int c = Compare(pa->value, pb->value); c != 0) return c;
      }
      const auto& sa = a->static_properties();
      const auto& sb = b->static_properties();
      size_t n = std::min(sa.size(), sb.size());
      for (size_t i = 0; i < n; ++i) {
        if (int c = CompareKeys(sa[i].key, sb[i].key); c != 0) return c;
        if (int c = Compare(sa[i].value, sb[i].value); c != 0) return c;
      }
      if (sa.size() != sb.size()) return sa.size() < sb.size() ? -1 : 1;
      return 0;
    }
    case Kind::kSet:
      return Compare(a->set_element(), b->set_element());
    case Kind::kAny:
      return CompareSlices(a->members(), b->members());
    case Kind::kFunction:
      return Compare(a->function(), b->function());
  }
  return 0;
}

bool Contains(const TypePtr& a, const TypePtr& b) {
  if (IsKind(a, Kind::kAny)) return AnyContains(a, b);
  return Compare(a, b) == 0;
}

bool Unifies(const TypePtr& a, const TypePtr& b) {
  if (a == nullptr || b == nullptr) return false;
  bool any_a = a->kind() == Kind::kAny, any_b = b->kind() == Kind::kAny;
  if (any_a && UnifiesAny(a, b)) return true;
  if (any_b && UnifiesAny(b, a)) return true;
  if (any_a || any_b) return false;
  if (a->kind() != b->kind()) return false;
  switch (a->kind()) {
    case Kind::kNull:
    case Kind::kBoolean:
    case Kind::kNumber:
    case Kind::kString:
      return true;
    case Kind::kArray:
      return UnifiesArraysStatic(*a, *b) && UnifiesArraysStatic(*b, *a) &&
             (a->dynamic_element() == nullptr || b->dynamic_element() == nullptr ||
              Unifies(a->dynamic_element(), b->dynamic_element()));
    case Kind::kObject: {
      TypePtr va = DynamicValue(*a), vb = DynamicValue(*b);
      return UnifiesObjectsStatic(*a, *b) && UnifiesObjectsStatic(*b, *a) &&
             (va == nullptr || vb == nullptr || Unifies(va, vb));
    }
    case Kind::kSet:
      return Unifies(Values(a), Values(b));
    case Kind::kFunction: {
      // Variadic functions are internal and cannot be replaced with `with`: OPA ignores them.
      const FunctionType& fa = a->function();
      const FunctionType& fb = b->function();
      if (fa.arity() != fb.arity()) return false;
      for (size_t i = 0; i < fa.arity(); ++i) {
        if (!Unifies(fa.args[i].type, fb.args[i].type)) return false;
      }
      return true;
    }
    case Kind::kAny:
      break;
  }
  return false;
}

TypePtr Or(const TypePtr& a, const TypePtr& b) {
  if (a == nullptr) return b;
  if (b == nullptr) return a;
  bool fa = a->kind() == Kind::kFunction, fb = b->kind() == Kind::kFunction;
  if (fa && fb) return FunctionUnion(a->function(), b->function());
  if (fa || fb) return nullptr;
  if (a->kind() == Kind::kAny) return AnyMerge(a, b);
  if (b->kind() == Kind::kAny) return AnyMerge(b, a);
  if (Compare(a, b) == 0) return a;
  return Any(a, b);
}

TypePtr Select(const TypePtr& x, const Key& key) {
  if (x == nullptr) return nullptr;
  switch (x->kind()) {
    case Kind::kArray: {
      int64_t pos = 0;
      if (key.kind() != Key::Kind::kNumber || !ParseInt64(key.text(), pos)) return nullptr;
      return ArrayElement(*x, pos);
    }
    case Kind::kObject:
      return ObjectProperty(*x, key);
    case Kind::kSet: {
      TypePtr t = TypeOf(key);
      if (Compare(x->set_element(), t) == 0) return x->set_element();
      if (IsKind(x->set_element(), Kind::kAny) && AnyContains(x->set_element(), t)) return t;
      return nullptr;
    }
    case Kind::kAny: {
      if (x->members().empty()) return x;
      TypePtr t;
      for (const TypePtr& member : x->members()) t = Or(Select(member, key), t);
      return t;
    }
    default:
      return nullptr;
  }
}

TypePtr Keys(const TypePtr& x) {
  if (x == nullptr) return nullptr;
  switch (x->kind()) {
    case Kind::kArray:
      return Number();
    case Kind::kObject: {
      TypePtr t;
      for (const StaticProperty& p : x->static_properties()) t = Or(t, TypeOf(p.key));
      if (x->dynamic_property()) t = Or(t, x->dynamic_property()->key);
      return t;
    }
    case Kind::kSet:
      return x->set_element();
    case Kind::kAny: {
      if (x->members().empty()) return x;
      TypePtr t;
      for (const TypePtr& member : x->members()) t = Or(Keys(member), t);
      return t;
    }
    default:
      return nullptr;
  }
}

TypePtr Values(const TypePtr& x) {
  if (x == nullptr) return nullptr;
  switch (x->kind()) {
    case Kind::kArray: {
      TypePtr t;
      for (const TypePtr& e : x->static_elements()) t = Or(t, e);
      return Or(t, x->dynamic_element());
    }
    case Kind::kObject: {
      TypePtr t;
      for (const StaticProperty& p : x->static_properties()) t = Or(t, p.value);
      if (x->dynamic_property()) t = Or(t, x->dynamic_property()->value);
      return t;
    }
    case Kind::kSet:
      return x->set_element();
    case Kind::kAny: {
      if (x->members().empty()) return x;
      TypePtr t;
      for (const TypePtr& member : x->members()) t = Or(Values(member), t);
      return t;
    }
    default:
      return nullptr;
  }
}

bool Nil(const TypePtr& x) {
  if (x == nullptr) return true;
  switch (x->kind()) {
    case Kind::kFunction:
      for (const Param& p : x->function().args) {
        if (Nil(p.type)) return true;
      }
      return Nil(x->function().result.type);
    case Kind::kArray:
      for (const TypePtr& e : x->static_elements()) {
        if (Nil(e)) return true;
      }
      return x->dynamic_element() != nullptr && Nil(x->dynamic_element());
    case Kind::kObject:
      for (const StaticProperty& p : x->static_properties()) {
        if (Nil(p.value)) return true;
      }
      return x->dynamic_property() &&
             (Nil(x->dynamic_property()->key) || Nil(x->dynamic_property()->value));
    case Kind::kSet:
      return Nil(x->set_element());
    default:
      return false;
  }
}

TypePtr TypeOf(const Key& key) {
  switch (key.kind()) {
    case Key::Kind::kNull:
      return Null();
    case Key::Kind::kBoolean:
      return Boolean();
    case Key::Kind::kNumber:
      return Number();
    case Key::Kind::kString:
      return String();
  }
  return nullptr;
}

std::string to_string(const TypePtr& type) {
  if (type == nullptr) return "???";
  switch (type->kind()) {
    case Kind::kNull:
    case Kind::kBoolean:
    case Kind::kNumber:
    case Kind::kString:
      return std::string(kind_name(type->kind()));
    case Kind::kArray: {
      std::string out = "array";
      if (!type->static_elements().empty()) {
        std::vector<std::string> parts;
        for (const TypePtr& e : type->static_elements()) parts.push_back(to_string(e));
        out += "<" + Join(parts) + ">";
      }
      if (type->dynamic_element()) out += "[" + to_string(type->dynamic_element()) + "]";
      return out;
    }
    case Kind::kSet:
      return "set[" + to_string(type->set_element()) + "]";
    case Kind::kObject: {
      std::string out = "object";
      if (!type->static_properties().empty()) {
        std::vector<std::string> parts;
        for (const StaticProperty& p : type->static_properties()) {
          parts.push_back(p.key.to_string() + ": " + to_string(p.value));
        }
        out += "<" + Join(parts) + ">";
      }
      if (const auto& d = type->dynamic_property()) {
        out += "[" + to_string(d->key) + ": " + to_string(d->value) + "]";
      }
      return out;
    }
    case Kind::kAny: {
      if (type->members().empty()) return "any";
      std::vector<std::string> parts;
      for (const TypePtr& m : type->members()) parts.push_back(to_string(m));
      return "any<" + Join(parts) + ">";
    }
    case Kind::kFunction:
      return to_string(type->function());
  }
  return "???";
}

std::string to_string(const FunctionType& signature) {
  // FuncArgs.String: the bare argument types, then the variadic one as "<type>...".
  std::vector<std::string> parts;
  for (const Param& p : signature.args) parts.push_back(to_string(p.type));
  if (signature.variadic) parts.push_back(to_string(signature.variadic) + "...");
  return "(" + Join(parts) + ") => " + to_string(signature.result.type);
}

std::string FormatArgs(const std::vector<TypePtr>& types) {
  std::vector<std::string> parts;
  parts.reserve(types.size());
  for (const TypePtr& t : types) parts.push_back(to_string(t));
  return "(" + Join(parts) + ")";
}

std::string FormatWant(const FunctionType& signature) {
  std::vector<std::string> parts;
  for (const Param& p : signature.args) parts.push_back(FormatParam(p));
  if (signature.result.type) parts.push_back(FormatParam(signature.result));
  if (signature.variadic) parts.push_back(to_string(signature.variadic) + "...");
  return "(" + Join(parts) + ")";
}

std::string TypeErrorText::full() const {
  std::string out = message;
  for (const std::string& line : details) out += "\n\t" + line;
  return out;
}

TypeErrorText ArgError(std::string_view function, std::string_view reason,
                       const std::vector<TypePtr>& have, const FunctionType& want) {
  TypeErrorText text;
  text.message = std::string(function) + ": " + std::string(reason);
  text.details.push_back("have: " + FormatArgs(have));
  text.details.push_back("want: " + FormatWant(want));
  return text;
}

TypeErrorText MatchError(const TypePtr& left, const TypePtr& right) {
  TypeErrorText text;
  text.message = "match error";
  text.details.push_back("left  : " + to_string(left));
  text.details.push_back("right : " + to_string(right));
  return text;
}

std::string OperandTypeMessage(int position, std::string_view got,
                               const std::vector<std::string_view>& expected) {
  std::string out = "operand " + std::to_string(position) + " must be ";
  if (expected.size() == 1) {
    out += expected[0];
  } else {
    out += "one of {";
    for (size_t i = 0; i < expected.size(); ++i) {
      if (i > 0) out += ", ";
      out += expected[i];
    }
    out += "}";
  }
  return out + " but got " + std::string(got);
}

}  // namespace assay::rego::types
