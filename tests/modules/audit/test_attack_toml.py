"""A standard's TOML file with a NUL (the escape \\u0000 is valid TOML): it reached PostgreSQL and
answered a 422 naming nothing; it now names the indicator's line and field, nothing saved."""

from __future__ import annotations

from pathlib import Path

from server.infra.tenancy import conn, tenant_scope
from tests.conftest import bearer

EDU = Path(__file__).parents[3] / "server" / "tenants" / "wuzhong" / "audit" / "wz-edu.toml"


async def test_a_nul_in_a_standards_file_names_its_line_and_field(client, tenant, make_token):
    headers = {**bearer(await make_token("tenant_admin", tenant.slug)), "content-type": "text/plain"}
    text = EDU.read_text(encoding="utf-8")
    line = next(n for n, s in enumerate(text.splitlines(), start=1) if s.strip() == "[[indicators]]")
    for old, new, expected in (
        ('name = "职工思想教育与宣传"', 'name = "职工\\u0000思想"', [(line, "indicators.name")]),
        ('title = "《', 'title = "\\u0000《', [(None, "title")]),
    ):
        r = await client.post(
            f"/api/v1/t/{tenant.slug}/audit-standards/import",
            content=text.replace(old, new, 1).encode(),
            headers=headers,
        )
        assert r.status_code == 422, r.text
        assert [(e.get("row"), e["field"]) for e in r.json()["errors"]] == expected, r.text
    async with tenant_scope(tenant.slug):
        assert await conn().fetchval("SELECT count(*) FROM audit_standard") == 0
