"""Create a tenant: slug, names, parent, locale and the modules switched on (the kit's
FormModal: the API's field errors under the fields)."""

from __future__ import annotations

from typing import Any

from tui import labels as ui
from tui.client import ModuleState, Tenant
from tui.i18n import L
from tui.kit.form import Field, FormModal

# Until the API lists the catalogue for a tenant not yet created, offer the known modules.
CATALOG: list[tuple[str, str, str, bool]] = [
    ("orgs", "组织与会员", "Organisations & members", True),
    ("pairing", "名师带高徒", "Master-apprentice pairing", True),
    ("welfare", "送温暖与救助", "Welfare & relief", True),
    ("skills", "五位一体技能提升", "Five-in-one skills pipeline", False),
    ("audit", "经费绩效审计", "Union-fund performance audit", False),
    ("rotation", "基层工会主席轮值", "Rotating grassroots chair", False),
    ("voice", "三单：职工维权服务", "Workers' voice (three forms)", False),
    ("reps", "四制：职工代表", "Worker representatives (four systems)", False),
]
REGION = "region"


class CreateTenantModal(FormModal[Tenant]):
    """Dismisses with the created Tenant, or None when cancelled."""

    HEADING = ui.CREATE_TITLE
    SUBMIT = ui.CREATE_SUBMIT

    def __init__(self, parents: list[str], catalog: list[ModuleState] | None = None) -> None:
        self.parents = parents
        self.catalog = [(m.name, m.title_zh, m.title_en, m.shared) for m in catalog] if catalog else CATALOG
        shared = [name for name, _, _, on in self.catalog if on]
        super().__init__({"parent": REGION, "locale": "zh-CN", "modules": shared})

    def fields(self) -> list[Field]:
        return [
            Field("slug", ui.CREATE_SLUG, hint=ui.CREATE_SLUG_HINT, required=True),
            Field("name_zh", ui.CREATE_NAME_ZH, hint=ui.CREATE_NAME_ZH_HINT, required=True),
            Field("name_en", ui.CREATE_NAME_EN, hint=ui.CREATE_NAME_EN_HINT, required=True),
            Field(
                "parent",
                ui.CREATE_PARENT,
                "choice",
                choices=[(ui.APP_REGION, REGION)] + [(slug, slug) for slug in self.parents],
                blank=False,
            ),
            Field(
                "locale",
                ui.CREATE_LOCALE,
                "choice",
                choices=[("简体中文 zh-CN", "zh-CN"), ("English en", "en")],
                blank=False,
            ),
            Field(
                "modules",
                ui.CREATE_MODULES,
                "many",
                choices=[(L(f"{zh}  ({name})", f"{en}  ({name})"), name) for name, zh, en, _ in self.catalog],
            ),
        ]

    async def submit(self, body: dict[str, Any]) -> Tenant:
        return await self.app.client.create_tenant(**body)
