#include "ops/rest_routes.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "ops/job_json.hpp"
#include "ops/prometheus_text.hpp"
#include "ops/web_ui.hpp"

namespace rill {

namespace {

using nlohmann::json;

constexpr const char* kJson = "application/json";

void reply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(dump_json(body), kJson);
}

void error(httplib::Response& res, int status, const std::string& message) {
  reply(res, status, json{{"error", message}});
}

// Passes an action to the job; false for an unknown action.
bool steer(JobControl& control, const std::string& action, const httplib::Request& req) {
  if (action == "cancel") {
    const std::string reason = req.get_param_value("reason");
    control.cancel(reason.empty() ? "cancelled through the REST API" : reason);
  } else if (action == "drain") {
    control.drain();
  } else if (action == "stop") {
    control.stop_with_savepoint(req.get_param_value("dir"));
  } else if (action == "savepoint") {
    control.savepoint(req.get_param_value("dir"));
  } else {
    return false;
  }
  return true;
}

bool known_action(const std::string& a) {
  return a == "cancel" || a == "drain" || a == "stop" || a == "savepoint";
}

void post_action(JobRegistry& jobs, const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1], action = req.matches[2];
  if (!known_action(action))
    return error(res, 404, "unknown action '" + action + "' (cancel, drain, stop, savepoint)");
  const auto job = jobs.find(id);
  if (!job) return error(res, 404, "no job '" + id + "'");
  const auto control = jobs.control(id);
  if (!control) {
    // It may have ended since find(); report the state it ended in.
    const auto now = jobs.find(id);
    const LiveState state = now ? now->state : job->state;
    if (is_final(state))
      return error(res, 409, "job " + id + " has ended (" + to_string(state) + ")");
    return error(res, 409, "job " + id + " cannot be steered from this process");
  }
  spdlog::info("REST: {} job {} ({})", action, id, job->name);
  steer(*control, action, req);
  reply(res, 202, json{{"id", id}, {"action", action}, {"accepted", true}});
}

}  // namespace

void add_rest_routes(httplib::Server& server, JobRegistry& jobs) {
  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    const std::string_view page = web_ui_page();
    res.set_content(page.data(), page.size(), "text/html; charset=utf-8");
  });
  server.Get("/jobs", [&jobs](const httplib::Request&, httplib::Response& res) {
    json list = json::array();
    for (const auto& job : jobs.list()) list.push_back(job_summary_json(job));
    reply(res, 200, list);
  });
  server.Get(R"(/jobs/([^/]+))", [&jobs](const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches[1];
    if (const auto job = jobs.find(id)) return reply(res, 200, json(*job));
    error(res, 404, "no job '" + id + "'");
  });
  server.Post(R"(/jobs/([^/]+)/([^/]+))",
              [&jobs](const httplib::Request& req, httplib::Response& res) {
                post_action(jobs, req, res);
              });
  server.Get("/metrics", [&jobs](const httplib::Request&, httplib::Response& res) {
    res.set_content(prometheus_text(jobs.list()), "text/plain; version=0.0.4; charset=utf-8");
  });
  // Routes that match nothing (httplib answers 404 with no body): say so in JSON too.
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        error(res, res.status,
              res.status == 404 ? "no route " + req.method + " " + req.path
                                : "request refused (HTTP " + std::to_string(res.status) + ")");
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          error(res, 500, e.what());
        } catch (...) {
          error(res, 500, "unknown error");
        }
      });
}

}  // namespace rill
