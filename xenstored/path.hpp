// Node names: validation and the resolution of relative paths, with Xen's
// limits (a path under /local/domain/<N>/ may add 2048 characters).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xenstored {

// "/local/domain/<domid>"
std::string domain_path(std::uint32_t domid);

// True for a syntactically valid absolute node name within the limits.
bool is_valid_node_path(std::string_view path, std::size_t max_rel_len);

// Special watch/permission names (@introduceDomain, @releaseDomain, ...).
inline bool is_special_path(std::string_view path) { return !path.empty() && path[0] == '@'; }

// Resolves `path` for a connection whose home is /local/domain/<domid>:
// absolute and special paths stay, relative ones get the home prefix.
std::string resolve_path(std::string_view path, std::uint32_t home_domid);

// "/a/b/c" -> "/a/b"; "/a" -> "/"; "/" -> "/".
std::string_view parent_path(std::string_view path);

// "/a/b/c" -> "c".
std::string_view leaf_name(std::string_view path);

// True when `path` is `ancestor` or lies below it.
bool is_in_subtree(std::string_view path, std::string_view ancestor);

// "/a" + "b" -> "/a/b", "/" + "b" -> "/b".
std::string child_path(std::string_view parent, std::string_view name);

}  // namespace xenstored
