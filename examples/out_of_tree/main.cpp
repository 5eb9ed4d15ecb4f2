// Word count on an installed rill: app INPUT_GLOB OUTPUT_PREFIX
#include <cctype>
#include <iostream>
#include <rill/rill.hpp>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: app INPUT_GLOB OUTPUT_PREFIX\n";
    return 2;
  }
  rill::Pipeline p;
  p | rill::io::ReadFromText("Read", argv[1]) |
      rill::FlatMap("Words",
                    [](const std::string& line) {
                      std::vector<std::string> words(1);
                      for (char c : line) {
                        if (std::isalpha(static_cast<unsigned char>(c)))
                          words.back() += static_cast<char>(std::tolower(c));
                        else if (!words.back().empty())
                          words.emplace_back();
                      }
                      if (words.back().empty()) words.pop_back();
                      return words;
                    }) |
      rill::Count::PerElement("Count") |
      rill::Map("Format",
                [](rill::KV<std::string, int64_t> kv) {
                  return kv.key + ": " + std::to_string(kv.value);
                }) |
      rill::io::WriteToText("Write", argv[2]);
  auto result = p.run();
  std::cout << result.summary();
  return result.ok() ? 0 : 1;
}
