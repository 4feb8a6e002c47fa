// The library-wide entry points of the public API (see api.hpp).
#include "sim/api.hpp"

#include "ambassim/version.hpp"

#include <string>

namespace ambassim {

const char* version() {
    static const std::string text = std::string(kVersion) + " (" + kGitCommit + ")";
    return text.c_str();
}

}  // namespace ambassim
