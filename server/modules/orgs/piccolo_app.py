from piccolo.conf.apps import AppConfig

from server.modules.orgs.tables import Member, Org, OrgLink, Placement, Plan, PlanMove, PlanOrg, SocialWorker, Zone
from server.settings import MIGRATIONS_DIR

APP_CONFIG = AppConfig(
    app_name="orgs",
    migrations_folder_path=str(MIGRATIONS_DIR / "orgs"),
    table_classes=[Zone, Org, OrgLink, Member, Placement, Plan, PlanOrg, PlanMove, SocialWorker],
)
