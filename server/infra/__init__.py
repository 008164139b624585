"""Infrastructure: embedded servers, the database engine, tenant scope, migrations."""
