"""The PostgreSQL the session runs on is one the README supports (15 or newer), and, when
`SAISHANG_TEST_PG_BIN` names binaries (`.ci/run`: Debian's postgresql-15), it is those."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from server.infra.db import DB

OLDEST_SUPPORTED = 15


async def test_the_session_runs_on_a_supported_postgresql(database: None) -> None:
    major = int(await DB.pool.fetchval("SHOW server_version_num")) // 10000
    assert major >= OLDEST_SUPPORTED
    wanted = os.environ.get("SAISHANG_TEST_PG_BIN")
    if wanted and not os.environ.get("TEST_DATABASE_URL"):
        said = subprocess.run([str(Path(wanted) / "postgres"), "--version"], capture_output=True, text=True).stdout
        match = re.search(r"(\d+)\.\d+", said)
        assert match and int(match.group(1)) == major, (said, major)
