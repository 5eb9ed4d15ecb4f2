#include "examples/gaming/example_program.hpp"

#include <charconv>
#include <iostream>
#include <stdexcept>

#include "examples/gaming/minutes.hpp"

namespace rill::examples::gaming {

ExampleFlags::ExampleFlags(int argc, char** argv, const std::set<std::string>& known) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.size() <= 2 || arg.rfind("--", 0) != 0)
      throw std::invalid_argument("unexpected argument '" + arg + "' (flags are --name=value)");
    std::string name, value;
    if (const auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(2, eq - 2);
      value = arg.substr(eq + 1);
    } else if (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) {
      name = arg.substr(2);
      value = argv[++i];
    } else {
      throw std::invalid_argument("flag " + arg + " needs a value (--name=value)");
    }
    if (name.empty()) throw std::invalid_argument("empty flag name in '" + arg + "'");
    if (!known.count(name)) throw std::invalid_argument("unknown flag --" + name);
    if (!values_.emplace(name, value).second)
      throw std::invalid_argument("flag --" + name + " given twice");
  }
}

const std::string& ExampleFlags::required(const std::string& name) {
  const auto it = values_.find(name);
  if (it == values_.end()) throw std::invalid_argument("missing required flag --" + name);
  return it->second;
}

std::string ExampleFlags::optional(const std::string& name, const std::string& fallback) {
  const auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

int64_t ExampleFlags::minutes(const std::string& name, int64_t fallback) {
  const auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  const std::string& s = it->second;
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 1 || v > kMaxMinutes)
    throw std::invalid_argument("--" + name + "=" + s + " is not an integer in [1, " +
                                std::to_string(kMaxMinutes) + "]");
  return v;
}

int run_example(const std::string& program, const std::string& usage,
                const std::set<std::string>& known_flags, int argc, char** argv,
                const std::function<void(ExampleFlags&, Pipeline&)>& build) {
  if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    std::cout << usage;
    return 0;
  }
  try {
    ExampleFlags flags(argc, argv, known_flags);
    Pipeline p;
    build(flags, p);
    const auto result = p.run();
    std::cout << result.summary();
    if (!result.ok()) {
      std::cerr << program << ": step '" << result.failed_step << "' failed: " << result.error
                << "\n";
      return 1;
    }
    return 0;
  } catch (const std::invalid_argument& e) {  // bad flags, or bad input found while building
    std::cerr << program << ": " << e.what() << " (see --help)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace rill::examples::gaming
