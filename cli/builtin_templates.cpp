#include "cli/builtin_templates.hpp"

#include "examples/gaming/hourly_team_score.hpp"
#include "examples/gaming/minutes.hpp"
#include "examples/gaming/sliding_team_score.hpp"
#include "examples/gaming/user_score.hpp"
#include "examples/gaming/user_score_vs_mean.hpp"
#include "examples/gaming/user_sessions.hpp"
#include "examples/join/cogroup.hpp"
#include "examples/nexmark/event_counts.hpp"
#include "examples/wordcount.hpp"

namespace rill::cli {
namespace {

namespace gaming = examples::gaming;
using Params = const OptionValues&;

OptionSpec required_string(const char* name, const std::string& help) {
  return option<std::string>(name, help).required();
}
OptionSpec optional_string(const char* name, const std::string& help) {
  return option<std::string>(name, "", help);
}

// The parameters every mobile-gaming template shares.
OptionSpec gaming_input() {
  return required_string("input",
                         "gaming CSV file or glob: user,team,score,timestamp_ms,readable_time");
}
OptionSpec gaming_output(const std::string& columns) {
  return required_string("output",
                         "output prefix: files PREFIX-SSSSS-of-NNNNN of lines '" + columns + "'");
}
OptionSpec gaming_dead_letter() {
  return optional_string("dead-letter",
                         "file receiving each malformed line as JSON {step,error,record}; without "
                         "it they are only counted");
}
OptionSpec minutes_param(const char* name, const std::string& help, int64_t fallback) {
  return option<int64_t>(name, fallback, help + " (whole minutes >= 1)")
      .between(int64_t{1}, gaming::kMaxMinutes);
}

}  // namespace

const std::vector<Template>& builtin_templates() {
  static const std::vector<Template> all = {
      {"wordcount",
       "Counts the words (maximal runs of [A-Za-z']) of text files; lines 'word: count'.",
       {required_string("input", "file or glob to read (.gz read transparently)"),
        required_string("output", "output prefix: files PREFIX-SSSSS-of-NNNNN"),
        option<int64_t>("num-shards", 0, "output files (0: one per partition)").between(0, 10000)},
       [](Pipeline& p, Params t) {
         examples::build_wordcount(p, t.get<std::string>("input"), t.get<std::string>("output"),
                                   t.get<int>("num-shards"));
       }},
      {"user-score",
       "Mobile gaming: each user's total score over the whole input; lines 'user,total'.",
       {gaming_input(), gaming_output("user,total"), gaming_dead_letter()},
       [](Pipeline& p, Params t) {
         gaming::UserScoreOptions o;
         o.input = t.get<std::string>("input");
         o.output = t.get<std::string>("output");
         o.dead_letter = t.get<std::string>("dead-letter");
         gaming::build_user_score(p, o);
       }},
      {"hourly-team-score",
       "Mobile gaming: each team's total score per fixed event-time window (aligned to epoch 0).",
       {gaming_input(), gaming_output("window_start_ms,window_end_ms,team,total"),
        minutes_param("window-minutes", "window size", gaming::kDefaultWindowMinutes),
        gaming_dead_letter()},
       [](Pipeline& p, Params t) {
         gaming::HourlyTeamScoreOptions o;
         o.input = t.get<std::string>("input");
         o.output = t.get<std::string>("output");
         o.window_minutes = t.get<int64_t>("window-minutes");
         o.dead_letter = t.get<std::string>("dead-letter");
         gaming::build_hourly_team_score(p, o);
       }},
      {"sliding-team-score",
       "Mobile gaming: each team's total score per sliding event-time window (any positive "
       "size and period, as in Beam).",
       {gaming_input(), gaming_output("window_start_ms,window_end_ms,team,total"),
        minutes_param("size-minutes", "window size", gaming::kDefaultSizeMinutes),
        minutes_param("period-minutes", "a window starts every period",
                      gaming::kDefaultPeriodMinutes),
        gaming_dead_letter()},
       [](Pipeline& p, Params t) {
         gaming::SlidingTeamScoreOptions o;
         o.input = t.get<std::string>("input");
         o.output = t.get<std::string>("output");
         o.size_minutes = t.get<int64_t>("size-minutes");
         o.period_minutes = t.get<int64_t>("period-minutes");
         o.dead_letter = t.get<std::string>("dead-letter");
         gaming::build_sliding_team_score(p, o);
       }},
      {"user-sessions",
       "Mobile gaming: each user's sessions (Beam session windows: events less than a gap "
       "apart merge); lines 'user,session_start_ms,session_end_ms,event_count,score_sum'.",
       {gaming_input(), gaming_output("user,session_start_ms,session_end_ms,event_count,score_sum"),
        minutes_param("gap-minutes", "session gap", gaming::kDefaultGapMinutes),
        gaming_dead_letter()},
       [](Pipeline& p, Params t) {
         gaming::UserSessionsOptions o;
         o.input = t.get<std::string>("input");
         o.output = t.get<std::string>("output");
         o.gap_minutes = t.get<int64_t>("gap-minutes");
         o.dead_letter = t.get<std::string>("dead-letter");
         gaming::build_user_sessions(p, o);
       }},
      {"user-score-vs-mean",
       "Mobile gaming: each user's total score and whether it is strictly above the exact mean "
       "of all user totals (a singleton side input); lines 'user,total,above_mean'.",
       {gaming_input(), gaming_output("user,total,above_mean"), gaming_dead_letter(),
        optional_string("mean-output",
                        "file receiving one line 'users,sum_of_totals,mean' (mean "
                        "truncated to 6 decimals)")},
       [](Pipeline& p, Params t) {
         gaming::UserScoreVsMeanOptions o;
         o.input = t.get<std::string>("input");
         o.output = t.get<std::string>("output");
         o.dead_letter = t.get<std::string>("dead-letter");
         o.mean_output = t.get<std::string>("mean-output");
         gaming::build_user_score_vs_mean(p, o);
       }},
      {"cogroup",
       "CoGroupByKey of two keyed files (lines split at the first comma: key,value); per key "
       "in either input a line 'key|a1;a2;...|b1;b2;...', each list sorted bytewise.",
       {required_string("left", "file or glob of key,value lines"),
        required_string("right", "file or glob of key,value lines"),
        required_string("output",
                        "output prefix: files PREFIX-SSSSS-of-NNNNN of lines "
                        "'key|left|right'"),
        optional_string("dead-letter",
                        "file receiving each line without a comma as JSON {step,error,record}; "
                        "without it they are only counted")},
       [](Pipeline& p, Params t) {
         examples::join::CoGroupOptions o;
         o.left = t.get<std::string>("left");
         o.right = t.get<std::string>("right");
         o.output = t.get<std::string>("output");
         o.dead_letter = t.get<std::string>("dead-letter");
         examples::join::build_cogroup(p, o);
       }},
      {"event-counts",
       "Streaming: Nexmark events (person, auction, bid) counted per fixed event-time window; "
       "lines 'window_start_ms,window_end_ms,kind,count'. Unbounded by default: it runs until "
       "drained, stopped or cancelled (rill jobs).",
       {required_string("output", "output prefix: files PREFIX-SSSSS-of-NNNNN"),
        option<int64_t>("events", 0, "events to generate (0: unbounded)")
            .between(int64_t{0}, int64_t{1} << 50),
        option<int64_t>("rate", 1000, "events per second of wall time (0: unpaced)")
            .between(0, 100'000'000),
        option<int64_t>("window-ms", 1000,
                        "window size in ms of event time (an event every 100 us)")
            .between(1, 86'400'000)},
       [](Pipeline& p, Params t) {
         examples::nexmark::EventCountsOptions o;
         o.output = t.get<std::string>("output");
         o.events = t.get<uint64_t>("events");
         o.rate = t.get<int64_t>("rate");
         o.window_ms = t.get<int64_t>("window-ms");
         examples::nexmark::build_event_counts(p, o);
       }},
  };
  return all;
}

}  // namespace rill::cli
