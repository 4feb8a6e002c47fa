// The classroom page's model side: the guided lessons (presets built from the
// shipped scenarios, scaled to a classroom-sized world), the settings a
// request may change (each validated like a scenario key: type, range, caps;
// an error names the request field), the scenario they make, and its export
// as a scenario TOML that `ambassim check` and `ambassim compare` accept.
#pragma once

#include "sim/scenario/scenario.hpp"

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ambassim::serve {

// A rejected request: answered 400 with "field: message".
struct RequestError : std::runtime_error {
    RequestError(const std::string& name, const std::string& message)
        : std::runtime_error(name + ": " + message), field(name) {}
    std::string field;
};

struct Lesson {
    std::string id, title;
    std::string notice;    // two or three sentences: what to notice
    std::string question;  // to ask the class
    std::string source;    // the scenario file it was built from
    Scenario scenario;     // classroom-sized, with the lesson's strategies
    std::map<std::string, std::string> controls;  // initial value of every control, as request text
};

// The built-in lessons from `scenarios_dir` (engagement_vs_ambassadorship,
// contact_centre, satisfaction_market, back_office_heavy), and with
// `extra_file` (serve --lesson FILE) that scenario first, as lesson "file".
// Errors in a file are InputError (the server refuses to start).
std::vector<Lesson> load_lessons(const std::filesystem::path& scenarios_dir,
                                 const std::filesystem::path& extra_file = {});

// One field of a request, with its range (for the page and the messages).
struct Control {
    std::string name, label, units;
    double min, max, step;
    bool integer;
};
const std::vector<Control>& controls();
// Strategy names a side may take: the built-ins and "custom" (the page's plan).
const std::vector<std::string>& side_strategies();

// A validated request: the lesson's scenario with the request's settings
// applied, and the two strategies compared (scenario.compare.strategies).
struct Request {
    const Lesson* lesson = nullptr;
    Scenario scenario;
    std::string client;   // page id: a new request from it cancels its running one
    std::string outcome;  // the outcome the reading is about
};

// Parses and validates a query string ("lesson=core&budget=1500&..."):
// unknown, repeated, malformed or out-of-range fields throw RequestError.
Request parse_request(std::string_view query, const std::vector<Lesson>& lessons);

// The scenario as TOML: every key that differs from the defaults, the
// strategy phases when custom is compared, and the [compare] section.
std::string scenario_toml(const Scenario& scenario, const std::string& comment);
// Allocation phases as TOML array-of-tables `[[table]]` (e.g. "strategy.phases"
// or "strategies.NAME.phases"), each value in its shortest exact form.
std::string phase_tables(const std::vector<AllocationPhase>& phases, const std::string& table);

// Display name of a strategy on the page ("custom" is "your plan").
std::string strategy_label(const std::string& name);

}  // namespace ambassim::serve
