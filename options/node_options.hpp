#pragma once
// The node options (--rill.*, --config-file=..., CAF's own groups such as --scheduler.*): how a
// process takes part in a cluster. Parsed and checked by parse_node_settings
// (actors/node_settings.hpp); here only their names, so that a parser in plain C++ can pass them
// on untouched.
#include <string>

namespace rill {

// True for an argument that parse_node_settings() consumes.
bool is_node_option(const std::string& arg);

// The node options, for --help texts.
const char* node_options_help();

}  // namespace rill
