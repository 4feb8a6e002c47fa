// SIGINT/SIGTERM/SIGHUP handling shared by long-running commands: the first
// signal sets a flag the engine checks after every tick (a report script is
// stopped, exit 130); a second one kills the process at once (SA_RESETHAND).
#pragma once

#include <atomic>

namespace ambassim::cli {

// Installs the handlers and returns the flag they set.
const std::atomic<bool>& install_stop_handlers();

}  // namespace ambassim::cli
