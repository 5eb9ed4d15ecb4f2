#include "examples/join/cogroup.hpp"

#include <algorithm>

#include "examples/join/keyed_line.hpp"
#include "io/read_from_text.hpp"
#include "io/write_to_file.hpp"
#include "io/write_to_text.hpp"

namespace rill::examples::join {
namespace {

void append_sorted(std::string& out, std::vector<std::string>& values) {
  std::sort(values.begin(), values.end());  // std::string compares bytes as unsigned char
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ';';
    out += values[i];
  }
}

// Lines -> keyed values; lines without a comma become dead letters of step `name`.
std::tuple<PCollection<Keyed>, PCollection<DeadLetter>> parse_keyed(Pipeline& p,
                                                                    const std::string& name,
                                                                    const std::string& input) {
  return p | io::ReadFromText("Read" + name, input) |
         TryMap("Parse" + name, [](const std::string& line) { return split_keyed_line(line); });
}

}  // namespace

std::string format_cogrouped(CoGrouped grouped) {
  auto& [left, right] = grouped.value;
  std::string line = std::move(grouped.key);
  line += '|';
  append_sorted(line, left);
  line += '|';
  append_sorted(line, right);
  return line;
}

PCollection<std::string> cogroup_lines(const PCollection<Keyed>& left,
                                       const PCollection<Keyed>& right) {
  return std::tuple{left, right} | CoGroupByKey("CoGroupByKey") |
         Map("Format", [](CoGrouped grouped) { return format_cogrouped(std::move(grouped)); });
}

void build_cogroup(Pipeline& p, const CoGroupOptions& options) {
  auto [left, bad_left] = parse_keyed(p, "Left", options.left);
  auto [right, bad_right] = parse_keyed(p, "Right", options.right);
  cogroup_lines(left, right) | io::WriteToText("WriteCoGrouped", options.output);
  if (!options.dead_letter.empty()) {
    std::vector<PCollection<DeadLetter>>{bad_left, bad_right} | Flatten("AllDeadLetters") |
        Map("DeadLetterToJson", [](const DeadLetter& d) { return to_json_line(d); }) |
        io::WriteToFile("WriteDeadLetters", options.dead_letter);
  }
}

}  // namespace rill::examples::join
