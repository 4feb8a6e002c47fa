// The toml-free document view (see toml_view.hpp): each call unwraps the
// toml::node behind the handle and defers to toml_document.hpp.
#include "sim/scenario/toml_view.hpp"

#include "sim/scenario/toml_document.hpp"

namespace ambassim {
namespace {

const toml::node* node_of(const void* p) { return static_cast<const toml::node*>(p); }

}  // namespace

TomlPos TomlNode::position() const {
    if (!node_) return {};
    const auto b = node_of(node_)->source().begin;
    return {b.line, b.column};
}

std::string TomlNode::type_name() const { return node_ ? toml_type_name(*node_of(node_)) : "nothing"; }

std::optional<double> TomlNode::number() const { return node_ ? toml_number(*node_of(node_)) : std::nullopt; }

std::optional<std::int64_t> TomlNode::integer() const {
    const auto* v = node_ ? node_of(node_)->as_integer() : nullptr;
    return v ? std::optional<std::int64_t>(v->get()) : std::nullopt;
}

std::optional<double> TomlNode::floating() const {
    const auto* v = node_ ? node_of(node_)->as_floating_point() : nullptr;
    return v ? std::optional<double>(v->get()) : std::nullopt;
}

std::optional<bool> TomlNode::boolean() const {
    const auto* v = node_ ? node_of(node_)->as_boolean() : nullptr;
    return v ? std::optional<bool>(v->get()) : std::nullopt;
}

std::optional<std::string> TomlNode::string() const {
    const auto* v = node_ ? node_of(node_)->as_string() : nullptr;
    return v ? std::optional<std::string>(v->get()) : std::nullopt;
}

bool TomlNode::is_table() const { return node_ && node_of(node_)->is_table(); }
bool TomlNode::is_array() const { return node_ && node_of(node_)->is_array(); }

std::size_t TomlNode::size() const {
    const auto* a = node_ ? node_of(node_)->as_array() : nullptr;
    return a ? a->size() : 0;
}

TomlNode TomlNode::at(std::size_t index) const {
    const auto* a = node_ ? node_of(node_)->as_array() : nullptr;
    return TomlNode(a && index < a->size() ? a->get(index) : nullptr);
}

TomlNode TomlNode::get(std::string_view key) const {
    const auto* t = node_ ? node_of(node_)->as_table() : nullptr;
    return TomlNode(t ? t->get(key) : nullptr);
}

std::vector<TomlEntry> TomlNode::entries() const {
    std::vector<TomlEntry> out;
    const auto* t = node_ ? node_of(node_)->as_table() : nullptr;
    if (!t) return out;
    for (const auto& [key, where] : entries_in_file_order(*t))
        out.push_back({key, {where.first.line, where.first.column}, TomlNode(where.second)});
    return out;
}

struct TomlDocument::Impl {
    toml::table root;
};

TomlDocument::TomlDocument(std::string_view text, const TextOrigin& origin)
    : impl_(std::make_unique<Impl>(Impl{parse_toml_document(text, origin)})) {}
TomlDocument::~TomlDocument() = default;
TomlDocument::TomlDocument(TomlDocument&&) noexcept = default;
TomlDocument& TomlDocument::operator=(TomlDocument&&) noexcept = default;

TomlNode TomlDocument::root() const { return TomlNode(static_cast<const toml::node*>(&impl_->root)); }

void fail_at(const TextOrigin& origin, TomlPos pos, const std::string& problem) {
    fail_at(origin, toml::source_position{pos.line, pos.column}, problem);
}

}  // namespace ambassim
