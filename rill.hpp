#pragma once
// rill in one include (installed as <rill/rill.hpp>): everything a program needs to build and
// run a pipeline.
//  - the model: pipelines, collections, transforms, windowing, state (graph/rill.hpp), and the
//    engine that runs the transforms (exec/operators.hpp);
//  - the I/O connectors: ReadFromText, WriteToText, WriteToFile, Collect, the formats (CSV:
//    ReadCsv, ParseCsv, FormatCsv; JSON lines: ParseJsonLines, FormatJsonLines), and the testing
//    sources and sinks (TestStream, assert_that, ExactlyOnceCheck, check_determinism);
//  - the runner: Pipeline::run()/start() (graph/pipeline.hpp), and run_node()/start_node() with
//    parse_node_settings() for a program that can also run as a cluster coordinator or worker;
//  - the command line: ProgramOptions (the runner's options and the program's own), and
//    cli_main() for a program with its own templates (the `rill` command's verbs).
#include "actors/node_runner.hpp"
#include "cli/cli_main.hpp"
#include "exec/operators.hpp"
#include "graph/rill.hpp"
#include "io/assert_that.hpp"
#include "io/check_determinism.hpp"
#include "io/collect.hpp"
#include "io/exactly_once_check.hpp"
#include "io/formats/csv_format.hpp"
#include "io/formats/json_lines.hpp"
#include "io/formats/read_csv.hpp"
#include "io/read_from_text.hpp"
#include "io/test_stream.hpp"
#include "io/write_to_file.hpp"
#include "io/write_to_text.hpp"
#include "options/program_options.hpp"
