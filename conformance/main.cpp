// rill-conformance FILE.yaml...: runs Beam trigger transcripts against rill's windowing layer.
// Prints `PASS name` or `FAIL name: reason` per transcript, then `N passed, M failed`.
// Exit status: 0 if everything passed, 1 if anything failed, 2 on usage errors.
// A file that cannot be read as transcripts (malformed or hostile: over 1 MiB, a YAML stream
// yaml-cpp cannot get past) is one `FAIL FILE: reason` line; the other files still run. Inside
// a case, expressions nest at most 256 deep, times stay within Beam's range and windows per
// transcript are bounded (see transcript_runner.hpp and strategy_builder.hpp).
#include <iostream>
#include <string>

#include "conformance/transcript_runner.hpp"

int main(int argc, char** argv) {
  using namespace rill::conformance;
  if (argc < 2) {
    std::cerr << "usage: rill-conformance FILE.yaml...\n";
    return 2;
  }
  int passed = 0;
  int failed = 0;
  CaseNamer namer;
  for (int i = 1; i < argc; ++i) {
    std::string path = argv[i];
    std::vector<YAML::Node> docs;
    try {
      docs = load_documents(path);
    } catch (const std::exception& e) {
      std::cout << "FAIL " << e.what() << "\n";  // the message starts with the path
      ++failed;
      continue;
    }
    for (const YAML::Node& doc : docs) {
      std::string base = "unnamed";
      if (doc.IsMap() && doc["name"] && doc["name"].IsScalar()) base = doc["name"].Scalar();
      CaseResult r = run_case(doc, namer.unique(base), std::cerr);
      if (r.passed) {
        std::cout << "PASS " << r.name << "\n";
        ++passed;
      } else {
        std::cout << "FAIL " << r.name << ": " << r.reason << "\n";
        ++failed;
      }
    }
  }
  std::cout << passed << " passed, " << failed << " failed" << std::endl;
  return failed == 0 ? 0 : 1;
}
