// A user's program with its own templates (as a flex template's launcher would be): two
// pipelines with typed parameters, and the `rill` command's verbs from rill::cli_main.
// user_templates_test.cpp runs it as a child process.
#include <cctype>

#include "rill.hpp"

namespace {

// Words of at least `min_length` letters, in the case `mode` asks for.
std::vector<std::string> words(const std::string& line, int64_t min_length,
                               const std::string& mode) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      const auto u = static_cast<unsigned char>(c);
      out.back() += static_cast<char>(mode == "lower"   ? std::tolower(u)
                                      : mode == "upper" ? std::toupper(u)
                                                        : u);
    } else if (!out.back().empty()) {
      out.emplace_back();
    }
  }
  std::vector<std::string> kept;
  for (auto& w : out)
    if (static_cast<int64_t>(w.size()) >= min_length) kept.push_back(std::move(w));
  return kept;
}

const rill::Template kWordCounts{
    "word-counts",
    "Counts the words of text files, in the case asked for; lines 'word: count'.",
    {rill::option<std::string>("input", "file or glob to read").required(),
     rill::option<std::string>("output", "output prefix (no glob characters)")
         .required()
         .matching("[^*?]+"),
     rill::option<int64_t>("min-length", 1, "shorter words are skipped").between(1, 100),
     rill::option<std::string>("case", "keep", "keep, lower or upper")
         .matching("keep|lower|upper")},
    [](rill::Pipeline& p, const rill::OptionValues& params) {
      const int64_t min_length = params.get<int64_t>("min-length");
      const std::string mode = params.get<std::string>("case");
      p | rill::io::ReadFromText("Read", params.get<std::string>("input")) |
          rill::FlatMap("Words",
                        [min_length, mode](const std::string& line) {
                          return words(line, min_length, mode);
                        }) |
          rill::Count::PerElement("Count") |
          rill::Map("Format",
                    [](rill::KV<std::string, int64_t> kv) {
                      return kv.key + ": " + std::to_string(kv.value);
                    }) |
          rill::io::WriteToText("Write", params.get<std::string>("output"));
    }};

const rill::Template kLineCount{
    "line-count",
    "Counts the lines of text files; one line 'lines: N'.",
    {rill::option<std::string>("input", "file or glob to read").required(),
     rill::option<std::string>("output", "output prefix").required()},
    [](rill::Pipeline& p, const rill::OptionValues& params) {
      p | rill::io::ReadFromText("Read", params.get<std::string>("input")) |
          rill::Count::Globally("Count") |
          rill::Map("Format", [](int64_t n) { return "lines: " + std::to_string(n); }) |
          rill::io::WriteToText("Write", params.get<std::string>("output"), 1);
    }};

}  // namespace

int main(int argc, char** argv) {
  return rill::cli_main(argc, argv, {kWordCounts, kLineCount});
}
