from server.modules.contract import Module

MODULE = Module(
    "voice", "三单：职工维权服务", "Workers' voice (three forms)", pioneer="qingtongxia",
    piccolo_app="server.modules.voice.piccolo_app",
)
