// Value: immutable Rego values on shared storage, in OPA's total order (v1/ast/compare.go).
#include "src/rego/value.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <variant>

namespace assay::rego {
namespace {

// Small integers, the empty string and empty collections live in static storage that is never
// freed; Values point at it without a control block, so copying them touches no counter.
constexpr int64_t kInternedMin = -1024;
constexpr int64_t kInternedMax = 4095;

size_t combine(size_t seed, size_t value) {
  return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

int sign_of(int c) { return (c > 0) - (c < 0); }

// The integer an array index must be: OPA's Number.Int accepts integer literals only, so 1.0
// and 1e0 do not index arrays.
std::optional<int64_t> plain_integer(const Number& n) {
  std::optional<int64_t> i = n.to_int64();
  if (!i) return std::nullopt;
  // Integral decimals keep their text ("1.0", "1e3", "-0"); integers print as bare digits.
  const std::string text = n.to_string();
  if (text.find_first_of(".eE") != std::string::npos || text == "-0") return std::nullopt;
  return i;
}

}  // namespace

struct Value::Storage {
  std::variant<Number, std::string, std::vector<Value>, std::vector<ObjectEntry>> payload;
  mutable std::atomic<size_t> cached_hash{0};  // 0: not computed yet

  Storage() = default;
  explicit Storage(Number n) : payload(std::move(n)) {}
  explicit Storage(std::string s) : payload(std::move(s)) {}
  explicit Storage(std::vector<Value> items) : payload(std::move(items)) {}
  explicit Storage(std::vector<ObjectEntry> entries) : payload(std::move(entries)) {}

  static std::shared_ptr<const Storage> unowned(const Storage* storage) {
    return std::shared_ptr<const Storage>(std::shared_ptr<const Storage>(), storage);
  }

  static const Storage* interned_integer(int64_t i) {
    static const Storage* const table = [] {
      auto* storages = new Storage[kInternedMax - kInternedMin + 1];
      for (int64_t k = kInternedMin; k <= kInternedMax; ++k) {
        storages[k - kInternedMin].payload = Number(k);
      }
      return storages;
    }();
    return &table[i - kInternedMin];
  }

  static const Storage* empty_string() {
    static const Storage* const storage = new Storage(std::string());
    return storage;
  }
  // Arrays and sets get their own empty storage: each caches its own kind's hash.
  static const Storage* empty_items(ValueKind kind) {
    static const Storage* const array = new Storage(std::vector<Value>());
    static const Storage* const set = new Storage(std::vector<Value>());
    return kind == ValueKind::kArray ? array : set;
  }
  static const Storage* empty_entries() {
    static const Storage* const storage = new Storage(std::vector<ObjectEntry>());
    return storage;
  }

  static Value make(ValueKind kind, std::shared_ptr<const Storage> storage) {
    Value v;
    v.kind_ = kind;
    v.storage_ = std::move(storage);
    return v;
  }

  static const std::vector<Value>& items(const Value& v) {
    return *std::get_if<std::vector<Value>>(&v.storage_->payload);
  }
  static const std::vector<ObjectEntry>& entries(const Value& v) {
    return *std::get_if<std::vector<ObjectEntry>>(&v.storage_->payload);
  }
  static bool same_storage(const Value& a, const Value& b) { return a.storage_ == b.storage_; }
  static const Storage& of(const Value& v) { return *v.storage_; }
};

Value::Value() = default;

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = ValueKind::kBoolean;
  v.boolean_ = b;
  return v;
}

Value Value::integer(int64_t i) {
  if (i >= kInternedMin && i <= kInternedMax) {
    return Storage::make(ValueKind::kNumber, Storage::unowned(Storage::interned_integer(i)));
  }
  return Storage::make(ValueKind::kNumber, std::make_shared<const Storage>(Number(i)));
}

Value Value::number(Number n) {
  if (std::optional<int64_t> i = n.to_int64(); i && *i >= kInternedMin && *i <= kInternedMax) {
    // Only numbers written as plain integers share the interned storage: "1.0" keeps its text.
    if (plain_integer(n)) return integer(*i);
  }
  return Storage::make(ValueKind::kNumber, std::make_shared<const Storage>(std::move(n)));
}

Value Value::string(std::string s) {
  if (s.empty())
    return Storage::make(ValueKind::kString, Storage::unowned(Storage::empty_string()));
  return Storage::make(ValueKind::kString, std::make_shared<const Storage>(std::move(s)));
}

Value Value::array(std::vector<Value> items) {
  if (items.empty())
    return Storage::make(ValueKind::kArray,
                         Storage::unowned(Storage::empty_items(ValueKind::kArray)));
  return Storage::make(ValueKind::kArray, std::make_shared<const Storage>(std::move(items)));
}

Value Value::set(std::vector<Value> items) {
  if (items.empty())
    return Storage::make(ValueKind::kSet, Storage::unowned(Storage::empty_items(ValueKind::kSet)));
  auto strictly_less = [](const Value& a, const Value& b) { return compare(a, b) < 0; };
  // Already sorted and free of duplicates (the common case when built from sorted sources).
  bool canonical = true;
  for (size_t i = 1; i < items.size() && canonical; ++i) {
    canonical = strictly_less(items[i - 1], items[i]);
  }
  if (!canonical) {
    std::stable_sort(items.begin(), items.end(), strictly_less);
    auto equal = [](const Value& a, const Value& b) { return compare(a, b) == 0; };
    items.erase(std::unique(items.begin(), items.end(), equal), items.end());
  }
  return Storage::make(ValueKind::kSet, std::make_shared<const Storage>(std::move(items)));
}

Value Value::object(std::vector<ObjectEntry> entries) {
  if (entries.empty()) {
    return Storage::make(ValueKind::kObject, Storage::unowned(Storage::empty_entries()));
  }
  auto key_less = [](const ObjectEntry& a, const ObjectEntry& b) {
    return compare(a.first, b.first) < 0;
  };
  bool canonical = true;
  for (size_t i = 1; i < entries.size() && canonical; ++i) {
    canonical = key_less(entries[i - 1], entries[i]);
  }
  if (!canonical) {
    std::stable_sort(entries.begin(), entries.end(), key_less);
    // Callers promise unique keys; should one repeat anyway, the last one given wins.
    size_t out = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
      if (i + 1 < entries.size() && compare(entries[i].first, entries[i + 1].first) == 0) continue;
      if (out != i) entries[out] = std::move(entries[i]);
      ++out;
    }
    entries.resize(out);
  }
  return Storage::make(ValueKind::kObject, std::make_shared<const Storage>(std::move(entries)));
}

bool Value::as_boolean() const { return boolean_; }

const Number& Value::as_number() const { return *std::get_if<Number>(&storage_->payload); }

std::string_view Value::as_string() const { return *std::get_if<std::string>(&storage_->payload); }

std::span<const Value> Value::array_items() const { return Storage::items(*this); }

std::span<const Value> Value::set_items() const { return Storage::items(*this); }

std::span<const ObjectEntry> Value::object_entries() const { return Storage::entries(*this); }

size_t Value::size() const {
  switch (kind_) {
    case ValueKind::kArray:
    case ValueKind::kSet:
      return Storage::items(*this).size();
    case ValueKind::kObject:
      return Storage::entries(*this).size();
    default:
      return 0;
  }
}

const Value* Value::find(const Value& key) const {
  switch (kind_) {
    case ValueKind::kObject: {
      const auto& entries = Storage::entries(*this);
      auto it = std::lower_bound(
          entries.begin(), entries.end(), key,
          [](const ObjectEntry& e, const Value& k) { return compare(e.first, k) < 0; });
      if (it == entries.end() || compare(it->first, key) != 0) return nullptr;
      return &it->second;
    }
    case ValueKind::kSet: {
      const auto& items = Storage::items(*this);
      auto it = std::lower_bound(items.begin(), items.end(), key,
                                 [](const Value& a, const Value& b) { return compare(a, b) < 0; });
      if (it == items.end() || compare(*it, key) != 0) return nullptr;
      return &*it;
    }
    case ValueKind::kArray: {
      if (!key.is_number()) return nullptr;
      std::optional<int64_t> index = plain_integer(key.as_number());
      const auto& items = Storage::items(*this);
      if (!index || *index < 0 || static_cast<uint64_t>(*index) >= items.size()) return nullptr;
      return &items[static_cast<size_t>(*index)];
    }
    default:
      return nullptr;
  }
}

bool Value::contains(const Value& member) const {
  switch (kind_) {
    case ValueKind::kObject:
    case ValueKind::kSet:
      return find(member) != nullptr;
    case ValueKind::kArray:
      for (const Value& item : Storage::items(*this)) {
        if (compare(item, member) == 0) return true;
      }
      return false;
    default:
      return false;
  }
}

int compare(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return a.kind_ < b.kind_ ? -1 : 1;
  switch (a.kind_) {
    case ValueKind::kNull:
      return 0;
    case ValueKind::kBoolean:
      return static_cast<int>(a.boolean_) - static_cast<int>(b.boolean_);
    case ValueKind::kNumber:
      if (Value::Storage::same_storage(a, b)) return 0;
      return compare(a.as_number(), b.as_number());
    case ValueKind::kString:
      if (Value::Storage::same_storage(a, b)) return 0;
      return sign_of(a.as_string().compare(b.as_string()));
    case ValueKind::kArray:
    case ValueKind::kSet: {
      // Sets are sorted, so both compare element by element, then by length (termSliceCompare).
      if (Value::Storage::same_storage(a, b)) return 0;
      const auto& x = Value::Storage::items(a);
      const auto& y = Value::Storage::items(b);
      const size_t n = std::min(x.size(), y.size());
      for (size_t i = 0; i < n; ++i) {
        if (int c = compare(x[i], y[i]); c != 0) return c;
      }
      return (x.size() > y.size()) - (x.size() < y.size());
    }
    case ValueKind::kObject: {
      // OPA's object.Compare: keys in sorted order, each key then its value, then length.
      if (Value::Storage::same_storage(a, b)) return 0;
      const auto& x = Value::Storage::entries(a);
      const auto& y = Value::Storage::entries(b);
      const size_t n = std::min(x.size(), y.size());
      for (size_t i = 0; i < n; ++i) {
        if (int c = compare(x[i].first, y[i].first); c != 0) return c;
        if (int c = compare(x[i].second, y[i].second); c != 0) return c;
      }
      return (x.size() > y.size()) - (x.size() < y.size());
    }
  }
  return 0;
}

size_t Value::hash() const {
  switch (kind_) {
    case ValueKind::kNull:
      return 0x6e756c6cULL;
    case ValueKind::kBoolean:
      return boolean_ ? 0x74727565ULL : 0x66616c73ULL;
    case ValueKind::kNumber:
      return as_number().hash();
    default:
      break;
  }
  const Storage& storage = Storage::of(*this);
  if (size_t cached = storage.cached_hash.load(std::memory_order_relaxed)) return cached;
  size_t h = static_cast<size_t>(kind_) * 0x100000001b3ULL;
  switch (kind_) {
    case ValueKind::kString:
      h = combine(h, std::hash<std::string_view>{}(as_string()));
      break;
    case ValueKind::kArray:
    case ValueKind::kSet:
      for (const Value& item : Storage::items(*this)) h = combine(h, item.hash());
      break;
    case ValueKind::kObject:
      for (const auto& [key, value] : Storage::entries(*this)) {
        h = combine(combine(h, key.hash()), value.hash());
      }
      break;
    default:
      break;
  }
  if (h == 0) h = 1;
  storage.cached_hash.store(h, std::memory_order_relaxed);
  return h;
}

std::string_view Value::type_name() const {
  switch (kind_) {
    case ValueKind::kNull:
      return "null";
    case ValueKind::kBoolean:
      return "boolean";
    case ValueKind::kNumber:
      return "number";
    case ValueKind::kString:
      return "string";
    case ValueKind::kArray:
      return "array";
    case ValueKind::kObject:
      return "object";
    case ValueKind::kSet:
      return "set";
  }
  return "null";
}

// The builder keeps its entries as sorted runs whose lengths are the binary digits of the
// entry count, longest first (a binomial layout): the count alone says where runs begin, a
// lookup binary-searches each run, and an insert merges the equal-length runs at the end, so
// inserting n keys in any order costs O(n log n) moves and O(n log^2 n) comparisons.
bool ObjectBuilder::insert(Value key, Value value) {
  const auto key_less = [](const ObjectEntry& a, const ObjectEntry& b) {
    return compare(a.first, b.first) < 0;
  };
  const size_t count = entries_.size();
  size_t run_begin = 0;
  for (int bit = 63; bit >= 0; --bit) {
    const size_t run_length = size_t{1} << bit;
    if ((count & run_length) == 0) continue;
    const auto first = entries_.begin() + static_cast<ptrdiff_t>(run_begin);
    const auto last = first + static_cast<ptrdiff_t>(run_length);
    const auto it = std::lower_bound(first, last, key, [](const ObjectEntry& e, const Value& k) {
      return compare(e.first, k) < 0;
    });
    if (it != last && compare(it->first, key) == 0) return compare(it->second, value) == 0;
    run_begin += run_length;
  }
  entries_.emplace_back(std::move(key), std::move(value));
  // Adding one carries through the count's trailing one bits: merge those runs in turn.
  size_t merged = 1;
  for (size_t carry = count; carry & 1; carry >>= 1) {
    const auto end = entries_.end();
    const auto middle = end - static_cast<ptrdiff_t>(merged);
    const auto begin = middle - static_cast<ptrdiff_t>(merged);
    if (key_less(*middle, *(middle - 1))) std::inplace_merge(begin, middle, end, key_less);
    merged *= 2;
  }
  return true;
}

Value ObjectBuilder::build() && { return Value::object(std::move(entries_)); }

}  // namespace assay::rego
