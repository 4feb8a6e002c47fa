// The key registry (see key_registry.hpp), built once on first use.
#include "sim/scenario/key_registry.hpp"

#include "sim/scenario/scenario_keys.hpp"
#include "sim/util/key_suggest.hpp"

#include <algorithm>
#include <type_traits>

namespace ambassim {

namespace {

template <class T>
constexpr KeyType key_type() {
    if constexpr (std::is_same_v<T, std::int64_t>) return KeyType::integer;
    else if constexpr (std::is_same_v<T, std::uint64_t>) return KeyType::unsigned_integer;
    else if constexpr (std::is_same_v<T, double>) return KeyType::real;
    else if constexpr (std::is_same_v<T, bool>) return KeyType::boolean;
    else if constexpr (std::is_same_v<T, std::string>) return KeyType::string;
    else {
        static_assert(std::is_same_v<T, std::vector<std::string>>, "a scenario key of an unknown type");
        return KeyType::string_list;
    }
}

}  // namespace

KeyRegistry::KeyRegistry() {
    Scenario defaults;
    visit_scenario_keys(defaults, [&](auto& field, const ParamMeta& m) {
        using T = std::decay_t<decltype(field)>;
        keys_.push_back(KeyInfo{m.key, m, key_type<T>(), keys_.size()});
        names_.emplace_back(m.key);
    });
    // Every proper prefix of a key, plus the phases array; in documentation order.
    for (const auto& key : names_)
        for (auto dot = key.find('.'); dot != std::string::npos; dot = key.find('.', dot + 1))
            if (std::find(sections_.begin(), sections_.end(), key.substr(0, dot)) == sections_.end())
                sections_.push_back(key.substr(0, dot));
    sections_.emplace_back(kPhasesKey);
    candidates_ = names_;
    candidates_.emplace_back(kPhasesKey);
}

const KeyInfo* KeyRegistry::find(std::string_view key) const {
    // Sorted lookups would be faster; ~150 keys and a few lookups per run do not need it.
    for (const auto& k : keys_)
        if (k.key == key) return &k;
    return nullptr;
}

bool KeyRegistry::is_section(std::string_view name) const {
    return std::find(sections_.begin(), sections_.end(), name) != sections_.end();
}

std::string KeyRegistry::suggest(std::string_view key) const { return nearest_name(key, candidates_); }

const KeyRegistry& key_registry() {
    static const KeyRegistry registry;
    return registry;
}

}  // namespace ambassim
