#pragma once
// The type-erased side of JsonSchema<T>: what a field does with each kind of JSON value, so
// that the parser (json_parser.cpp, the only place that knows nlohmann-json) fills any struct
// without being a template, and the schema's header does not pull a JSON library into every
// program that includes rill.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rill::io::detail {

class JsonObjectFields;

class JsonField {
 public:
  explicit JsonField(std::string name) : name_(std::move(name)) {}
  virtual ~JsonField() = default;
  const std::string& name() const { return name_; }

  // Absent (or null) is an error unless the member is a std::optional.
  virtual bool required() const = 0;
  // What it takes, for messages: "a string", "an integer", "a number", "a boolean", "an object".
  virtual const char* expected() const = 0;
  // Each sets the member of *obj from a value of that kind; false when the member cannot take
  // that kind; throws std::invalid_argument when the value is out of the member's range.
  virtual bool set_null(void*) const { return false; }
  virtual bool set_bool(void*, bool) const { return false; }
  virtual bool set_int(void*, int64_t) const { return false; }
  virtual bool set_uint(void*, uint64_t) const { return false; }
  virtual bool set_double(void*, double) const { return false; }
  virtual bool set_string(void*, std::string&) const { return false; }  // may move from it
  // A nested object: its fields and the object to fill (an optional is emplaced first);
  // {nullptr, nullptr} when the member is not an object.
  virtual std::pair<const JsonObjectFields*, void*> object(void*) const { return {}; }
  // Appends the member of *obj as a JSON value.
  virtual void write(const void* obj, std::string& out) const = 0;

 private:
  std::string name_;
};

class JsonObjectFields {
 public:
  void add(std::shared_ptr<const JsonField> f) { fields_.push_back(std::move(f)); }
  size_t size() const { return fields_.size(); }
  const JsonField& operator[](size_t i) const { return *fields_[i]; }
  // The field's index, -1 for a key the schema does not name (its value is read past).
  int find(std::string_view key) const {
    for (size_t i = 0; i < fields_.size(); ++i)
      if (fields_[i]->name() == key) return static_cast<int>(i);
    return -1;
  }

 private:
  std::vector<std::shared_ptr<const JsonField>> fields_;
};

// Fills *obj (already default-constructed) from `text`, one JSON object. Throws
// std::invalid_argument with the reason: not JSON (nlohmann's message), not an object, a
// missing field, a value of the wrong kind or out of range (naming the field, nested ones as
// "outer.inner"). Keys the schema does not name are read past.
void parse_json_object(std::string_view text, const JsonObjectFields& fields, void* obj);

// Appends {"name":value,...} in the fields' order; an empty optional is null.
void write_json_object(const JsonObjectFields& fields, const void* obj, std::string& out);

// A double in the shortest form that reads back exactly; null for inf and nan (JSON has no
// such numbers).
void append_json_number(std::string& out, double v);

}  // namespace rill::io::detail
