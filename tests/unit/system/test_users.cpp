// User names for -u: read from a passwd-format file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "common/base/error.h"
#include "common/system/users.h"

namespace {

class users : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cs-passwd-XXXXXX";
    int fd = mkstemp(tmpl);
    ASSERT_GE(fd, 0);
    close(fd);
    path_ = tmpl;
    std::ofstream(path_) << "root:x:0:0:root:/root:/bin/bash\n"
                            "broken line without colons\n"
                            "short:x\n"
                            "nouid:x::1::/:/bin/sh\n"
                            "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                            "big:x:4294967295:1::/:/bin/sh\n"
                            "alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n";
  }
  void TearDown() override { std::remove(path_.c_str()); }
  std::string path_;
};

TEST_F(users, NamesResolveToTheirUid) {
  EXPECT_EQ(cs::uid_of_user("root", path_), 0u);
  EXPECT_EQ(cs::uid_of_user("daemon", path_), 1u);
  EXPECT_EQ(cs::uid_of_user("alice", path_), 1000u);
}

TEST_F(users, OnlyWholeNamesMatch) {
  EXPECT_FALSE(cs::uid_of_user("roo", path_));
  EXPECT_FALSE(cs::uid_of_user("alice:x", path_));
  EXPECT_FALSE(cs::uid_of_user("", path_));
}

TEST_F(users, MalformedLinesAndTheNoUidValueAreSkipped) {
  EXPECT_FALSE(cs::uid_of_user("short", path_));
  EXPECT_FALSE(cs::uid_of_user("nouid", path_));
  EXPECT_FALSE(cs::uid_of_user("big", path_));
  EXPECT_FALSE(cs::uid_of_user("broken line without colons", path_));
}

TEST_F(users, MissingFileFindsNobody) {
  EXPECT_FALSE(cs::uid_of_user("root", "/nonexistent/passwd"));
}

TEST_F(users, FlagValueIsANumberOrAName) {
  EXPECT_EQ(cs::parse_user("-u", "0", path_), 0u);
  EXPECT_EQ(cs::parse_user("-u", "4294967294", path_), 4294967294u);
  EXPECT_EQ(cs::parse_user("-u", "007", path_), 7u);
  EXPECT_EQ(cs::parse_user("-u", "alice", path_), 1000u);
}

TEST_F(users, BadFlagValuesAreUsageErrors) {
  for (const char* bad : {"4294967295", "99999999999", "nosuchuser", "12abc", "", "-1"}) {
    SCOPED_TRACE(bad);
    try {
      cs::parse_user("-u", bad, path_);
      ADD_FAILURE() << "accepted";
    } catch (const cs::Fatal& f) {
      EXPECT_EQ(f.code, cs::kExitUsage);
      EXPECT_EQ(std::string(f.what()).find('\n'), std::string::npos);
    }
  }
}

}  // namespace
