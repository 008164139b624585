from piccolo.conf.apps import AppConfig

from server.modules.orgs.tables import Member, Org, OrgLink, Placement, Plan, PlanMove, PlanOrg, SocialWorker, Zone
from server.settings import PROJECT_ROOT

APP_CONFIG = AppConfig(
    app_name="orgs",
    migrations_folder_path=str(PROJECT_ROOT / "migrations" / "orgs"),
    table_classes=[Zone, Org, OrgLink, Member, Placement, Plan, PlanOrg, PlanMove, SocialWorker],
)
