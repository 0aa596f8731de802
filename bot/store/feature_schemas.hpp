// Every schema part the migration list orders (bot/store/migrations.cpp). Each is
// defined in its owner's folder; they are plain data, built into hocvuso_schema so
// the store does not link any feature's code.
#pragma once

#include <vector>

#include "bot/store/migrations.hpp"

namespace hocvuso {
const std::vector<MigrationPart>& store_sqlite_schema();  // bot/store/store_schema_sqlite.cpp
const std::vector<MigrationPart>& store_pg_schema();      // bot/store/store_schema_pg.cpp
}
namespace hocvuso::learn {
const std::vector<MigrationPart>& sqlite_schema();
}
namespace hocvuso::faq {
const std::vector<MigrationPart>& sqlite_schema();
}
namespace hocvuso::roles {
const std::vector<MigrationPart>& sqlite_schema();
}
namespace hocvuso::groups {
const std::vector<MigrationPart>& sqlite_schema();
}
namespace hocvuso::reports {
const std::vector<MigrationPart>& sqlite_schema();
}
namespace hocvuso::broadcast {
const std::vector<MigrationPart>& sqlite_schema();
}
namespace hocvuso::tickets {
const std::vector<MigrationPart>& sqlite_schema();
}
namespace hocvuso::dashboard {
const std::vector<MigrationPart>& sqlite_schema();
}
// The same owners in PostgreSQL's dialect (flows/<feature>/*_schema_pg.cpp), for
// pg_migrations.cpp; a feature appears here when its PostgreSQL store exists.
namespace hocvuso::roles {
const std::vector<MigrationPart>& pg_schema();
}
namespace hocvuso::groups {
const std::vector<MigrationPart>& pg_schema();
}
namespace hocvuso::faq {
const std::vector<MigrationPart>& pg_schema();
}
namespace hocvuso {
const std::vector<MigrationPart>& place_set_aside_pg_schema();  // bot/store/place_set_aside_schema_pg.cpp
}
namespace hocvuso::tickets {
const std::vector<MigrationPart>& pg_schema();
}
namespace hocvuso::learn {
const std::vector<MigrationPart>& pg_schema();
}
namespace hocvuso::reports {
const std::vector<MigrationPart>& pg_schema();
}
namespace hocvuso::dashboard {
const std::vector<MigrationPart>& pg_schema();
}
namespace hocvuso::broadcast {
const std::vector<MigrationPart>& pg_schema();
}
