"""The orgs module's part of the message catalogue (see `server/messages.py`)."""

from server.messages import Msg

OUTSIDE_SUBTREE = Msg("outside_subtree", "组织 #{org} 不在你的管辖范围内", "org #{org} is outside your org's subtree")
TOKEN_NAMES_NO_ORG = Msg("org_officer_without_org", "此组织干部令牌未指定组织", "this org officer token names no org")
ORG_NOT_FOUND = Msg("org_not_found", "组织 #{key} 不存在", "org #{key} not found")
MEMBER_NOT_FOUND = Msg("member_not_found", "会员 #{key} 不存在", "member #{key} not found")
TENANT_HAS_NO_ORG = Msg("token.no_such_org", "组织 #{org} 不存在于 {tenant}", "tenant {tenant} has no org #{org}")
TENANT_HAS_NO_MEMBER = Msg(
    "token.no_such_member", "会员 #{member} 不存在于 {tenant}", "tenant {tenant} has no member #{member}"
)
