// fork/exec/wait with EINTR, interruption and the child's stderr handled
// (see child_process.hpp).
#include "sim/cli/child_process.hpp"

#include "sim/cli/stop_signal.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ambassim::cli {
namespace {

std::string why(const std::string& what) { return what + ": " + std::strerror(errno); }

// Reads what is available on `fd` into `out`; false at end of file.
bool read_some(int fd, std::string& out) {
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            out.append(buf, static_cast<std::size_t>(n));
            continue;
        }
        if (n == 0) return false;
        if (errno == EINTR) continue;
        return errno == EAGAIN || errno == EWOULDBLOCK;
    }
}

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

std::string ChildResult::last_error_line() const {
    std::size_t end = stderr_text.size();
    while (end > 0) {
        const std::size_t start = stderr_text.rfind('\n', end - 1);
        const std::size_t from = start == std::string::npos ? 0 : start + 1;
        if (end > from) return stderr_text.substr(from, end - from);
        if (start == std::string::npos) break;
        end = start;
    }
    return {};
}

ChildResult run_child(const std::string& what, const std::string& program, const std::vector<std::string>& args) {
    const std::atomic<bool>& stop = install_stop_handlers();
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error(why("cannot start " + what));
    Fd read_end{pipe_fds[0]}, write_end{pipe_fds[1]};
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(why("cannot start " + what));
    if (pid == 0) {
        ::dup2(write_end.fd, STDERR_FILENO);  // dup2 clears close-on-exec on the copy
        ::execv(program.c_str(), argv.data());
        _exit(127);
    }
    ::close(write_end.fd);
    write_end.fd = -1;
    ::fcntl(read_end.fd, F_SETFL, O_NONBLOCK);

    ChildResult result;
    bool open = true;
    int status = 0;
    // Polled with a short timeout rather than blocking in waitpid: a signal
    // arriving just before waitpid would otherwise go unnoticed until the
    // child ends by itself, and the pipe must be drained meanwhile.
    for (;;) {
        if (open) {
            pollfd p{read_end.fd, POLLIN, 0};
            if (::poll(&p, 1, 20) > 0) open = read_some(read_end.fd, result.stderr_text);
        } else {
            ::poll(nullptr, 0, 20);
        }
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) throw std::runtime_error(why("cannot wait for " + what));
        if (stop.load()) {
            ::kill(pid, SIGTERM);
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            for (;;) {
                const pid_t w = ::waitpid(pid, &status, WNOHANG);
                if (w == pid || (w < 0 && errno != EINTR)) break;
                if (std::chrono::steady_clock::now() > deadline) ::kill(pid, SIGKILL);
                ::poll(nullptr, 0, 20);
            }
            throw Interrupted("interrupted: " + what + " was stopped before it finished");
        }
    }
    while (open) {  // what the child wrote just before it ended
        pollfd p{read_end.fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) break;
        open = read_some(read_end.fd, result.stderr_text);
    }
    if (WIFSIGNALED(status)) throw std::runtime_error(what + " was killed by signal " + std::to_string(WTERMSIG(status)));
    if (!WIFEXITED(status)) throw std::runtime_error(what + " ended abnormally");
    result.exit_code = WEXITSTATUS(status);
    if (result.exit_code == 0) {
        std::cerr << result.stderr_text << std::flush;
    } else {
        // A script's own failure message is one line, passed on by the caller
        // as ours; anything before it (a traceback of a bug) is shown as it is.
        const std::string last = result.last_error_line();
        const std::size_t at = result.stderr_text.rfind(last);
        if (!last.empty() && at != std::string::npos && result.stderr_text.find_first_not_of("\n", 0) < at)
            std::cerr << result.stderr_text.substr(0, at) << std::flush;
    }
    return result;
}

}  // namespace ambassim::cli
