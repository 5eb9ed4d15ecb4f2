// libFuzzer target: YAML text -> transcripts, each run the way rill-conformance runs it.
// Whatever the text, the runner must end with documents or a std::runtime_error naming the
// problem, and every case with PASS or FAIL: no crash, hang, leak or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <stdexcept>
#include <streambuf>
#include <string_view>

#include "conformance/transcript_runner.hpp"

namespace {
struct NullBuffer : std::streambuf {
  int overflow(int c) override { return c; }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rill::conformance;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<YAML::Node> docs;
  try {
    docs = load_documents_from_text(text, "fuzz.yaml");
  } catch (const std::runtime_error&) {
    return 0;
  }
  NullBuffer null_buffer;
  std::ostream warnings(&null_buffer);
  CaseNamer namer;
  for (const YAML::Node& doc : docs) {
    std::string base = "unnamed";
    if (doc.IsMap() && doc["name"] && doc["name"].IsScalar()) base = doc["name"].Scalar();
    (void)run_case(doc, namer.unique(base), warnings);
  }
  return 0;
}
