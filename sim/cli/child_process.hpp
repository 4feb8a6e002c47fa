// Running a helper program (the Python report scripts) and waiting for it
// properly: waitpid is retried on EINTR (the stop handlers are installed
// without SA_RESTART), its status is never read unless it succeeded, and a
// SIGINT/SIGTERM received while waiting stops the child and ends the command
// with exit 130 instead of leaving the child behind as an orphan. The
// child's stderr is collected, so that a failure is reported on one line
// (its last line) instead of the child's message plus ours.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace ambassim::cli {

// The command was interrupted by SIGINT/SIGTERM: "ambassim: error: <message>", exit 130.
struct Interrupted : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct ChildResult {
    int exit_code = 0;
    std::string stderr_text;       // all the child wrote on stderr
    std::string last_error_line() const;  // its last non-empty line, "" if none
};

// Runs `program args...` (args[0] is the program's own name) and returns its
// exit code and stderr; on exit code 0 the stderr text is passed on to ours
// (warnings); on failure all but its last line are (the last is the
// caller's to report). `what` names it in messages ("the report script"). Throws
// std::runtime_error if it cannot be started or is killed by a signal,
// Interrupted (after stopping it) on SIGINT/SIGTERM.
ChildResult run_child(const std::string& what, const std::string& program, const std::vector<std::string>& args);

}  // namespace ambassim::cli
