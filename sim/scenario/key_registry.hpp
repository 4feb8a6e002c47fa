// Every scenario key, built once from visit_scenario_keys(): its metadata,
// its value type and its position in the visit order (which is how a typed
// assignment reaches the field). The one place that answers "is this a key,
// a section, what type is it, what did you mean?" for the reader, the
// validator, sweeps, assignments and `ambassim params`.
#pragma once

#include "models/params.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ambassim {

enum class KeyType { integer, unsigned_integer, real, boolean, string, string_list };

struct KeyInfo {
    std::string key;
    ParamMeta meta;
    KeyType type;
    std::size_t ordinal;  // index in visit_scenario_keys order
};

class KeyRegistry {
public:
    // The key, or nullptr (scalar keys only; the phases array is not one).
    const KeyInfo* find(std::string_view key) const;
    const std::vector<KeyInfo>& keys() const { return keys_; }
    // Every key's name, in documentation order.
    const std::vector<std::string>& names() const { return names_; }
    // "customers", "run", ... and the phases array "strategy.phases".
    bool is_section(std::string_view name) const;
    const std::vector<std::string>& sections() const { return sections_; }
    // The nearest valid key (or the phases array) to `key`; "" if none is close.
    std::string suggest(std::string_view key) const;

private:
    friend const KeyRegistry& key_registry();
    KeyRegistry();
    std::vector<KeyInfo> keys_;
    std::vector<std::string> names_, sections_, candidates_;
};

const KeyRegistry& key_registry();

}  // namespace ambassim
