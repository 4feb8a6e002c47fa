# ambassim_library(NAME SOURCES ... [PUBLIC ...] [PRIVATE ...]): one static
# library per source folder, named ambassim_<NAME> with the alias
# ambassim::<NAME>. Sources are listed explicitly (no globbing). Code is
# position independent so the libraries can be folded into the one shared
# library that is installed (ambassim::ambassim, see the top-level CMakeLists).
function(ambassim_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  set(target ambassim_${name})
  add_library(${target} STATIC ${ARG_SOURCES})
  add_library(ambassim::${name} ALIAS ${target})
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_include_directories(${target} PUBLIC
      $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
      $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/generated>)
  target_link_libraries(${target} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE} $<BUILD_INTERFACE:ambassim_warnings>)
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  set_property(GLOBAL APPEND PROPERTY AMBASSIM_LIBRARIES ${target})
endfunction()
