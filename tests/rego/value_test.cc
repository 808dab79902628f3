// Value against OPA's ast semantics: the total order of v1/ast/compare.go, equality and
// hashing consistent with it, JSON as encoding/json reads and json.Marshal writes it, and
// Rego text as the values' String methods print it.
#include "src/rego/value.h"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace assay::rego;

namespace {

Value J(const std::string& json) {
  std::string error;
  std::optional<Value> v = value_from_json(json, &error);
  INFO("json " << json << " error " << error);
  REQUIRE(v.has_value());
  return *v;
}

std::string json_error(const std::string& json, size_t max_depth = 512) {
  std::string error;
  std::optional<Value> v = value_from_json(json, &error, max_depth);
  return v ? "" : error;
}

Value I(int64_t i) { return Value::integer(i); }
Value S(const char* s) { return Value::string(s); }
Value Num(const char* text) { return Value::number(*Number::parse(text)); }

}  // namespace

TEST_CASE("kinds are ordered null < boolean < number < string < array < object < set", "[value]") {
  const std::vector<Value> ascending = {
      Value::null(),
      Value::boolean(false),
      Value::boolean(true),
      Num("-1e400"),
      I(-5),
      Num("-0.5"),
      I(0),
      Num("0.5"),
      I(1),
      Num("28857836529306024611913"),
      S(""),
      S("A"),
      S("a"),
      S("ab"),
      S("b"),
      S("\xc3\xa9"),  // strings compare by bytes: é (0xc3) after b
      Value::array({}),
      Value::array({I(1)}),
      Value::array({I(1), I(2)}),
      Value::array({I(2)}),
      Value::object({}),
      Value::object({{S("a"), I(1)}}),
      Value::object({{S("a"), I(1)}, {S("b"), I(0)}}),
      Value::object({{S("a"), I(2)}}),
      Value::object({{S("b"), I(0)}}),
      Value::set({}),
      Value::set({I(1)}),
      Value::set({I(1), I(2)}),
      Value::set({I(2)}),
  };
  for (size_t i = 0; i < ascending.size(); ++i) {
    for (size_t j = 0; j < ascending.size(); ++j) {
      INFO(value_to_rego(ascending[i]) << " vs " << value_to_rego(ascending[j]));
      const int c = compare(ascending[i], ascending[j]);
      if (i < j) CHECK(c < 0);
      if (i == j) CHECK(c == 0);
      if (i > j) CHECK(c > 0);
    }
  }
}

TEST_CASE("equal values hash equally, across number spellings and nesting", "[value]") {
  CHECK(I(1) == Num("1.0"));
  CHECK(I(1).hash() == Num("1.0").hash());
  CHECK(Value::array({I(1), Num("2e0")}) == J("[1.0, 2]"));
  CHECK(Value::array({I(1), Num("2e0")}).hash() == J("[1.0, 2]").hash());
  CHECK(Value::set({I(1), I(2)}).hash() == Value::set({Num("2.0"), I(1)}).hash());
  CHECK(J(R"({"a": [1, {"b": null}]})").hash() == J(R"({"a":[1.00,{"b":null}]})").hash());
  CHECK(I(100000).hash() == Num("1e5").hash());
  CHECK(I(1) != Value::boolean(true));
  CHECK(S("1") != I(1));
}

TEST_CASE("set() sorts and deduplicates; object() sorts by key", "[value]") {
  Value s = Value::set({I(3), S("x"), I(1), Num("3.0"), I(1), Value::null()});
  REQUIRE(s.size() == 4);
  CHECK(s.set_items()[0].is_null());
  CHECK(s.set_items()[1] == I(1));
  CHECK(s.set_items()[2] == I(3));
  CHECK(s.set_items()[3] == S("x"));
  CHECK(value_to_rego(s) == R"({null, 1, 3, "x"})");

  Value o = Value::object({{S("b"), I(2)}, {I(1), S("one")}, {S("a"), I(1)}});
  REQUIRE(o.size() == 3);
  CHECK(o.object_entries()[0].first == I(1));
  CHECK(o.object_entries()[1].first == S("a"));
  CHECK(o.object_entries()[2].first == S("b"));
}

TEST_CASE("find and contains", "[value]") {
  Value arr = J(R"(["a", "b", "c"])");
  REQUIRE(arr.find(I(1)) != nullptr);
  CHECK(*arr.find(I(1)) == S("b"));
  CHECK(arr.find(I(3)) == nullptr);
  CHECK(arr.find(I(-1)) == nullptr);
  CHECK(arr.find(Num("1.0")) == nullptr);  // OPA indexes arrays by integer literals only
  CHECK(arr.find(Num("1.5")) == nullptr);
  CHECK(arr.find(S("1")) == nullptr);
  CHECK(arr.contains(S("c")));
  CHECK_FALSE(arr.contains(S("d")));

  Value obj = J(R"({"a": 1, "b": [2]})");
  REQUIRE(obj.find(S("b")) != nullptr);
  CHECK(*obj.find(S("b")) == Value::array({I(2)}));
  CHECK(obj.find(S("c")) == nullptr);
  CHECK(obj.contains(S("a")));
  CHECK_FALSE(obj.contains(I(1)));

  Value numeric_keys = Value::object({{I(1), S("one")}});
  CHECK(numeric_keys.find(Num("1.0")) != nullptr);  // keys compare as numbers

  Value set = Value::set({I(1), S("x")});
  CHECK(set.contains(Num("1e0")));
  CHECK_FALSE(set.contains(I(2)));
  REQUIRE(set.find(S("x")) != nullptr);
  CHECK(*set.find(S("x")) == S("x"));
  CHECK(I(1).find(I(0)) == nullptr);
  CHECK_FALSE(S("abc").contains(S("a")));
}

TEST_CASE("ObjectBuilder reports conflicting keys", "[value]") {
  ObjectBuilder builder;
  CHECK(builder.insert(S("b"), I(1)));
  CHECK(builder.insert(S("a"), I(2)));
  CHECK(builder.insert(S("b"), Num("1.0")));  // same value again is fine
  CHECK_FALSE(builder.insert(S("b"), I(3)));
  CHECK(builder.insert(I(7), S("n")));
  CHECK_FALSE(builder.insert(Num("7.0"), S("m")));
  Value o = std::move(builder).build();
  CHECK(value_to_rego(o) == R"({7: "n", "a": 2, "b": 1})");
}

TEST_CASE("type names are OPA's", "[value]") {
  CHECK(Value::null().type_name() == "null");
  CHECK(Value::boolean(true).type_name() == "boolean");
  CHECK(I(1).type_name() == "number");
  CHECK(S("").type_name() == "string");
  CHECK(Value::array({}).type_name() == "array");
  CHECK(Value::object({}).type_name() == "object");
  CHECK(Value::set({}).type_name() == "set");
}

TEST_CASE("value_from_json reads RFC 8259 JSON exactly", "[value][json]") {
  Value v = J(R"( {"n": 123456789012345678901234567890, "f": 1.50, "e": 1E400,
                   "s": "a\"b\\c\/\b\f\n\r\t\u00e9\ud83d\ude00", "t": true, "z": null,
                   "a": [], "o": {}} )");
  CHECK(v.find(S("n"))->as_number().to_string() == "123456789012345678901234567890");
  CHECK(v.find(S("f"))->as_number().to_string() == "1.50");
  CHECK(v.find(S("e"))->as_number().to_string() == "1E400");
  CHECK(v.find(S("s"))->as_string() == "a\"b\\c/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80");
  CHECK(*v.find(S("t")) == Value::boolean(true));
  CHECK(v.find(S("z"))->is_null());
  CHECK(J("3") == I(3));
  CHECK(J("\"x\"") == S("x"));
  CHECK(J(" null ").is_null());
  // Repeated keys: the last wins, as encoding/json.
  CHECK(J(R"({"a": 1, "b": 2, "a": 3})") == Value::object({{S("a"), I(3)}, {S("b"), I(2)}}));
  // Lone surrogates and invalid UTF-8 become U+FFFD, as encoding/json.
  CHECK(J(R"("\ud800x")").as_string() == "\xef\xbf\xbdx");
  CHECK(J(R"("\udc00\ud800\udc00")").as_string() == "\xef\xbf\xbd\xf0\x90\x80\x80");
  CHECK(J("\"a\xffz\"").as_string() == "a\xef\xbf\xbdz");
}

TEST_CASE("value_from_json rejects what is not JSON, with the byte offset", "[value][json]") {
  CHECK(json_error("") == "invalid JSON at byte 0: unexpected end of input");
  CHECK(json_error("[1, 2") ==
        "invalid JSON at byte 5: expected ',' or ']' in array, "
        "unexpected end of input");
  CHECK(json_error("{\"a\" 1}") ==
        "invalid JSON at byte 5: expected ':' after object key, "
        "unexpected character '1'");
  CHECK(json_error("[1] x") == "invalid JSON at byte 4: unexpected data after the top-level value");
  CHECK(json_error("01") == "invalid JSON at byte 1: unexpected data after the top-level value");
  for (const char* bad : {"[1,]",
                          "{\"a\":1,}",
                          "{a:1}",
                          "'a'",
                          "tru",
                          "nul",
                          "+1",
                          ".5",
                          "1.",
                          "1e",
                          "-",
                          "[",
                          "{",
                          "\"abc",
                          "\"\\x\"",
                          "\"\\u12\"",
                          "\"a\nb\"",
                          "NaN",
                          "Infinity",
                          "[1 2]",
                          "{\"a\":1 \"b\":2}",
                          "\xef\xbb\xbf{}",
                          "/* */ 1",
                          "1e1000000000000000000"}) {
    INFO(bad);
    CHECK_FALSE(json_error(bad).empty());
  }
  CHECK(json_error("[[[1]]]", 2) == "invalid JSON at byte 2: nesting deeper than 2");
  CHECK(json_error("[[1]]", 2).empty());
  CHECK_FALSE(json_error(std::string(100000, '[')).empty());
}

TEST_CASE("value_from_json survives random bytes", "[value][json]") {
  std::mt19937 random(20240601);
  const std::string alphabet = "{}[]\",:\\u0123456789eE+-.truefalsnl \t\n\xff\xc3\xa9";
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const size_t length = random() % 40;
    for (size_t i = 0; i < length; ++i) {
      text.push_back(round % 2 ? alphabet[random() % alphabet.size()]
                               : static_cast<char>(random() & 0xFF));
    }
    std::string error;
    std::optional<Value> v = value_from_json(text, &error);
    if (v) {
      // Whatever parses must survive a round trip.
      std::optional<Value> again = value_from_json(value_to_json(*v), &error);
      REQUIRE(again.has_value());
      CHECK(*again == *v);
    } else {
      CHECK_FALSE(error.empty());
    }
  }
}

TEST_CASE("value_to_json writes as json.Marshal", "[value][json]") {
  CHECK(value_to_json(J(R"({"b": [1, 2.50, true, null], "a": "x"})")) ==
        R"({"a":"x","b":[1,2.50,true,null]})");
  CHECK(value_to_json(Value::set({I(2), I(1), S("a")})) == R"([1,2,"a"])");
  CHECK(value_to_json(S("<a href=\"x\">&</a>")) ==
        R"("\u003ca href=\"x\"\u003e\u0026\u003c/a\u003e")");
  CHECK(value_to_json(S("\n\r\t\b\f\x01\x1f\x7f")) == R"("\n\r\t\b\f\u0001\u001f)"
                                                      "\x7f\"");
  CHECK(value_to_json(S("\xe2\x80\xa8\xe2\x80\xa9")) == R"("\u2028\u2029")");
  CHECK(value_to_json(S("bad\xff")) == R"("bad\ufffd")");
  CHECK(value_to_json(S("\xc3\xa9")) == "\"\xc3\xa9\"");
  // Non-string keys become their JSON text; keys sort as strings.
  CHECK(value_to_json(Value::object({{I(10), S("ten")}, {I(9), S("nine")}, {S("a"), I(1)}})) ==
        R"({"10":"ten","9":"nine","a":1})");
  CHECK(value_to_json(Value::object({{Value::array({S("k")}), I(1)}})) == R"({"[\"k\"]":1})");
  CHECK(value_to_json(Value::object({})) == "{}");
  CHECK(value_to_json(Value::array({})) == "[]");
  CHECK(value_to_json(Value::set({})) == "[]");
}

TEST_CASE("value_to_rego prints as OPA's String methods", "[value]") {
  CHECK(value_to_rego(J(R"({"a": 1, "b": [true, null, "x"]})")) ==
        R"({"a": 1, "b": [true, null, "x"]})");
  CHECK(value_to_rego(Value::set({I(2), I(1)})) == "{1, 2}");
  CHECK(value_to_rego(Value::set({})) == "set()");
  CHECK(value_to_rego(Value::object({})) == "{}");
  CHECK(value_to_rego(Value::array({})) == "[]");
  CHECK(value_to_rego(Num("1.50")) == "1.50");
  // strconv.Quote.
  CHECK(value_to_rego(S("a\"b\\c")) == R"("a\"b\\c")");
  CHECK(value_to_rego(S("\a\b\f\n\r\t\v")) == R"("\a\b\f\n\r\t\v")");
  CHECK(value_to_rego(S("\x01\x7f")) == R"("\x01\x7f")");
  CHECK(value_to_rego(S("\xc2\x80")) == R"("\u0080")");
  CHECK(value_to_rego(S("\xc2\xa0")) == R"("\u00a0")");
  CHECK(value_to_rego(S("\xe2\x80\x8b")) == R"("\u200b")");
  CHECK(value_to_rego(S("\xef\xbb\xbf")) == R"("\ufeff")");
  CHECK(value_to_rego(S("\xf3\xb0\x80\x80")) == R"("\U000f0000")");
  CHECK(value_to_rego(S("bad\xff")) == R"("bad\xff")");
  CHECK(value_to_rego(S("\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80<&>")) ==
        "\"\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80<&>\"");
}

TEST_CASE("ObjectBuilder keeps every key findable whatever the insertion order", "[value]") {
  std::mt19937 random(7);
  std::vector<int64_t> keys(5000);
  for (size_t i = 0; i < keys.size(); ++i) keys[i] = static_cast<int64_t>(i) * 3;
  std::shuffle(keys.begin(), keys.end(), random);
  ObjectBuilder builder;
  for (int64_t k : keys) REQUIRE(builder.insert(I(k), S("v")));
  // Every key again: same value accepted, different value refused; new keys still accepted.
  for (size_t i = 0; i < keys.size(); i += 7) {
    REQUIRE(builder.insert(I(keys[i]), S("v")));
    REQUIRE_FALSE(builder.insert(I(keys[i]), S("w")));
  }
  REQUIRE(builder.insert(I(1), S("one")));
  Value o = std::move(builder).build();
  REQUIRE(o.size() == keys.size() + 1);
  for (size_t i = 1; i < o.size(); ++i) {
    REQUIRE(compare(o.object_entries()[i - 1].first, o.object_entries()[i].first) < 0);
  }
  CHECK(*o.find(I(1)) == S("one"));
  CHECK(*o.find(I(3 * 4999)) == S("v"));
  CHECK(o.find(I(2)) == nullptr);
}

TEST_CASE("object() keeps the last of repeated keys; set() the first of equal members", "[value]") {
  Value o = Value::object({{S("a"), I(1)}, {S("b"), I(2)}, {S("a"), I(3)}});
  CHECK(value_to_rego(o) == R"({"a": 3, "b": 2})");
  CHECK(value_to_rego(Value::set({Num("1.0"), I(1), Num("1e0")})) == "{1.0}");
  CHECK(value_to_rego(Value::set({I(2), I(1), I(2), I(1)})) == "{1, 2}");
}

TEST_CASE("interned and allocated numbers behave alike", "[value]") {
  CHECK(I(4095) == Value::number(Number(4095)));
  CHECK(I(4096) == Value::number(Number(4096)));
  CHECK(I(-1025).hash() == Value::number(Number(-1025)).hash());
  CHECK(I(7).hash() == Num("7.00").hash());
  CHECK(value_to_rego(Num("7.00")) == "7.00");  // the text survives interning decisions
  CHECK(value_to_rego(Num("-0")) == "-0");
  CHECK(Value::number(Number::add(Number(2), Number(3))) == I(5));
  CHECK(I(5).as_number().to_int64() == 5);
  CHECK(I(std::numeric_limits<int64_t>::min()).as_number().to_int64() ==
        std::numeric_limits<int64_t>::min());
  CHECK(Value() == Value::null());
  CHECK(Value::string("") == S(""));
  CHECK(Value::array({}) == J("[]"));
  CHECK(Value::object({}) == J("{}"));
}

TEST_CASE("JSON round trips keep numbers as written", "[value][json]") {
  for (const char* json : {
           R"({"a":[1,-2,3.0,1.50,1E400,-0,1e-7,123456789012345678901234567890]})",
           R"([null,true,false,"",[],{}])",
           R"({"":{"":[[[]]]}})",
           R"("\u003c\u0026\u003e \\ \"")",
           R"({"1":"a","10":"b","9":"c","A":"d","a":"e","é":"f"})",
       }) {
    INFO(json);
    CHECK(value_to_json(J(json)) == json);
  }
  // Large inputs: a million-digit number, a long string, a wide object.
  std::string digits(1000000, '7');
  CHECK(J(digits).as_number().to_string() == digits);
  std::string wide = "{";
  for (int i = 0; i < 20000; ++i)
    wide += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  wide += "}";
  Value w = J(wide);
  CHECK(w.size() == 20000);
  CHECK(*w.find(S("k19999")) == I(19999));
  CHECK(J(value_to_json(w)) == w);
}

TEST_CASE("values are safe to share between threads", "[value]") {
  Value shared = J(R"({"a": [1, 2, {"b": "c"}], "d": 1.5})");
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        Value copy = shared;
        Value integer = I(i % 5000);
        if (copy.hash() != shared.hash() || compare(copy, shared) != 0) ++mismatches;
        if (integer.as_number().to_int64() != i % 5000) ++mismatches;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(mismatches == 0);
}
