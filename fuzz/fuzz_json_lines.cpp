// libFuzzer target: one JSON line into a struct with every kind of field (nested, optional).
// It parses or is rejected with std::invalid_argument, nothing else; what it parses formats to
// one line that parses and formats to the same text.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "io/formats/json_schema.hpp"

namespace {

struct Inner {
  std::string name;
  std::optional<double> weight;
};

struct Record {
  int64_t id = 0;
  std::optional<uint32_t> small;
  double score = 0;
  bool flag = false;
  std::string text;
  std::optional<Inner> inner;
  Inner required_inner;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rill::io;
  static const auto inner =
      JsonSchema<Inner>{}.field("name", &Inner::name).field("weight", &Inner::weight);
  static const auto schema = JsonSchema<Record>{}
                                 .field("id", &Record::id)
                                 .field("small", &Record::small)
                                 .field("score", &Record::score)
                                 .field("flag", &Record::flag)
                                 .field("text", &Record::text)
                                 .field("inner", &Record::inner, inner)
                                 .field("req", &Record::required_inner, inner);
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  Record r;
  try {
    r = schema.parse(line);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  const std::string text = schema.format(r);
  Record back;
  try {
    back = schema.parse(text);
  } catch (const std::invalid_argument&) {
    std::abort();  // what format writes must parse (a non-finite score is null: not allowed)
  }
  if (std::isfinite(r.score) && schema.format(back) != text) std::abort();
  return 0;
}
