// The type system against OPA's own expectations (v1/types/types_test.go, ast/check.go).
#include "src/rego/types.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace assay::rego::types;

namespace {

TypePtr A() { return AnyOf({}); }
TypePtr N() { return Number(); }
TypePtr S() { return String(); }
TypePtr B() { return Boolean(); }
TypePtr Nl() { return Null(); }
TypePtr Tuple(std::vector<TypePtr> elements) { return Array(std::move(elements), nullptr); }
TypePtr Obj(std::vector<StaticProperty> props) { return Object(std::move(props), std::nullopt); }

// Compare() == 0 with both types printed when it fails.
void CheckSame(const TypePtr& got, const TypePtr& want) {
  INFO("got " << to_string(got) << ", want " << to_string(want));
  CHECK(Compare(got, want) == 0);
}

}  // namespace

TEST_CASE("scalar types print as OPA names them") {
  CHECK(to_string(Nl()) == "null");
  CHECK(to_string(B()) == "boolean");
  CHECK(to_string(N()) == "number");
  CHECK(to_string(S()) == "string");
  CHECK(to_string(A()) == "any");
  CHECK(to_string(nullptr) == "???");
  CHECK(kind_name(Kind::kFunction) == "function");
}

TEST_CASE("composite types print as OPA's String methods do") {
  CHECK(to_string(ArrayOf(A())) == "array[any]");
  CHECK(to_string(Tuple({N(), S()})) == "array<number, string>");
  CHECK(to_string(Array({N()}, S())) == "array<number>[string]");
  CHECK(to_string(Array({}, nullptr)) == "array");
  CHECK(to_string(Set(S())) == "set[string]");
  CHECK(to_string(Set(nullptr)) == "set[???]");
  CHECK(to_string(ObjectOf(S(), A())) == "object[string: any]");
  CHECK(to_string(Object({{"a", N()}}, DynamicProperty{S(), A()})) ==
        "object<a: number>[string: any]");
  CHECK(to_string(Obj({})) == "object");
  CHECK(to_string(Any(N(), S())) == "any<number, string>");
  CHECK(to_string(Any(S())) == "any<string>");
}

TEST_CASE("object and function types print as in OPA's TestStrings") {
  TypePtr t = Object({{"foo", Nl()},
                      {"bar", B()},
                      {"baz", N()},
                      {"qux", S()},
                      {"corge", Array({A(), Any(Nl(), S()), Set(S())}, S())},
                      {"nil", nullptr}},
                     DynamicProperty{S(), N()});
  CHECK(to_string(t) ==
        "object<bar: boolean, baz: number, corge: array<any, any<null, string>, set[string]>"
        "[string], foo: null, nil: ???, qux: string>[string: number]");
  CHECK(to_string(Function({S(), S()}, N())) == "(string, string) => number");
  FunctionType variadic;
  variadic.args = {{"", N()}};
  variadic.variadic = S();
  CHECK(to_string(Function(variadic)) == "(number, string...) => ???");
}

TEST_CASE("object keys print with Go's %v and sort by util.Compare") {
  TypePtr t = Obj({{"b", S()},
                   {Key::number("10"), N()},
                   {Key::number("9"), N()},
                   {Key::boolean(true), B()},
                   {Key::null(), Nl()}});
  CHECK(to_string(t) == "object<<nil>: null, true: boolean, 9: number, 10: number, b: string>");
}

TEST_CASE("unions are sorted by OPA's type order") {
  // typeOrder: null, boolean, number, string, array, object, set, any, function.
  CHECK(to_string(Any(S(), N())) == "any<number, string>");
  CHECK(to_string(Any(Set(A()), S(), ObjectOf(A(), A()), ArrayOf(A()))) ==
        "any<string, array[any], object[any: any], set[any]>");
  CHECK(to_string(Any(N(), Tuple({N(), S(), S()}), Tuple({N(), S()}))) ==
        "any<number, array<number, string>, array<number, string, string>>");
}

TEST_CASE("Compare orders types as OPA's TestCompare does") {
  TypePtr no_dynamic = Array({}, nullptr);
  TypePtr any_any = ObjectOf(A(), A());
  struct Case {
    TypePtr a, b;
    int cmp;
  };
  std::vector<Case> cases = {
      {Nl(), Nl(), 0},
      {Nl(), B(), -1},
      {B(), Nl(), 1},
      {B(), B(), 0},
      {B(), N(), -1},
      {N(), N(), 0},
      {N(), S(), -1},
      {S(), S(), 0},
      {S(), no_dynamic, -1},
      {no_dynamic, ArrayOf(A()), -1},
      {ArrayOf(A()), ArrayOf(A()), 0},
      {ArrayOf(A()), ArrayOf(S()), 1},
      {ArrayOf(A()), no_dynamic, 1},
      {Tuple({S()}), Tuple({N()}), 1},
      {Obj({}), any_any, -1},
      {any_any, Obj({}), 1},
      {any_any, ObjectOf(A(), A()), 0},
      {ObjectOf(S(), Any(S(), Nl())), any_any, -1},
      {Set(Nl()), Set(A()), -1},
      {Obj({{"foo", S()}}), Obj({{"foo", S()}, {"bar", N()}}), 1},
      {Obj({{"foo", S()}, {"bar", N()}}), Obj({{"foo", S()}}), -1},
      {Obj({{"foo", S()}}), Obj({{"foo", Nl()}}), 1},
      {Obj({{"foo", S()}}), Obj({{"foo", S()}, {"foo-2", N()}}), -1},
      {Obj({{"foo", S()}, {"foo-2", N()}}), Obj({{"foo", S()}}), 1},
      {Function({}, nullptr), A(), 1},
      {Function({B()}, N()), Function({S()}, N()), -1},
      {Function({}, S()), Function({}, N()), 1},
      {Function({}, S()), Function({N()}, S()), -1},
      {Function({S()}, N()), Function({}, S()), 1},
      {Function({S()}, N()), Function({S()}, N()), 0},
      {nullptr, Nl(), -1},
      {nullptr, nullptr, 0},
  };
  for (const Case& c : cases) {
    INFO("Compare(" << to_string(c.a) << ", " << to_string(c.b) << ")");
    CHECK(Compare(c.a, c.b) == c.cmp);
  }
}

TEST_CASE("equality ignores parameter names and sharing") {
  FunctionType named;
  named.args = {{"x", N()}};
  named.result = {"y", S()};
  CHECK(Equal(Function(named), Function({N()}, S())));
  CHECK(Equal(Set(ArrayOf(N())), Set(ArrayOf(N()))));
  CHECK_FALSE(Equal(Set(ArrayOf(N())), Set(ArrayOf(S()))));
}

TEST_CASE("Contains is OPA's superset test") {
  CHECK(Contains(S(), S()));
  CHECK(Contains(A(), S()));
  CHECK_FALSE(Contains(Any(N(), B()), S()));
  CHECK_FALSE(Contains(N(), S()));
  CHECK(Contains(Any(N(), S()), S()));
  CHECK(Contains(A(), nullptr));
  CHECK_FALSE(Contains(A(), Function({}, N())));
  // Not structural: that is Unifies' job.
  CHECK_FALSE(Contains(ArrayOf(A()), ArrayOf(N())));
}

TEST_CASE("Or builds flattened, sorted unions as OPA's TestOr expects") {
  CheckSame(Or(nullptr, S()), S());
  CheckSame(Or(S(), nullptr), S());
  CheckSame(Or(Nl(), Nl()), Nl());
  CheckSame(Or(S(), N()), Any(N(), S()));
  CheckSame(Or(A(), Nl()), A());
  CheckSame(Or(Nl(), A()), A());
  CheckSame(Or(Nl(), Any(S(), N())), Any(S(), N(), Nl()));
  CheckSame(Or(A(), A()), A());
  CheckSame(Or(Any(Nl(), N()), A()), A());
  CheckSame(Or(Any(N(), S()), Any(Nl(), B())), Any(Nl(), B(), S(), N()));
  CheckSame(Or(Any(Nl(), N()), Nl()), Any(Nl(), N()));
  CheckSame(Or(Function({S()}, B()), Function({N()}, B())), Function({Any(S(), N())}, B()));
  CHECK(Or(Function({S()}, B()), Function({S(), S()}, B())) == nullptr);
  CHECK(Or(Function({S()}, B()), S()) == nullptr);
  // A union of unions is one union, not nested.
  TypePtr u = Or(Or(Any(N(), S()), B()), Any(S(), Nl()));
  CHECK(to_string(u) == "any<null, boolean, number, string>");
  // The union is kept sorted when a member is inserted (OPA's TestAnyMerge).
  CHECK(to_string(Or(Any(S(), B()), N())) == "any<boolean, number, string>");
  CHECK(to_string(Or(Any(S(), B()), ArrayOf(A()))) == "any<boolean, string, array[any]>");
}

TEST_CASE("Select gives the type of x[k] as OPA's TestSelect expects") {
  CheckSame(Select(Tuple({S()}), Key::number("0")), S());
  CheckSame(Select(ArrayOf(S()), Key::number("100")), S());
  CHECK(Select(Tuple({S(), N(), B()}), Key::number("4")) == nullptr);
  CHECK(Select(Tuple({S(), N(), B()}), Key::number("-4")) == nullptr);
  CHECK(Select(Tuple({S(), N(), B()}), Key::number("-2")) == nullptr);
  CHECK(Select(Tuple({S(), N(), B()}), Key::number("1.5")) == nullptr);
  CHECK(Select(Tuple({S(), N(), B()}), "1") == nullptr);
  CheckSame(Select(Obj({{"hello", S()}}), "hello"), S());
  CheckSame(Select(Object({{"hello", S()}}, DynamicProperty{S(), N()}), "goodbye"), N());
  CheckSame(Select(Object({{"hello", S()}}, DynamicProperty{N(), N()}), Key::number("2")), N());
  CheckSame(Select(Object({{"hello", S()}}, DynamicProperty{N(), N()}), "hello"), S());
  CHECK(Select(Obj({{"hello", S()}}), "deadbeef") == nullptr);
  CheckSame(Select(Obj({{Key::number("1"), S()}, {Key::number("2"), N()}}), Key::number("2")), N());
  CheckSame(Select(Set(N()), Key::number("2")), N());
  CHECK(Select(Set(N()), "foo") == nullptr);
  CheckSame(Select(A(), "x"), A());
  CheckSame(Select(Any(ArrayOf(N()), ArrayOf(S())), Key::number("10")), Any(N(), S()));
  CheckSame(Select(Set(Any(S(), N())), Key::number("1")), N());
  CHECK(Select(N(), "1") == nullptr);
  CHECK(Select(S(), "1") == nullptr);
  CHECK(Select(B(), "1") == nullptr);
  CHECK(Select(Nl(), "1") == nullptr);
  CHECK(Select(nullptr, "1") == nullptr);
}

TEST_CASE("Keys and Values as OPA's TestKeys and TestValues expect") {
  CheckSame(Keys(Array({}, nullptr)), N());
  CheckSame(Keys(ObjectOf(S(), S())), S());
  CheckSame(Keys(Set(N())), N());
  CheckSame(Keys(Any(Array({}, nullptr), Set(S()))), Any(S(), N()));
  CheckSame(Keys(Any(Array({}, nullptr), S())), N());
  CheckSame(Keys(A()), A());
  CheckSame(Keys(Obj({{"a", N()}, {Key::number("1"), S()}})), Any(N(), S()));
  for (const TypePtr& scalar : {N(), S(), B(), Nl()}) {
    CHECK(Keys(scalar) == nullptr);
    CHECK(Values(scalar) == nullptr);
  }
  CheckSame(Values(Tuple({N()})), N());
  CheckSame(Values(Array({N(), S()}, B())), Any(S(), N(), B()));
  CheckSame(Values(Obj({{"a", S()}, {"b", N()}})), Any(S(), N()));
  CheckSame(Values(Object({{"a", S()}, {"b", N()}}, DynamicProperty{A(), B()})),
            Any(S(), N(), B()));
  CheckSame(Values(Set(N())), N());
  CheckSame(Values(A()), A());
  CheckSame(Values(Any(ArrayOf(N()), S())), N());
}

TEST_CASE("Nil finds unknown parts as OPA's TestNil expects") {
  CHECK(Nil(nullptr));
  CHECK(Nil(Obj({{"foo", Tuple({N(), B(), Nl(), S(), Set(nullptr)})}})));
  CHECK_FALSE(Nil(Obj({{"foo", Tuple({N(), B(), Nl(), S(), Set(A())})}})));
  CHECK(Nil(ObjectOf(S(), nullptr)));
  CHECK(Nil(Function({S()}, nullptr)));  // OPA counts a void result as unknown
  CHECK_FALSE(Nil(Function({S()}, N())));
  CHECK_FALSE(Nil(A()));
}

TEST_CASE("TypeOf gives the type of a scalar key") {
  CheckSame(TypeOf(Key::null()), Nl());
  CheckSame(TypeOf(Key::boolean(false)), B());
  CheckSame(TypeOf(Key::number("1e3")), N());
  CheckSame(TypeOf("x"), S());
  CHECK(CompareKeys(Key::number("2"), Key::number("10")) < 0);
  CHECK(CompareKeys(Key::number("1.0"), Key::number("1")) == 0);
  CHECK(CompareKeys(Key::boolean(true), Key::number("0")) < 0);
  CHECK(CompareKeys("a", "b") < 0);
}

TEST_CASE("Unifies accepts what check.go's unifies accepts") {
  struct Case {
    TypePtr a, b;
    bool unifies;
  };
  std::vector<Case> cases = {
      {N(), N(), true},
      {N(), S(), false},
      {N(), A(), true},
      {A(), N(), true},
      {Any(N(), S()), S(), true},
      {S(), Any(N(), S()), true},
      {B(), Any(N(), S()), false},
      {Any(N(), B()), Any(S(), B()), true},
      {Any(N(), B()), Any(S(), Nl()), false},
      {nullptr, A(), false},
      {A(), nullptr, false},
      {ArrayOf(N()), ArrayOf(A()), true},
      {ArrayOf(N()), ArrayOf(S()), false},
      {Tuple({N(), S()}), ArrayOf(Any(N(), S())), true},
      {Tuple({N(), S()}), ArrayOf(N()), false},
      {Tuple({N()}), Tuple({N(), S()}), false},
      {Tuple({N()}), Array({N()}, S()), true},
      {ArrayOf(N()), Set(N()), false},
      {Set(N()), Set(A()), true},
      {Set(N()), Set(S()), false},
      {Set(nullptr), Set(A()), false},
      {Obj({{"a", N()}}), ObjectOf(S(), A()), true},
      {Obj({{"a", N()}}), ObjectOf(N(), A()), false},
      {Obj({{"a", N()}}), Obj({{"a", S()}}), false},
      {Obj({{"a", N()}}), Obj({{"b", N()}}), false},
      {ObjectOf(S(), N()), ObjectOf(S(), S()), false},
      {ObjectOf(S(), N()), ObjectOf(A(), A()), true},
      {Obj({}), ObjectOf(A(), A()), true},
      {ObjectOf(A(), A()), Any(Set(A()), ArrayOf(A()), ObjectOf(A(), A()), S()), true},
      {Function({S()}, B()), Function({A()}, N()), true},
      {Function({S()}, B()), Function({N()}, B()), false},
      {Function({S()}, B()), Function({S(), S()}, B()), false},
      {Function({S()}, B()), A(), false},
      {A(), Function({S()}, B()), false},
      {Function({}, B()), S(), false},
  };
  for (const Case& c : cases) {
    INFO("Unifies(" << to_string(c.a) << ", " << to_string(c.b) << ")");
    CHECK(Unifies(c.a, c.b) == c.unifies);
  }
}

TEST_CASE("a signature prints bare, and named in the want line") {
  FunctionType count;
  count.args = {{"collection", Any(Set(A()), ArrayOf(A()), ObjectOf(A(), A()), S())}};
  count.result = {"n", N()};
  CHECK(to_string(count) == "(any<string, array[any], object[any: any], set[any]>) => number");
  CHECK(FormatWant(count) ==
        "(collection: any<string, array[any], object[any: any], set[any]>, n: number)");
  FunctionType eq;
  eq.args = {{"", A()}, {"", A()}};
  eq.result = {"", B()};
  CHECK(FormatWant(eq) == "(any, any, boolean)");
  FunctionType print;
  print.variadic = A();
  CHECK(to_string(print) == "(any...) => ???");
  CHECK(FormatWant(print) == "(any...)");
  CHECK(FormatArgs({N(), nullptr}) == "(number, ?\?\?)");
  CHECK(FormatArgs({}) == "()");
}

TEST_CASE("argument errors read as OPA's rego_type_error text") {
  FunctionType count;
  count.args = {{"collection", Any(Set(A()), ArrayOf(A()), ObjectOf(A(), A()), S())}};
  count.result = {"n", N()};
  TypeErrorText e = ArgError("count", kInvalidArguments, {N(), nullptr}, count);
  CHECK(e.message == "count: invalid argument(s)");
  REQUIRE(e.details.size() == 2);
  CHECK(e.details[0] == "have: (number, ?\?\?)");
  CHECK(e.full() ==
        "count: invalid argument(s)\n"
        "\thave: (number, ?\?\?)\n"
        "\twant: (collection: any<string, array[any], object[any: any], set[any]>, n: number)");

  FunctionType plus;
  plus.args = {{"x", N()}, {"y", N()}};
  plus.result = {"z", N()};
  CHECK(ArgError("plus", kTooManyArguments, {N(), N(), N(), N()}, plus).full() ==
        "plus: too many arguments\n\thave: (number, number, number, number)\n"
        "\twant: (x: number, y: number, z: number)");
  CHECK(ArgError("plus", kTooFewArguments, {N()}, plus).message == "plus: too few arguments");
}

TEST_CASE("unification and operand errors read as OPA's") {
  CHECK(MatchError(N(), Tuple({S()})).full() ==
        "match error\n\tleft  : number\n\tright : array<string>");
  CHECK(OperandTypeMessage(1, "number", {"string"}) == "operand 1 must be string but got number");
  CHECK(OperandTypeMessage(2, "string", {"array", "set"}) ==
        "operand 2 must be one of {array, set} but got string");
}

TEST_CASE("types are shared, immutable values") {
  CHECK(N() == Number());  // scalars and `any` are built once
  CHECK(A() == Any());
  TypePtr t = Set(N());
  TypePtr copy = t;
  CHECK(copy.get() == t.get());
  CHECK(t->set_element() == N());
}
