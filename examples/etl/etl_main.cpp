// The ETL example as a program (see etl.hpp):
//   etl --events=GLOB --users=GLOB --output=PREFIX [--dead-letter=PATH]
#include "examples/etl/etl.hpp"
#include "examples/gaming/example_program.hpp"

using namespace rill::examples;

int main(int argc, char** argv) {
  const char* usage =
      "usage: etl --events=GLOB --users=GLOB --output=PREFIX [--dead-letter=PATH]\n"
      "  events: timestamp_ms,user,action,amount_cents   users: user,country\n"
      "  writes PREFIX-events-* (timestamp_ms,user,country,amount_cents) and\n"
      "         PREFIX-user-totals-* (user,purchases,total_cents)\n";
  const std::set<std::string> known_flags = {"events", "users", "output", "dead-letter"};
  return gaming::run_example("etl", usage, known_flags, argc, argv,
                             [](gaming::ExampleFlags& flags, rill::Pipeline& p) {
                               etl::EtlOptions options;
                               options.events = flags.required("events");
                               options.users = flags.required("users");
                               options.output = flags.required("output");
                               options.dead_letter = flags.optional("dead-letter", "");
                               etl::build_etl(p, options);
                             });
}
