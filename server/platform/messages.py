"""The platform's part of the message catalogue: tenants, accounts, tokens (see `server/messages.py`)."""

from server.messages import Msg

TENANT_NOT_FOUND = Msg("tenant_not_found", "租户 {key} 不存在或已停用", "tenant {key} not found or disabled")
MODULE_NOT_ENABLED = Msg(
    "module_not_enabled", "租户 {tenant} 未开通模块 {module}", "module {module} is not switched on for tenant {tenant}"
)
