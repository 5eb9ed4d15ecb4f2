#include "cli/template_registry.hpp"

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

// The parameters every mobile-gaming template shares.
const ParamSpec kGamingInput{
    "input", "gaming CSV file or glob: user,team,score,timestamp_ms,readable_time", true, ""};
ParamSpec gaming_output(const std::string& columns) {
  return {"output", "output prefix: files PREFIX-SSSSS-of-NNNNN of lines '" + columns + "'", true,
          ""};
}
const ParamSpec kGamingDeadLetter{"dead-letter",
                                  "file receiving each malformed line as JSON {step,error,record}; "
                                  "without it they are only counted",
                                  false, ""};
ParamSpec minutes_param(const std::string& name, const std::string& help, int64_t fallback) {
  return {name, help + " (whole minutes >= 1)", false, std::to_string(fallback)};
}
int64_t minutes(const TemplateParams& t, const std::string& name) {
  return t.integer(name, 1, gaming::kMaxMinutes);
}

}  // namespace

const std::vector<TemplateSpec>& templates() {
  static const std::vector<TemplateSpec> all = {
      {"wordcount",
       "Counts the words (maximal runs of [A-Za-z']) of text files; lines 'word: count'.",
       {{"input", "file or glob to read (.gz read transparently)", true, ""},
        {"output", "output prefix: files PREFIX-SSSSS-of-NNNNN", true, ""},
        {"num-shards", "output files (0: one per partition)", false, "0"}},
       [](Pipeline& p, const TemplateParams& t) {
         examples::build_wordcount(p, t.str("input"), t.str("output"),
                                   static_cast<int>(t.integer("num-shards", 0, 10000)));
       }},
      {"user-score",
       "Mobile gaming: each user's total score over the whole input; lines 'user,total'.",
       {kGamingInput, gaming_output("user,total"), kGamingDeadLetter},
       [](Pipeline& p, const TemplateParams& t) {
         gaming::UserScoreOptions o;
         o.input = t.str("input");
         o.output = t.str("output");
         o.dead_letter = t.str("dead-letter");
         gaming::build_user_score(p, o);
       }},
      {"hourly-team-score",
       "Mobile gaming: each team's total score per fixed event-time window (aligned to epoch 0).",
       {kGamingInput, gaming_output("window_start_ms,window_end_ms,team,total"),
        minutes_param("window-minutes", "window size", gaming::kDefaultWindowMinutes),
        kGamingDeadLetter},
       [](Pipeline& p, const TemplateParams& t) {
         gaming::HourlyTeamScoreOptions o;
         o.input = t.str("input");
         o.output = t.str("output");
         o.window_minutes = minutes(t, "window-minutes");
         o.dead_letter = t.str("dead-letter");
         gaming::build_hourly_team_score(p, o);
       }},
      {"sliding-team-score",
       "Mobile gaming: each team's total score per sliding event-time window (any positive "
       "size and period, as in Beam).",
       {kGamingInput, gaming_output("window_start_ms,window_end_ms,team,total"),
        minutes_param("size-minutes", "window size", gaming::kDefaultSizeMinutes),
        minutes_param("period-minutes", "a window starts every period",
                      gaming::kDefaultPeriodMinutes),
        kGamingDeadLetter},
       [](Pipeline& p, const TemplateParams& t) {
         gaming::SlidingTeamScoreOptions o;
         o.input = t.str("input");
         o.output = t.str("output");
         o.size_minutes = minutes(t, "size-minutes");
         o.period_minutes = minutes(t, "period-minutes");
         o.dead_letter = t.str("dead-letter");
         gaming::build_sliding_team_score(p, o);
       }},
      {"user-sessions",
       "Mobile gaming: each user's sessions (Beam session windows: events less than a gap "
       "apart merge); lines 'user,session_start_ms,session_end_ms,event_count,score_sum'.",
       {kGamingInput, gaming_output("user,session_start_ms,session_end_ms,event_count,score_sum"),
        minutes_param("gap-minutes", "session gap", gaming::kDefaultGapMinutes), kGamingDeadLetter},
       [](Pipeline& p, const TemplateParams& t) {
         gaming::UserSessionsOptions o;
         o.input = t.str("input");
         o.output = t.str("output");
         o.gap_minutes = minutes(t, "gap-minutes");
         o.dead_letter = t.str("dead-letter");
         gaming::build_user_sessions(p, o);
       }},
      {"user-score-vs-mean",
       "Mobile gaming: each user's total score and whether it is strictly above the exact mean "
       "of all user totals (a singleton side input); lines 'user,total,above_mean'.",
       {kGamingInput,
        gaming_output("user,total,above_mean"),
        kGamingDeadLetter,
        {"mean-output",
         "file receiving one line 'users,sum_of_totals,mean' (mean truncated to 6 decimals)", false,
         ""}},
       [](Pipeline& p, const TemplateParams& t) {
         gaming::UserScoreVsMeanOptions o;
         o.input = t.str("input");
         o.output = t.str("output");
         o.dead_letter = t.str("dead-letter");
         o.mean_output = t.str("mean-output");
         gaming::build_user_score_vs_mean(p, o);
       }},
      {"cogroup",
       "CoGroupByKey of two keyed files (lines split at the first comma: key,value); per key "
       "in either input a line 'key|a1;a2;...|b1;b2;...', each list sorted bytewise.",
       {{"left", "file or glob of key,value lines", true, ""},
        {"right", "file or glob of key,value lines", true, ""},
        {"output", "output prefix: files PREFIX-SSSSS-of-NNNNN of lines 'key|left|right'", true,
         ""},
        {"dead-letter",
         "file receiving each line without a comma as JSON {step,error,record}; without it they "
         "are only counted",
         false, ""}},
       [](Pipeline& p, const TemplateParams& t) {
         examples::join::CoGroupOptions o;
         o.left = t.str("left");
         o.right = t.str("right");
         o.output = t.str("output");
         o.dead_letter = t.str("dead-letter");
         examples::join::build_cogroup(p, o);
       }},
      {"event-counts",
       "Streaming: Nexmark events (person, auction, bid) counted per fixed event-time window; "
       "lines 'window_start_ms,window_end_ms,kind,count'. Unbounded by default: it runs until "
       "drained, stopped or cancelled (rill jobs).",
       {{"output", "output prefix: files PREFIX-SSSSS-of-NNNNN", true, ""},
        {"events", "events to generate (0: unbounded)", false, "0"},
        {"rate", "events per second of wall time (0: unpaced)", false, "1000"},
        {"window-ms", "window size in ms of event time (an event every 100 us)", false, "1000"}},
       [](Pipeline& p, const TemplateParams& t) {
         examples::nexmark::EventCountsOptions o;
         o.output = t.str("output");
         o.events = static_cast<uint64_t>(t.integer("events", 0, int64_t{1} << 50));
         o.rate = t.integer("rate", 0, 100'000'000);
         o.window_ms = t.integer("window-ms", 1, 86'400'000);
         examples::nexmark::build_event_counts(p, o);
       }},
  };
  return all;
}

const TemplateSpec* find_template(const std::string& name) {
  for (const auto& t : templates())
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace rill::cli
