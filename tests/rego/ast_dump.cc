#include "tests/rego/ast_dump.h"

namespace assay::rego::testing {
namespace {

std::string Items(const std::vector<TermPtr>& items, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < items.size(); ++i) {
    if (i > from) out += ", ";
    out += items[i] ? Dump(*items[i]) : "null";
  }
  return out;
}

// Operator refs print as their dotted name: ref(plus), ref(internal.member_2).
std::string RefDump(const Term& t) {
  std::string out = "ref(";
  for (size_t i = 0; i < t.items.size(); ++i) {
    const Term& p = *t.items[i];
    if (i > 0) out += p.kind == TermKind::kString ? "." : ", ";
    if (i == 0 && p.kind == TermKind::kVar) {
      out += p.text;
    } else if (p.kind == TermKind::kString) {
      out += p.text;
    } else {
      out += "[" + Dump(p) + "]";
    }
  }
  return out + ")";
}

}  // namespace

std::string Dump(const Term& t) {
  switch (t.kind) {
    case TermKind::kNull:
      return "null";
    case TermKind::kBoolean:
      return t.boolean ? "true" : "false";
    case TermKind::kNumber:
      return "num(" + t.text + ")";
    case TermKind::kString:
      return (t.raw_string ? "raw(" : "str(") + t.text + ")";
    case TermKind::kVar:
      return "var(" + t.text + ")";
    case TermKind::kRef:
      return RefDump(t);
    case TermKind::kArray:
      return "array(" + Items(t.items) + ")";
    case TermKind::kSet:
      return "set(" + Items(t.items) + ")";
    case TermKind::kObject:
      return "object(" + Items(t.items) + ")";
    case TermKind::kCall:
      return "call(" + Items(t.items) + ")";
    case TermKind::kArrayComprehension:
      return "arraycomp(" + Items(t.items) + " | " + Dump(*t.body) + ")";
    case TermKind::kSetComprehension:
      return "setcomp(" + Items(t.items) + " | " + Dump(*t.body) + ")";
    case TermKind::kObjectComprehension:
      return "objectcomp(" + Items(t.items) + " | " + Dump(*t.body) + ")";
    case TermKind::kTemplateString:
      return "template(" + Items(t.items) + ")";
  }
  return "?";
}

std::string Dump(const Expr& e) {
  std::string out = e.negated ? "not " : "";
  switch (e.kind) {
    case ExprKind::kTerm:
      out += Dump(*e.terms[0]);
      break;
    case ExprKind::kCall:
      out += "expr(" + Items(e.terms) + ")";
      break;
    case ExprKind::kSome:
      out += "some(" + Items(e.terms) + ")";
      break;
    case ExprKind::kEvery:
      out += "every(" + Items(e.terms) + " | " + Dump(*e.body) + ")";
      break;
  }
  for (const With& w : e.with) out += " with " + Dump(*w.target) + " as " + Dump(*w.value);
  return out;
}

std::string Dump(const Body& b) {
  std::string out;
  for (size_t i = 0; i < b.size(); ++i) {
    if (i > 0) out += "; ";
    out += Dump(b[i]);
  }
  return out;
}

std::string Dump(const Rule& r) {
  std::string out = r.is_default ? "default " : "";
  out += Dump(*r.head.reference);
  if (!r.head.args.empty()) out += "(" + Items(r.head.args) + ")";
  if (r.head.contains) out += " contains " + Dump(*r.head.key);
  if (r.head.value) out += (r.head.assign ? " := " : " = ") + Dump(*r.head.value);
  if (!r.body.empty()) out += " { " + Dump(r.body) + " }";
  if (r.else_rule) out += " else " + Dump(*r.else_rule);
  return out;
}

}  // namespace assay::rego::testing
