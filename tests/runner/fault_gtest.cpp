// A GoogleTest program that misbehaves on request, for the runner's
// self-test (runner_test.sh): RUNNER_FAULT=fail makes Faults.Injected and
// one instance of a parameterised test fail, crash makes Faults.Injected
// abort, hang makes it sleep forever, exit makes it exit(3). Without it all
// seven tests pass.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string_view>
#include <thread>

namespace {

std::string_view fault() {
    const char* f = std::getenv("RUNNER_FAULT");
    return f != nullptr ? f : "";
}

TEST(Before, One) { SUCCEED(); }
TEST(Before, Two) { SUCCEED(); }

TEST(Faults, Injected) {
    if (fault() == "fail") ADD_FAILURE() << "injected failure";
    if (fault() == "crash") std::abort();
    if (fault() == "exit") std::exit(3);
    while (fault() == "hang") std::this_thread::sleep_for(std::chrono::seconds(1));
}

TEST(After, One) { SUCCEED(); }
TEST(After, Two) { SUCCEED(); }

class Numbers : public testing::TestWithParam<int> {};
TEST_P(Numbers, Small) { EXPECT_TRUE(GetParam() < 2 || fault() != "fail") << "injected failure"; }
INSTANTIATE_TEST_SUITE_P(Values, Numbers, testing::Values(1, 2));

}  // namespace
