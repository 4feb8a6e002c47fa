// The game's saved state (see game_store.hpp).
#include "sim/serve/game_store.hpp"
#include "sim/serve/game_impl.hpp"
#include "sim/serve/classroom.hpp"
#include "sim/serve/query.hpp"

#include "sim/scenario/param_check.hpp"
#include "sim/scenario/toml_view.hpp"
#include "sim/util/atomic_file.hpp"
#include "sim/util/text_input.hpp"

#include <cmath>
#include <iostream>

namespace ambassim::serve {
namespace {

// FNV-1a of the game file's text: which game a state file belongs to.
std::string text_hash(const std::string& s) {
    std::uint64_t h = 1469598103934665603ull;
    for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

// Which game a state file belongs to: the game file's text and the world it
// resolves to (an edited scenario file changes the companies, so their
// decisions could no longer be replayed into the same trajectories).
std::string game_hash(const GameRules& rules) {
    return text_hash(rules.text + "\n" + scenario_toml(rules.scenario, ""));
}

std::string values_text(const Decision& d) {
    std::string out = "[";
    const auto v = decision_values(d);
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + format_toml_float(v[i]);
    return out + "]";
}

}  // namespace

std::string game_record_toml(const GameRecord& r, const GameRules& rules) {
    std::string out = "# ambassim class game state: written after every change; `ambassim serve --game` resumes from it.\n";
    out += "format = \"ambassim-game-state\"\nversion = 1\n";
    out += "game_hash = \"" + game_hash(rules) + "\"\n";
    out += "code = \"" + r.code + "\"\nkey = \"" + r.key + "\"\n";
    out += "status = \"" + std::string(status_name(r.status)) + "\"\n";
    out += "round = " + std::to_string(r.round) + "\n";
    out += std::string("revealed = ") + (r.revealed ? "true" : "false") + "\n";
    out += "timer_seconds = " + format_toml_float(r.timer_seconds) + "\n";
    out += "# decisions: budget, then the shares of " ;  // and extra_front_line: the capacity lever
    for (std::size_t i = 1; i < decision_value_names().size(); ++i) out += (i > 1 ? ", " : "") + decision_value_names()[i];
    out += "\n";
    for (const Team& t : r.teams) {
        out += "\n[[teams]]\nname = \"" + t.name + "\"\ntoken = \"" + t.token + "\"\n";
        out += "joined_round = " + std::to_string(t.joined_round) + "\n";
        out += "last = " + values_text(t.last) + "\n";
        if (t.pending) out += "pending = " + values_text(*t.pending) + "\n";
        out += "decisions = [";
        for (std::size_t k = 0; k < t.decisions.size(); ++k) out += (k ? ",\n  " : "\n  ") + values_text(t.decisions[k]);
        out += t.decisions.empty() ? "]\n" : ",\n]\n";
    }
    return out;
}

GameRecord parse_game_record(const std::string& text, const std::string& name, const GameRules& rules) {
    const TextOrigin origin{name, false};
    const TomlDocument doc(text, origin);
    const TomlNode root = doc.root();
    auto fail = [&](const std::string& what) -> void {
        throw InputError(name + ": not a usable game state file: " + what);
    };
    auto str = [&](const TomlNode& t, const char* k) {
        const auto s = t.get(k).string();
        if (!s) fail(std::string("key `") + k + "` missing or not a string");
        return s.value_or(std::string());
    };
    auto num = [&](const TomlNode& t, const char* k) {
        const auto v = t.get(k).number();
        if (!v) fail(std::string("key `") + k + "` missing or not a number");
        return v ? *v : 0.0;
    };
    auto decision = [&](const TomlNode& a) {
        Decision d;
        // Files written before the capacity lever hold one number less (no extra_front_line).
        const std::size_t fields = decision_value_names().size();
        if (!a.is_array() || (a.size() != fields && a.size() != fields - 1)) {
            fail("a decision is not a list of " + std::to_string(fields) + " numbers");
            return d;
        }
        for (std::size_t i = 0; i < a.size(); ++i) {
            const auto v = a.at(i).number();
            if (!v) fail("a decision holds a non-number");
            if (i == 0) d.budget = v.value_or(0);
            else share_of(d.shares, decision_value_names()[i]) = v.value_or(0);
        }
        // The same rules as a submission: a hand-edited file cannot smuggle in what a team could not send.
        double sum = 0;
        for (std::size_t i = 1; i < a.size(); ++i) {
            const double s = share_of(d.shares, decision_value_names()[i]);
            if (!(s >= 0 && s <= 1)) fail("a share outside [0, 1]");
            if (decision_value_names()[i] != "extra_front_line") sum += s;
        }
        const double hire = d.shares.extra_front_line;
        if (sum > 1 + 1e-9 || !(d.budget >= rules.budget_min && d.budget <= rules.budget_max) ||
            hire > (rules.hire.allowed ? rules.hire.max : 0.0))
            fail("a decision outside the game's rules (shares above 1, budget outside [budget.min, budget.max] or hiring "
                 "beyond hire.max)");
        return d;
    };
    if (str(root, "format") != "ambassim-game-state") fail("format is not ambassim-game-state");
    if (str(root, "game_hash") != game_hash(rules))
        fail("it belongs to another game file (or the game file or its world's scenario changed since); remove it or use "
             "another --game-state");
    GameRecord r;
    // What a team or the facilitator could not have sent is refused here too (the strings reach pages and JSON).
    auto token = [&](const TomlNode& t, const char* k) {
        std::string v = str(t, k);
        if (!printable_token(v, 64)) fail(std::string("key `") + k + "` is not a token");
        return v;
    };
    r.code = token(root, "code");
    r.key = token(root, "key");
    const std::string status = str(root, "status");
    bool known = false;
    for (GameStatus s : {GameStatus::lobby, GameStatus::running, GameStatus::paused, GameStatus::ended})
        if (status == status_name(s)) r.status = s, known = true;
    if (!known) fail("unknown status \"" + printable(status) + "\"");
    // Counts are checked before the conversion (a huge float has no int64 value).
    auto count = [&](const TomlNode& t, const char* k, std::int64_t max) {
        const double v = num(t, k);
        if (!(v >= 0 && v <= static_cast<double>(max)) || v != std::floor(v)) fail(std::string("key `") + k + "` out of range");
        return static_cast<std::int64_t>(v);
    };
    r.round = count(root, "round", rules.rounds);
    const TomlNode revealed = root.get("revealed");  // as toml++'s value_or(false): a boolean, or an integer's != 0
    r.revealed = revealed.boolean().value_or(revealed.integer().value_or(0) != 0);
    r.timer_seconds = num(root, "timer_seconds");
    if (!(r.timer_seconds >= 0 && r.timer_seconds <= 7200)) fail("key `timer_seconds` out of range");
    if (const TomlNode teams = root.get("teams"); teams.is_array())
        for (std::size_t n = 0; n < teams.size(); ++n) {
            const TomlNode t = teams.at(n);
            if (!t.is_table()) fail("[[teams]] is not a table");
            Team team;
            try {
                team.name = team_name(str(t, "name"));
            } catch (const RequestError& e) {
                fail(std::string("a team's name: ") + e.what());
            }
            team.token = token(t, "token");
            team.joined_round = count(t, "joined_round", rules.rounds);
            team.last = decision(t.get("last"));
            if (t.get("pending")) team.pending = decision(t.get("pending"));
            const TomlNode ds = t.get("decisions");
            if (!ds.is_array()) fail("team " + printable(team.name) + " has no decisions list");
            for (std::size_t d = 0; d < ds.size(); ++d) team.decisions.push_back(decision(ds.at(d)));
            if (static_cast<std::int64_t>(team.decisions.size()) != r.round)
                fail("team " + printable(team.name) + " has " + std::to_string(team.decisions.size()) +
                     " decisions for " + std::to_string(r.round) + " rounds");
            r.teams.push_back(std::move(team));
        }
    return r;
}

GameRecord load_game_record(const std::filesystem::path& file, const GameRules& rules) {
    return parse_game_record(read_scenario_file(file), file.string(), rules);
}

void Game::Impl::save(bool required) const {
    if (state_file.empty()) return;
    try {
        write_file_atomically(state_file, game_record_toml(rec, *rules), true);
        save_error.clear();
    } catch (const std::exception& e) {
        if (required) throw;
        // Said once per failure, not at every request; the facilitator's board shows it until a save succeeds.
        if (save_error != e.what()) std::cerr << "ambassim: warning: the game state was not saved: " << e.what() << std::endl;
        save_error = e.what();
    }
}

}  // namespace ambassim::serve
