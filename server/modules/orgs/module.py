from server.modules.contract import Module

MODULE = Module(
    "orgs", "组织与会员", "Organisations & members", shared=True, pioneer="shizuishan",
    piccolo_app="server.modules.orgs.piccolo_app",
)
