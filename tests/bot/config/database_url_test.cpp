// database_url (HOCVUSO_DATABASE_URL): a PostgreSQL URL checked by libpq's parser,
// refused with a message that never repeats it (it may hold a password).
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "bot/config/config.hpp"

namespace hocvuso {
namespace {

EnvLookup env_with_url(const std::string& url) {
  return [url](const std::string& name) -> std::optional<std::string> {
    if (name == "HOCVUSO_DATABASE_URL") return url;
    return std::nullopt;
  };
}

TEST(DatabaseUrl, EmptyByDefaultSoSqliteIsTheDefault) {
  const Config c = load_config("", env_with_url(""));
  EXPECT_TRUE(c.database_url.empty());
  EXPECT_EQ(c.db, std::filesystem::path("data/hocvuso.db"));
}

TEST(DatabaseUrl, APostgresqlUrlIsKept) {
  for (const std::string url :
       {"postgresql://hocvuso:mat%20khau@db.tinh.local:5432/hocvuso", "postgresql:///hocvuso?host=/run/postgresql",
        "postgres://10.0.0.5/hocvuso?sslmode=require&connect_timeout=5"}) {
    EXPECT_EQ(load_config("", env_with_url(url)).database_url, url);
  }
}

TEST(DatabaseUrl, AMalformedUrlIsRefusedWithoutRepeatingIt) {
  for (const std::string url : {"mysql://hocvuso:s3cret@host/db", "data/hocvuso.db",
                                "postgresql://hocvuso:s3cret@host:notaport/db",
                                "postgresql://hocvuso:s3cret@host/db?no_such_option=1"}) {
    try {
      load_config("", env_with_url(url));
      ADD_FAILURE() << "accepted " << url;
    } catch (const ConfigError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("HOCVUSO_DATABASE_URL"), std::string::npos) << message;
      EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
    }
  }
}

TEST(DatabaseUrl, IsListedAsASecretKeyWithItsEnvironmentName) {
  bool found = false;
  for (const auto& k : config_keys()) {
    if (k.key != "database_url") continue;
    found = true;
    EXPECT_EQ(k.env, "HOCVUSO_DATABASE_URL");
    EXPECT_TRUE(k.secret);
    EXPECT_NE(k.description.find("postgresql://"), std::string::npos);
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace hocvuso
