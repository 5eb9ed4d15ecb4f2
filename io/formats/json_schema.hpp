#pragma once
// JsonSchema<T>: the fields of a JSON object and the member of T each one fills, declared with
// member pointers (as CsvSchema<T>), for JSON lines (json_lines.hpp):
//   struct Address { std::string city; std::optional<std::string> zip; };
//   struct Person { int64_t id; std::string name; double score; bool active;
//                   std::optional<Address> address; };
//   auto address = rill::io::JsonSchema<Address>{}.field("city", &Address::city)
//                                                 .field("zip", &Address::zip);
//   auto person = rill::io::JsonSchema<Person>{}
//                     .field("id", &Person::id)
//                     .field("name", &Person::name)
//                     .field("score", &Person::score)
//                     .field("active", &Person::active)
//                     .field("address", &Person::address, address);  // a nested object
// A member is std::string, an integer (range-checked; a JSON number with a fraction or an
// exponent is not an integer), a floating-point number (any JSON number), bool, a struct with
// its own schema, or std::optional of one of them: absent or null leaves it empty; any other
// member must be there and not null. Keys the schema does not name are read past. T must be
// default-constructible.
#include <charconv>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "graph/json_text.hpp"
#include "io/formats/json_fields.hpp"
#include "io/formats/text_value.hpp"

namespace rill::io {

template <class T>
class JsonSchema;

namespace detail {

template <class M>
inline constexpr bool is_json_scalar_v = is_text_scalar_v<M>;

template <class M>
const char* json_expected() {
  if constexpr (std::is_same_v<M, std::string>)
    return "a string";
  else if constexpr (std::is_same_v<M, bool>)
    return "a boolean";
  else if constexpr (std::is_integral_v<M>)
    return "an integer";
  else
    return "a number";
}

template <class M, class V>
void set_integer(M& out, V v) {
  if (!std::in_range<M>(v)) throw std::invalid_argument(std::to_string(v) + " is out of range");
  out = static_cast<M>(v);
}

// The rules of one scalar member type M.
template <class M>
struct JsonScalar {
  static bool set_bool(M& m, bool v) {
    if constexpr (std::is_same_v<M, bool>) return m = v, true;
    return false;
  }
  static bool set_int(M& m, int64_t v) {
    if constexpr (std::is_same_v<M, bool> || std::is_same_v<M, std::string>) {
      return false;
    } else if constexpr (std::is_integral_v<M>) {
      set_integer(m, v);
      return true;
    } else {
      m = static_cast<M>(v);
      return true;
    }
  }
  static bool set_uint(M& m, uint64_t v) {
    if constexpr (std::is_same_v<M, bool> || std::is_same_v<M, std::string>) {
      return false;
    } else if constexpr (std::is_integral_v<M>) {
      set_integer(m, v);
      return true;
    } else {
      m = static_cast<M>(v);
      return true;
    }
  }
  static bool set_double(M& m, double v) {
    if constexpr (std::is_floating_point_v<M>) return m = static_cast<M>(v), true;
    return false;
  }
  static bool set_string(M& m, std::string& v) {
    if constexpr (std::is_same_v<M, std::string>) return m = std::move(v), true;
    return false;
  }
  static void write(const M& v, std::string& out) {
    if constexpr (std::is_same_v<M, std::string>) {
      append_json_string(out, v);
    } else if constexpr (std::is_same_v<M, bool>) {
      out += v ? "true" : "false";
    } else if constexpr (std::is_integral_v<M>) {
      char buf[24];
      out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
    } else {
      append_json_number(out, static_cast<double>(v));
    }
  }
};

// A member M of T (a scalar or std::optional of one).
template <class T, class M>
class JsonMember final : public JsonField {
  using V = std::conditional_t<is_optional_v<M>, typename optional_of<M>::type, M>;

 public:
  JsonMember(std::string name, M T::*member) : JsonField(std::move(name)), member_(member) {}
  bool required() const override { return !is_optional_v<M>; }
  const char* expected() const override { return json_expected<V>(); }
  bool set_null(void* obj) const override {
    if constexpr (is_optional_v<M>) return get(obj).reset(), true;
    return false;
  }
  bool set_bool(void* obj, bool v) const override { return JsonScalar<V>::set_bool(value(obj), v); }
  bool set_int(void* obj, int64_t v) const override {
    return JsonScalar<V>::set_int(value(obj), v);
  }
  bool set_uint(void* obj, uint64_t v) const override {
    return JsonScalar<V>::set_uint(value(obj), v);
  }
  bool set_double(void* obj, double v) const override {
    return JsonScalar<V>::set_double(value(obj), v);
  }
  bool set_string(void* obj, std::string& v) const override {
    return JsonScalar<V>::set_string(value(obj), v);
  }
  void write(const void* obj, std::string& out) const override {
    const M& m = static_cast<const T*>(obj)->*member_;
    if constexpr (is_optional_v<M>) {
      if (m)
        JsonScalar<V>::write(*m, out);
      else
        out += "null";
    } else {
      JsonScalar<V>::write(m, out);
    }
  }

 private:
  M& get(void* obj) const { return static_cast<T*>(obj)->*member_; }
  // The value to set (an optional gets one; a wrong kind then fails the record anyway).
  V& value(void* obj) const {
    if constexpr (is_optional_v<M>)
      return get(obj).emplace();
    else
      return get(obj);
  }
  M T::*member_;
};

// A member M of T that is a struct U, or std::optional<U>, filled by U's schema.
template <class T, class M, class U>
class JsonNested final : public JsonField {
 public:
  JsonNested(std::string name, M T::*member, std::shared_ptr<const JsonObjectFields> fields)
      : JsonField(std::move(name)), member_(member), fields_(std::move(fields)) {}
  bool required() const override { return !is_optional_v<M>; }
  const char* expected() const override { return "an object"; }
  bool set_null(void* obj) const override {
    if constexpr (is_optional_v<M>) return get(obj).reset(), true;
    return false;
  }
  std::pair<const JsonObjectFields*, void*> object(void* obj) const override {
    if constexpr (is_optional_v<M>)
      return {fields_.get(), &get(obj).emplace()};
    else
      return {fields_.get(), &get(obj)};
  }
  void write(const void* obj, std::string& out) const override {
    const M& m = static_cast<const T*>(obj)->*member_;
    if constexpr (is_optional_v<M>) {
      if (m)
        write_json_object(*fields_, &*m, out);
      else
        out += "null";
    } else {
      write_json_object(*fields_, &m, out);
    }
  }

 private:
  M& get(void* obj) const { return static_cast<T*>(obj)->*member_; }
  M T::*member_;
  std::shared_ptr<const JsonObjectFields> fields_;
};

}  // namespace detail

template <class T>
class JsonSchema {
 public:
  JsonSchema() : fields_(std::make_shared<detail::JsonObjectFields>()) {}

  template <class M>
  JsonSchema& field(std::string name, M T::*member) {
    static_assert(detail::is_text_value_v<M>,
                  "rill::io::JsonSchema::field: the member must be std::string, an integer, a "
                  "floating-point number, bool, or std::optional of one of them (a struct "
                  "member needs its own schema: field(name, &T::member, JsonSchema<U>{}...))");
    own().add(std::make_shared<detail::JsonMember<T, M>>(std::move(name), member));
    return *this;
  }

  // A nested object: the member is a struct U or std::optional<U>.
  template <class M, class U>
  JsonSchema& field(std::string name, M T::*member, const JsonSchema<U>& nested) {
    static_assert(std::is_same_v<M, U> || std::is_same_v<M, std::optional<U>>,
                  "rill::io::JsonSchema::field: the nested schema is for another type than the "
                  "member (it must be U for a member U or std::optional<U>)");
    own().add(
        std::make_shared<detail::JsonNested<T, M, U>>(std::move(name), member, nested.fields_));
    return *this;
  }

  // One JSON object as a T. Throws std::invalid_argument with the reason.
  T parse(std::string_view text) const {
    T out{};
    detail::parse_json_object(text, *fields_, &out);
    return out;
  }
  // `v` as one line of JSON: {"name":value,...} in the schema's order, no spaces.
  std::string format(const T& v) const {
    std::string out;
    detail::write_json_object(*fields_, &v, out);
    return out;
  }
  size_t size() const { return fields_->size(); }

 private:
  template <class>
  friend class JsonSchema;
  // Copies share their fields until one adds another (a nested schema is captured as it is).
  detail::JsonObjectFields& own() {
    if (fields_.use_count() > 1) fields_ = std::make_shared<detail::JsonObjectFields>(*fields_);
    return *fields_;
  }
  std::shared_ptr<detail::JsonObjectFields> fields_;
};

}  // namespace rill::io
