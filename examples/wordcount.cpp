#include "examples/wordcount.hpp"

#include "io/read_from_text.hpp"
#include "io/write_to_text.hpp"

namespace rill::examples {

PCollection<std::string> count_words(const PCollection<std::string>& lines) {
  return lines |
         FlatMap<KV<std::string, int64_t>>(
             "ExtractWords",
             [](const std::string& line, Emitter<KV<std::string, int64_t>>& out) {
               for_each_word(line, [&](std::string_view w) {
                 out.emit(KV<std::string, int64_t>{std::string(w), 1});
               });
             }) |
         CombinePerKey("CountWords", combine::Sum<int64_t>{}) |
         Map("Format", [](KV<std::string, int64_t> kv) {
           std::string s = std::move(kv.key);
           s += ": ";
           s += std::to_string(kv.value);
           return s;
         });
}

void build_wordcount(Pipeline& p, const std::string& input, const std::string& output,
                     int num_shards) {
  auto lines = p | io::ReadFromText("Read", input);
  count_words(lines) | io::WriteToText("Write", output, num_shards);
}

}  // namespace rill::examples
