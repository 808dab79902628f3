// Printing terms, refs and expressions as OPA's String() methods do (term.go, policy.go), since
// they appear verbatim in OPA's messages ("undefined function data.p.f", "conflicting rules
// data.p.q found", "print(\"x\") used as value").
#include <cstdio>

#include "src/rego/compile_ir.h"

namespace assay::rego::ir {

// ---- Printing ----

namespace {

constexpr std::string_view kKeywords[] = {"not",  "package", "import",   "as",   "default",
                                          "else", "with",    "null",     "true", "false",
                                          "some", "if",      "contains", "in",   "every"};

bool is_keyword(std::string_view s) {
  for (std::string_view k : kKeywords) {
    if (k == s) return true;
  }
  return false;
}

bool is_var_compatible(std::string_view s) {
  if (s.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(s[0])) return false;
  for (char c : s) {
    if (!alpha(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

// Go's strconv.Quote for the common cases: escapes quotes, backslashes and control characters.
std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\v':
        out += "\\v";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

std::string join_terms(const std::vector<Term*>& items, size_t from, const Names& names) {
  std::string out;
  for (size_t i = from; i < items.size(); ++i) {
    if (i > from) out += ", ";
    out += term_string(items[i], names);
  }
  return out;
}

}  // namespace

std::string ref_string(const std::vector<Term*>& items, const Names& names) {
  if (items.empty()) return "";
  std::string out = term_string(items[0], names);
  for (size_t i = 1; i < items.size(); ++i) {
    const Term* p = items[i];
    if (p->kind == TermKind::kString && is_var_compatible(p->text) && !is_keyword(p->text)) {
      out += "." + p->text;
    } else {
      out += "[" + term_string(p, names) + "]";
    }
  }
  return out;
}

std::string term_string(const Term* t, const Names& names) {
  switch (t->kind) {
    case TermKind::kNull:
      return "null";
    case TermKind::kBoolean:
      return t->boolean ? "true" : "false";
    case TermKind::kNumber:
      return t->text;
    case TermKind::kString:
      return go_quote(t->text);
    case TermKind::kVar:
      return std::string(names.display(t->var));
    case TermKind::kRef:
      return ref_string(t->items, names);
    case TermKind::kArray:
      return "[" + join_terms(t->items, 0, names) + "]";
    case TermKind::kSet:
      if (t->items.empty()) return "set()";
      return "{" + join_terms(t->items, 0, names) + "}";
    case TermKind::kObject: {
      std::string out = "{";
      for (size_t i = 0; i + 1 < t->items.size(); i += 2) {
        if (i > 0) out += ", ";
        out += term_string(t->items[i], names) + ": " + term_string(t->items[i + 1], names);
      }
      return out + "}";
    }
    case TermKind::kCall:
      if (t->items.empty()) return "()";
      return term_string(t->items[0], names) + "(" + join_terms(t->items, 1, names) + ")";
    case TermKind::kArrayComprehension:
      return "[" + term_string(t->items[0], names) + " | " + body_string(t->body, names) + "]";
    case TermKind::kSetComprehension:
      return "{" + term_string(t->items[0], names) + " | " + body_string(t->body, names) + "}";
    case TermKind::kObjectComprehension:
      return "{" + term_string(t->items[0], names) + ": " + term_string(t->items[1], names) +
             " | " + body_string(t->body, names) + "}";
    case TermKind::kTemplateString: {
      std::string out = "$\"";
      for (const Term* part : t->items) {
        if (part->kind == TermKind::kString) {
          out += part->text;
        } else {
          out += "{" + term_string(part, names) + "}";
        }
      }
      return out + "\"";
    }
  }
  return "";
}

std::string expr_string(const Expr* e, const Names& names) {
  std::string out;
  if (e->negated) out += "not ";
  switch (e->kind) {
    case ExprKind::kTerm:
      out += term_string(e->terms[0], names);
      break;
    case ExprKind::kCall:
      if (e->terms.size() == 3 && e->terms[0]->kind == TermKind::kRef &&
          e->terms[0]->items.size() == 1 && e->terms[0]->items[0]->kind == TermKind::kVar &&
          names.text(e->terms[0]->items[0]->var) == "eq") {
        out += term_string(e->terms[1], names) + " = " + term_string(e->terms[2], names);
      } else {
        out += term_string(e->terms[0], names) + "(" + join_terms(e->terms, 1, names) + ")";
      }
      break;
    case ExprKind::kSome:
      if (e->terms.size() == 1 && e->terms[0]->kind == TermKind::kCall) {
        const Term* call = e->terms[0];
        if (call->items.size() == 4) {
          out += "some " + term_string(call->items[1], names) + ", " +
                 term_string(call->items[2], names) + " in " + term_string(call->items[3], names);
        } else if (call->items.size() == 3) {
          out += "some " + term_string(call->items[1], names) + " in " +
                 term_string(call->items[2], names);
        }
      } else {
        out += "some " + join_terms(e->terms, 0, names);
      }
      break;
    case ExprKind::kEvery:
      out += "every ";
      if (e->key) out += term_string(e->key, names) + ", ";
      out += term_string(e->value, names) + " in " + term_string(e->domain, names) + " { " +
             body_string(e->body, names) + " }";
      break;
  }
  for (const With& w : e->with) {
    out += " with " + term_string(w.target, names) + " as " + term_string(w.value, names);
  }
  return out;
}

std::string body_string(const Body& b, const Names& names) {
  std::string out;
  for (size_t i = 0; i < b.size(); ++i) {
    if (i > 0) out += "; ";
    out += expr_string(b[i], names);
  }
  return out;
}

std::string package_string(const ModuleIr* m, const Names& names) {
  if (m->package.size() <= 1) return "package <illegal path>";
  std::vector<Term*> path(m->package.begin() + 1, m->package.end());
  std::string out = "package ";
  // The first element prints as a var (OPA replaces the string with a var of the same name).
  const Term* first = path[0];
  out += first->kind == TermKind::kString ? first->text : term_string(first, names);
  for (size_t i = 1; i < path.size(); ++i) {
    const Term* p = path[i];
    if (p->kind == TermKind::kString && is_var_compatible(p->text) && !is_keyword(p->text)) {
      out += "." + p->text;
    } else {
      out += "[" + term_string(p, names) + "]";
    }
  }
  return out;
}

std::string location_string(const std::string& file, SourceLocation at) {
  if (!file.empty()) return file + ":" + std::to_string(at.row);
  return std::to_string(at.row) + ":" + std::to_string(at.col);
}

std::string_view value_name(const Term* t) {
  switch (t->kind) {
    case TermKind::kNull:
      return "null";
    case TermKind::kBoolean:
      return "boolean";
    case TermKind::kNumber:
      return "number";
    case TermKind::kString:
      return "string";
    case TermKind::kVar:
      return "var";
    case TermKind::kRef:
      return "ref";
    case TermKind::kArray:
      return "array";
    case TermKind::kObject:
      return "object";
    case TermKind::kSet:
      return "set";
    case TermKind::kArrayComprehension:
      return "arraycomprehension";
    case TermKind::kObjectComprehension:
      return "objectcomprehension";
    case TermKind::kSetComprehension:
      return "setcomprehension";
    case TermKind::kCall:
      return "call";
    case TermKind::kTemplateString:
      return "templatestring";
  }
  return "";
}

}  // namespace assay::rego::ir
