# Writes the version header at build time (not configure time), so the git
# commit recorded in every output is the one actually built; "-dirty" marks
# uncommitted changes. The file is rewritten only when its content changes.
execute_process(COMMAND git describe --always --dirty --abbrev=12 --exclude "*"
                WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT commit)
  set(commit "unknown")
endif()
set(AMBASSIM_GIT_COMMIT ${commit})
configure_file(${SOURCE_DIR}/cmake/version.hpp.in ${OUTPUT}.new @ONLY)
file(COPY_FILE ${OUTPUT}.new ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.new)
