// Saving and resuming a game: the record (join code, facilitator key,
// status, round, every team with its token and decisions) as a small TOML
// file, written atomically after every change. Decisions are written in
// their shortest exact form, so a resumed game re-simulates every company
// bit for bit. The file names the game file's text and its resolved world
// by a hash: a state file of another game, or of an edited world, is refused.
#pragma once

#include "sim/serve/game_state.hpp"

#include <filesystem>
#include <string>

namespace ambassim::serve {

std::string game_record_toml(const GameRecord& record, const GameRules& rules);
// InputError naming the file (and line) for a damaged or foreign state file.
GameRecord load_game_record(const std::filesystem::path& file, const GameRules& rules);
GameRecord parse_game_record(const std::string& text, const std::string& name, const GameRules& rules);

}  // namespace ambassim::serve
