from server.modules.contract import Module

MODULE = Module(
    "welfare", "送温暖与救助", "Welfare & relief", shared=True, pioneer="shizuishan",
    piccolo_app="server.modules.welfare.piccolo_app",
)
