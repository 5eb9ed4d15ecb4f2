// libFuzzer target: a node's settings from hostile options and config files.
// The input is `ARGS\0FILE`: ARGS one argument per line, FILE the text of a config file that
// is passed as the last --config-file=; without a NUL byte the whole input is the file.
// parse_node_settings must return settings or throw ConfigError: no crash, hang or leak.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "actors/node_settings.hpp"

namespace {
const std::string& config_path() {
  static const std::string path =
      "/tmp/rill-fuzz-node-settings-" + std::to_string(::getpid()) + ".ini";
  return path;
}
struct RemoveAtExit {
  ~RemoveAtExit() { ::unlink(config_path().c_str()); }
} remove_at_exit;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  std::vector<std::string> args;
  std::string_view file = input;
  if (nul != std::string_view::npos) {
    std::string_view rest = input.substr(0, nul);
    file = input.substr(nul + 1);
    while (!rest.empty()) {
      const size_t nl = rest.find('\n');
      args.emplace_back(rest.substr(0, nl));
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    }
  }
  std::ofstream(config_path(), std::ios::binary | std::ios::trunc).write(file.data(), file.size());
  args.push_back("--config-file=" + config_path());
  try {
    (void)rill::parse_node_settings(args);
  } catch (const rill::ConfigError&) {
  }
  return 0;
}
