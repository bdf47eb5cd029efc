#pragma once
// Reading the test inputs: Debian's armhf kernel (fetched by make deps) and
// the expected outputs next to the tests.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace xc::test {

inline std::vector<uint8_t> read_binary(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

inline std::string read_text(const std::string& path)
{
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), {}};
}

inline const std::vector<uint8_t>& debian_kernel()
{
    static const std::vector<uint8_t> image = read_binary(DEBIAN_ZIMAGE_PATH);
    return image;
}

} // namespace xc::test
