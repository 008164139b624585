"""`saishang import members` and `saishang orgs export` as an officer runs them."""

from __future__ import annotations

from server.infra.tenancy import tenant_scope
from server.modules.orgs import service
from server.settings import Settings
from tests.cli_helpers import cli_env, saishang
from tests.modules.orgs.factories import make_org
from tests.modules.orgs.test_import import members_csv, to_csv


async def test_import_members_from_the_command_line(settings, tenant, tmp_path):
    async with tenant_scope(tenant.slug):
        union = await make_org("沙湖厂工会")
    # The same home as this process, hence the same ID-number key.
    env = cli_env(settings, Settings.from_env().home)
    headers, rows = members_csv(["沙湖厂工会"], 300)
    good = tmp_path / "members.csv"
    good.write_bytes(to_csv(headers, rows))
    good_id = rows[150][1]
    rows[150][1] = "123"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(to_csv(headers, rows))

    # A tenant that does not exist is one line (in the default language, zh-CN), not a traceback.
    for args in (("import", "members", str(good)), ("orgs", "tree")):
        unknown = saishang(*args, "--tenant", "nosuch", env=env)
        assert unknown.returncode == 1 and unknown.stderr.strip() == "error: 租户 nosuch 不存在或已停用", unknown.stderr

    refused = saishang("import", "members", str(bad), "--tenant", tenant.slug, env=env)
    assert refused.returncode == 1
    assert "152" in refused.stderr and "身份证号" in refused.stderr and "Traceback" not in refused.stderr
    # the problems in a table in the CLI's language (zh-CN by default, SAISHANG_LANG=en)
    assert all(w in refused.stderr for w in ("行", "列", "原因")) and "reason" not in refused.stderr, refused.stderr
    en = saishang("import", "members", str(bad), "--tenant", tenant.slug, env={**env, "SAISHANG_LANG": "en"})
    assert en.returncode == 1 and all(w in en.stderr for w in ("line", "column", "reason", "152")), en.stderr
    assert "原因" not in en.stderr and "校验" not in en.stderr, en.stderr
    async with tenant_scope(tenant.slug):
        assert await service.member_ids_in([union.id]) == []

    done = saishang("import", "members", str(good), "--tenant", tenant.slug, env=env)
    assert done.returncode == 0, done.stderr
    assert "新增 300" in done.stdout and "校验" in done.stderr  # the progress bar goes to stderr
    again = saishang("import", "members", str(good), "--tenant", tenant.slug, env=env)
    assert "未变 300" in again.stdout
    # A dry run names the members it would move, from which union to which; nothing moves.
    async with tenant_scope(tenant.slug):
        await make_org("大武口厂工会")
    rows[150][1] = good_id
    rows[7][2] = "大武口厂工会"
    moving = tmp_path / "moving.csv"
    moving.write_bytes(to_csv(headers, rows))
    tried = saishang("import", "members", str(moving), "--tenant", tenant.slug, "--dry-run", env=env)
    assert tried.returncode == 0, tried.stderr
    assert "将把 1 名已有会员转入其他工会" in tried.stdout and "原工会" in tried.stdout, tried.stdout
    assert rows[7][0] in tried.stdout and "沙湖厂工会" in tried.stdout and "大武口厂工会" in tried.stdout
    args = ("import", "members", str(moving), "--tenant", tenant.slug, "--dry-run")
    en = saishang(*args, env={**env, "SAISHANG_LANG": "en"})
    assert "would move 1 existing member(s)" in en.stdout and "would import 300 rows" in en.stdout, en.stdout
    assert all(w in en.stdout for w in ("member", "from", "to")) and "原工会" not in en.stdout, en.stdout
    async with tenant_scope(tenant.slug):
        assert len(await service.member_ids_in([union.id])) == 300

    exported = tmp_path / "out.xlsx"
    result = saishang("orgs", "export", "members", "--tenant", tenant.slug, "-o", str(exported), env=env)
    assert result.returncode == 0, result.stderr
    back = saishang("import", "members", str(exported), "--tenant", tenant.slug, env=env)
    assert "未变 300" in back.stdout, back.stderr
    # the tree says an org's type and head count in the CLI's language
    zh = saishang("orgs", "tree", "--tenant", tenant.slug, "--as-of", "2030-01-01", env=env)
    assert "沙湖厂工会" in zh.stdout and "截至 2030-01-01" in zh.stdout and " 人）" in zh.stdout, zh.stdout
    en = saishang("orgs", "tree", "--tenant", tenant.slug, env={**env, "SAISHANG_LANG": "en"})
    assert "沙湖厂工会" in en.stdout and "members)" in en.stdout and "人" not in en.stdout, en.stdout
    bad = saishang("orgs", "tree", "--tenant", tenant.slug, "--as-of", "soon", env={**env, "SAISHANG_LANG": "en"})
    assert bad.returncode == 1 and "--as-of: 'soon' is not a date" in bad.stderr, bad.stderr
