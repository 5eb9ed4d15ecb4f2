// JSON objects into structs through JsonObjectFields, with nlohmann-json's SAX parser: values
// go straight into the members (no document is built), and a record's strings are moved out
// of the lexer. The handler's stacks are thread-local: a parse allocates nothing of its own.
#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "graph/json_text.hpp"
#include "io/formats/json_fields.hpp"

namespace rill::io::detail {
namespace {

using json = nlohmann::json;

class Handler {
 public:
  void start(const JsonObjectFields* root, void* obj) {
    root_ = root;
    root_obj_ = obj;
    frames_.clear();
    seen_.clear();
    skip_depth_ = 0;
    skip_next_ = false;
    pending_ = -1;
    started_ = false;
  }
  std::string error;

  // Scalars.
  bool null() {
    return scalar("null", [&](const JsonField& f, void* o) { return f.set_null(o); });
  }
  bool boolean(bool v) {
    return scalar("a boolean", [&](const JsonField& f, void* o) { return f.set_bool(o, v); });
  }
  bool number_integer(json::number_integer_t v) {
    return scalar("an integer", [&](const JsonField& f, void* o) { return f.set_int(o, v); });
  }
  bool number_unsigned(json::number_unsigned_t v) {
    return scalar("an integer", [&](const JsonField& f, void* o) { return f.set_uint(o, v); });
  }
  bool number_float(json::number_float_t v, const json::string_t&) {
    return scalar("a number with a fraction or an exponent",
                  [&](const JsonField& f, void* o) { return f.set_double(o, v); });
  }
  bool string(json::string_t& v) {
    return scalar("a string", [&](const JsonField& f, void* o) { return f.set_string(o, v); });
  }
  bool binary(json::binary_t&) {
    return scalar("binary", [](const JsonField&, void*) { return false; });
  }

  bool start_object(std::size_t) {
    if (skipping_container()) return true;
    if (!started_) {
      started_ = true;
      push(root_, root_obj_, nullptr);
      return true;
    }
    const JsonField& f = take_pending();
    const auto [fields, obj] = f.object(frames_.back().obj);
    if (!fields) wrong_kind(f, "an object");
    push(fields, obj, &f);
    return true;
  }
  bool key(json::string_t& k) {
    if (skip_depth_ > 0) return true;
    pending_ = frames_.back().fields->find(k);
    skip_next_ = pending_ < 0;
    return true;
  }
  bool end_object() {
    if (skip_depth_ > 0) return --skip_depth_, true;
    const Frame& fr = frames_.back();
    for (size_t i = 0; i < fr.fields->size(); ++i)
      if (!seen_[fr.seen_begin + i] && (*fr.fields)[i].required())
        fail("missing field '" + path((*fr.fields)[i].name()) + "'");
    seen_.resize(fr.seen_begin);
    frames_.pop_back();
    return true;
  }
  bool start_array(std::size_t) {
    if (skipping_container()) return true;
    if (!started_) fail("expected a JSON object, got an array");
    wrong_kind(take_pending(), "an array");
  }
  bool end_array() {
    --skip_depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 3: ..." without the tag.
    std::string_view what = e.what();
    if (const size_t tag = what.find("] "); tag != std::string_view::npos)
      what.remove_prefix(tag + 2);
    error = std::string("not JSON: ") + std::string(what);
    return false;
  }

 private:
  struct Frame {
    const JsonObjectFields* fields;
    void* obj;
    const JsonField* via;  // the field it is the value of (nullptr: the record)
    size_t seen_begin;
  };

  [[noreturn]] void fail(std::string why) { throw std::invalid_argument(std::move(why)); }

  // "outer.inner.name" for messages.
  std::string path(const std::string& name) const {
    std::string p;
    for (const auto& fr : frames_)
      if (fr.via) p += fr.via->name() + ".";
    return p + name;
  }
  [[noreturn]] void wrong_kind(const JsonField& f, const char* got) {
    fail("field '" + path(f.name()) + "': expected " + f.expected() + ", got " + got);
  }

  void push(const JsonObjectFields* fields, void* obj, const JsonField* via) {
    frames_.push_back(Frame{fields, obj, via, seen_.size()});
    seen_.resize(seen_.size() + fields->size(), 0);
  }

  // The field whose value comes now; marks it seen.
  const JsonField& take_pending() {
    Frame& fr = frames_.back();
    seen_[fr.seen_begin + static_cast<size_t>(pending_)] = 1;
    return (*fr.fields)[static_cast<size_t>(pending_)];
  }

  // Inside (or at the start of) an object or array that no field takes.
  bool skipping_container() {
    if (skip_depth_ > 0 || skip_next_) {
      ++skip_depth_;
      skip_next_ = false;
      return true;
    }
    return false;
  }

  template <class Set>
  bool scalar(const char* kind, Set set) {
    if (skip_depth_ > 0) return true;
    if (skip_next_) return skip_next_ = false, true;
    if (!started_) fail(std::string("expected a JSON object, got ") + kind);
    const JsonField& f = take_pending();
    try {
      if (!set(f, frames_.back().obj)) wrong_kind(f, kind);
    } catch (const std::invalid_argument& e) {
      if (std::string_view(e.what()).starts_with("field '")) throw;
      fail("field '" + path(f.name()) + "': " + e.what());
    }
    return true;
  }

  const JsonObjectFields* root_ = nullptr;
  void* root_obj_ = nullptr;
  std::vector<Frame> frames_;
  std::vector<char> seen_;  // per field of each open object: it came
  int skip_depth_ = 0;
  bool skip_next_ = false;  // the value after an unknown key
  int pending_ = -1;
  bool started_ = false;
};

}  // namespace

void parse_json_object(std::string_view text, const JsonObjectFields& fields, void* obj) {
  thread_local Handler handler;
  handler.start(&fields, obj);
  if (!json::sax_parse(text.begin(), text.end(), &handler))
    throw std::invalid_argument(handler.error);
}

void write_json_object(const JsonObjectFields& fields, const void* obj, std::string& out) {
  out += '{';
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, fields[i].name());
    out += ':';
    fields[i].write(obj, out);
  }
  out += '}';
}

void append_json_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[32];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

}  // namespace rill::io::detail
