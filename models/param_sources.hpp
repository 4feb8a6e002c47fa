// Where a parameter's default comes from: the published figure it rests on,
// or why it was chosen when no source exists. Shown in the Source column of
// `ambassim params --markdown` (the parameter table of docs/model.md).
#pragma once

#include <string_view>

namespace ambassim {

// The source of `key`'s default; empty if the default is a modelling choice
// documented in docs/model.md.
std::string_view param_source(std::string_view key);

}  // namespace ambassim
