#include <gtest/gtest.h>

#include "path.hpp"
#include "permissions.hpp"
#include "request_args.hpp"

using namespace xenstored;

TEST(Path, ValidNames) {
    EXPECT_TRUE(is_valid_node_path("/", 2048));
    EXPECT_TRUE(is_valid_node_path("/local/domain/0/backend-x_y@z", 2048));
    EXPECT_FALSE(is_valid_node_path("", 2048));
    EXPECT_FALSE(is_valid_node_path("relative", 2048));
    EXPECT_FALSE(is_valid_node_path("/a/", 2048));
    EXPECT_FALSE(is_valid_node_path("/a//b", 2048));
    EXPECT_FALSE(is_valid_node_path("/a b", 2048));
    EXPECT_FALSE(is_valid_node_path("/a.b", 2048));
    EXPECT_FALSE(is_valid_node_path(std::string("/a\0b", 4), 2048));
}

TEST(Path, LengthLimitsRelativeToDomainHome) {
    const std::string tail(2047, 'x');
    EXPECT_TRUE(is_valid_node_path("/" + tail, 2048));                 // 2048 in all
    EXPECT_FALSE(is_valid_node_path("/" + tail + "y", 2048));          // 2049
    const std::string home = "/local/domain/12345/";
    EXPECT_TRUE(is_valid_node_path(home + std::string(2048, 'x'), 2048));
    EXPECT_FALSE(is_valid_node_path(home + std::string(2049, 'x'), 2048));
    // Six digits are not a domain home: the whole path counts.
    EXPECT_FALSE(is_valid_node_path("/local/domain/123456/" + std::string(2040, 'x'), 2048));
}

TEST(Path, RelativePathsResolveUnderTheHome) {
    EXPECT_EQ(resolve_path("device/vbd", 5), "/local/domain/5/device/vbd");
    EXPECT_EQ(resolve_path("backend", 0), "/local/domain/0/backend");
    EXPECT_EQ(resolve_path("/abs", 5), "/abs");
    EXPECT_EQ(resolve_path("@releaseDomain", 5), "@releaseDomain");
}

TEST(Path, Helpers) {
    EXPECT_EQ(parent_path("/a/b/c"), "/a/b");
    EXPECT_EQ(parent_path("/a"), "/");
    EXPECT_EQ(leaf_name("/a/b/c"), "c");
    EXPECT_TRUE(is_in_subtree("/a/b", "/a"));
    EXPECT_TRUE(is_in_subtree("/a", "/a"));
    EXPECT_FALSE(is_in_subtree("/ab", "/a"));
    EXPECT_TRUE(is_in_subtree("/x", "/"));
    EXPECT_EQ(child_path("/", "a"), "/a");
}

TEST(Permissions, ParseAndFormat) {
    EXPECT_EQ(parse_perm("r5")->bits, kRead);
    EXPECT_EQ(parse_perm("b7")->bits, kRead | kWrite);
    EXPECT_EQ(parse_perm("n0")->domid, 0u);
    EXPECT_FALSE(parse_perm("x1"));
    EXPECT_FALSE(parse_perm("r"));
    EXPECT_FALSE(parse_perm("r5x"));
    EXPECT_EQ(format_perm({3, kWrite}), "w3");
}

TEST(Permissions, AccessRules) {
    const PermList perms = {{5, kNone}, {7, kRead}, {8, kRead | kWrite}};
    EXPECT_EQ(access_for({0, true, {}}, perms), kRead | kWrite | kOwner);
    EXPECT_EQ(access_for({5, false, {}}, perms), kRead | kWrite | kOwner);
    EXPECT_EQ(access_for({7, false, {}}, perms), kRead);
    EXPECT_EQ(access_for({9, false, {}}, perms), kNone);
    EXPECT_EQ(access_for({9, false, 5u}, perms), kRead | kWrite | kOwner);  // target owns it
    EXPECT_EQ(access_for({9, false, 8u}, perms), kRead | kWrite);
    const PermList stale = {{5, kRead}, {7, kWrite | kIgnore}};
    EXPECT_EQ(access_for({7, false, {}}, stale), kRead);
}

TEST(RequestArgs, Splitting) {
    EXPECT_EQ(*single_arg(std::string("abc\0", 4)), "abc");
    EXPECT_FALSE(single_arg("abc"));
    EXPECT_FALSE(single_arg(std::string("a\0b\0", 4)));
    auto parts = split_args(std::string("a\0\0c\0", 5));
    ASSERT_TRUE(parts);
    EXPECT_EQ(parts->size(), 3u);
    EXPECT_FALSE(split_args("a"));
    EXPECT_EQ(lenient_number("12ab"), 12u);
    EXPECT_EQ(lenient_number("x"), 0u);
}
