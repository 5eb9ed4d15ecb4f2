// Word count on an installed rill, as a template of the program's own (rill::cli_main gives it
// the `rill` command's verbs):
//   app run wordcount --input=GLOB --output=PREFIX [--min-length=N] [runner options]
//   app templates [--format=json]      app run wordcount --help      app --help
#include <cctype>
#include <rill/rill.hpp>

namespace {

// The lowercase words of a line with at least `min_length` letters.
std::vector<std::string> words(const std::string& line, size_t min_length) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (std::isalpha(static_cast<unsigned char>(c)))
      out.back() += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.back().empty())
      out.emplace_back();
  }
  std::erase_if(out, [&](const std::string& w) { return w.empty() || w.size() < min_length; });
  return out;
}

const rill::Template kWordCount{
    "wordcount",
    "Counts the words of text files; lines 'word: count'.",
    {rill::option<std::string>("input", "file or glob to read").required(),
     rill::option<std::string>("output", "output prefix: files PREFIX-SSSSS-of-NNNNN").required(),
     rill::option<int64_t>("min-length", 1, "shorter words are not counted").between(1, 100)},
    [](rill::Pipeline& p, const rill::OptionValues& params) {
      const auto min_length = params.get<size_t>("min-length");
      p | rill::io::ReadFromText("Read", params.get<std::string>("input")) |
          rill::FlatMap("Words",
                        [min_length](const std::string& line) { return words(line, min_length); }) |
          rill::Count::PerElement("Count") |
          rill::Map("Format",
                    [](rill::KV<std::string, int64_t> kv) {
                      return kv.key + ": " + std::to_string(kv.value);
                    }) |
          rill::io::WriteToText("Write", params.get<std::string>("output"));
    }};

}  // namespace

int main(int argc, char** argv) {
  return rill::cli_main(argc, argv, {kWordCount});
}
