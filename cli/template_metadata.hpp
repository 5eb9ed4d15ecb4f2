#pragma once
// `rill templates`: the templates and their parameters, as text or as JSON in the shape of
// Dataflow's template metadata file.
#include <string>
#include <vector>

#include "cli/template.hpp"

namespace rill::cli {

// Each template's name, description and parameters ("    --input (required)  help",
// "    --num-shards  help [default 0] [int64 in [0, 10000]]").
std::string templates_text(const std::vector<Template>& templates);

// A JSON array, one object per template:
//   {"name": ..., "description": ..., "parameters": [{"name", "label", "helpText",
//    "isOptional", "regexes": [...], "paramType": "TEXT", "defaultValue"?, "type",
//    "min"?, "max"?}]}
// as Dataflow's metadata file has them ("type", "min" and "max" are rill's additions).
std::string templates_json(const std::vector<Template>& templates);

}  // namespace rill::cli
